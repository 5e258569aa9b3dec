const WHERE_OPERATIONS = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'delete',
  'deleteMany',
  'upsert',
]);

type Args = Record<string, unknown>;

function withTenant(data: unknown, tenantId: string): unknown {
  return Array.isArray(data) ? data.map((row) => ({ ...(row as Args), tenantId })) : { ...(data as Args), tenantId };
}

function withoutTenant(data: unknown): unknown {
  if (!data || typeof data !== 'object') return data;
  const { tenantId: _ignored, ...rest } = data as Args;
  return rest;
}

/** The arguments of one query with the tenant added to its filter and to what it writes. */
export function scopeArgs(operation: string, args: Args | undefined, tenantId: string): Args {
  const scoped: Args = { ...(args ?? {}) };
  if (WHERE_OPERATIONS.has(operation)) scoped.where = { ...((scoped.where as Args) ?? {}), tenantId };
  switch (operation) {
    case 'create':
    case 'createMany':
    case 'createManyAndReturn':
      scoped.data = withTenant(scoped.data, tenantId);
      break;
    case 'update':
    case 'updateMany':
    case 'updateManyAndReturn':
      scoped.data = withoutTenant(scoped.data);
      break;
    case 'upsert':
      scoped.create = withTenant(scoped.create, tenantId);
      scoped.update = withoutTenant(scoped.update);
      break;
  }
  return scoped;
}

interface Extendable {
  $extends(extension: unknown): unknown;
}

/**
 * `client` with every query of a tenant-owned model (`tenantModels`) carrying `tenantId`, in
 * interactive transactions too: reads and writes cannot reach another tenant's rows, and a
 * foreign id simply finds nothing (404).
 */
export function tenantScoped<C extends object>(client: C, tenantId: string, tenantModels: ReadonlySet<string>): C {
  return (client as unknown as Extendable).$extends({
    name: 'tenant-scope',
    query: {
      $allModels: {
        $allOperations({
          model,
          operation,
          args,
          query,
        }: {
          model: string;
          operation: string;
          args: Args;
          query: (args: Args) => Promise<unknown>;
        }) {
          if (!tenantModels.has(model)) return query(args);
          return query(scopeArgs(operation, args, tenantId));
        },
      },
    },
  }) as C;
}
