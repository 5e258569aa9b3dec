import { Prisma, PrismaClient } from './generated/prisma/client';

/** Models with a `tenantId` column, read from the generated client so that a new model is covered. */
const TENANT_MODELS: ReadonlySet<string> = new Set(
  Object.values(Prisma.ModelName).filter((model) => {
    const fields = (Prisma as unknown as Record<string, Record<string, string> | undefined>)[`${model}ScalarFieldEnum`];
    return fields?.tenantId === 'tenantId';
  }),
);

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

export function isTenantModel(model: string): boolean {
  return TENANT_MODELS.has(model);
}

/**
 * A client on which every query of a tenant-owned model carries `tenantId`: reads and writes
 * cannot reach another tenant's rows, and a foreign id simply finds nothing (404).
 */
export function tenantScoped(client: PrismaClient, tenantId: string) {
  return client.$extends({
    name: 'tenant-scope',
    query: {
      $allModels: {
        $allOperations({ model, operation, args, query }) {
          if (!TENANT_MODELS.has(model)) return query(args);
          return query(scopeArgs(operation, args as Args, tenantId) as typeof args);
        },
      },
    },
  });
}

export type TenantClient = ReturnType<typeof tenantScoped>;
