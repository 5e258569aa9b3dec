import { PrismaPg } from '@prisma/adapter-pg';
import { Pool, PoolConfig } from 'pg';
import { ModelInfo, modelInfo, tenantModels } from './datamodel';
import { tenantScoped } from './tenant-scope';

export const DB_OPTIONS = Symbol('DB_OPTIONS');

export interface DbOptions {
  /** The service's own connection: its database role, which has rights on its schema only. */
  url: string;
  /** The service's PostgreSQL schema (`phone_system`): its tables, unqualified in queries. */
  schema: string;
  /** Largest number of connections this process opens. */
  poolMax: number;
  /** How long `GET /health` waits for the database before answering 503 (2 s by default). */
  readinessTimeoutMs?: number;
}

/**
 * The connection settings of a service's pool: its role, its schema as the search path, its size.
 * `plan_cache_mode=force_custom_plan` concerns only named prepared statements (Prisma's are
 * unnamed, planned with their values anyway): `TenantReader`'s are planned for each execution's
 * values too, as one tenant of 1M contacts and tenants of 10k share their shapes.
 */
export function poolConfig(options: DbOptions): PoolConfig {
  return {
    connectionString: options.url,
    max: options.poolMax,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    options: `-c search_path=${options.schema} -c plan_cache_mode=force_custom_plan`,
  };
}

/** The pool `prismaAdapter` made for a service's options, until its `ServiceDatabase` takes it. */
const POOLS = new WeakMap<DbOptions, Pool>();

/**
 * The driver adapter of a service's Prisma client: node-postgres (no engine binary at run time),
 * with the service's schema as the search path so that raw SQL and Prisma name the same tables.
 * The adapter runs on a `pg.Pool` of ours, which the `ServiceDatabase` made with the same
 * options shares with its raw read path (`TenantReader`): one pool, one size limit per process.
 */
export function prismaAdapter(options: DbOptions): PrismaPg {
  const pool = new Pool(poolConfig(options));
  // A connection that dies while idle (the server restarts) is reported here and dropped by the
  // pool; without a listener the event would end the process. Queries see their own errors.
  pool.on('error', () => undefined);
  POOLS.set(options, pool);
  return new PrismaPg(pool, { schema: options.schema });
}

/**
 * Limits of an interactive transaction: how long it waits for a connection and how long it may
 * run before Prisma rolls it back. Prisma's defaults (2 s and 5 s) turn a busy moment (a slow
 * `fsync`, a loaded machine) into failed writes; these are a safety net against a transaction
 * left open, not a latency goal.
 */
export const TRANSACTION_LIMITS = { maxWait: 10_000, timeout: 30_000 } as const;

/** The options of a service's Prisma client: its driver adapter and the transaction limits. */
export function prismaClientOptions(options: DbOptions): {
  adapter: PrismaPg;
  transactionOptions: { maxWait: number; timeout: number };
} {
  return { adapter: prismaAdapter(options), transactionOptions: { ...TRANSACTION_LIMITS } };
}

/** The part of a generated Prisma client this class uses. */
interface ClientCore {
  $transaction<R>(work: (tx: never) => Promise<R>, options?: TransactionOptions): Promise<R>;
  $queryRawUnsafe<T = unknown>(sql: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number>;
  $disconnect(): Promise<void>;
}

export interface TransactionOptions {
  maxWait?: number;
  timeout?: number;
  isolationLevel?: 'ReadUncommitted' | 'ReadCommitted' | 'RepeatableRead' | 'Serializable';
}

/** What an interactive transaction of client `C` hands its callback. */
export type TransactionClient<C> = Omit<C, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends' | '$use'>;

type RawQueryable = Pick<ClientCore, '$queryRawUnsafe' | '$executeRawUnsafe'>;

/**
 * Row locks inside a tenant's transaction, by model name and id: `SELECT … FOR UPDATE` (or
 * `FOR SHARE`) on the model's table, limited to the transaction's tenant. Resolves to false when
 * the tenant has no such row.
 */
export class RowLocks {
  constructor(
    private readonly tx: RawQueryable,
    private readonly tenantId: string,
    private readonly models: readonly ModelInfo[],
    private readonly tenantModels: ReadonlySet<string>,
  ) {}

  forUpdate(model: string, id: string): Promise<boolean> {
    return this.lock(model, id, 'UPDATE');
  }

  forShare(model: string, id: string): Promise<boolean> {
    return this.lock(model, id, 'SHARE');
  }

  /**
   * Serialises the transactions of this tenant that name the same `key` (e.g. a phone number
   * being added), until this transaction ends: a lock on something that is not a row yet.
   * Several keys are locked in one statement, in the order given (callers sort them, so that two
   * transactions never wait for each other's keys in opposite orders).
   */
  async advisory(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const scoped = keys.map((key) => `${this.tenantId}:${key}`);
    if (scoped.length === 1) {
      await this.tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', scoped[0]);
      return;
    }
    // PostgreSQL evaluates a volatile function of the select list after ORDER BY: the locks are taken in order.
    await this.tx.$executeRawUnsafe(
      'SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) WITH ORDINALITY AS t(k, n) ORDER BY n',
      scoped,
    );
  }

  private async lock(model: string, id: string, mode: 'UPDATE' | 'SHARE'): Promise<boolean> {
    const info = modelInfo(this.models, model);
    if (!this.tenantModels.has(model)) throw new Error(`${model} has no tenantId: lock it through a system path`);
    const id_ = info.fields.find((field) => field.isId);
    const tenant = info.fields.find((field) => field.name === 'tenantId');
    if (!id_ || !tenant) throw new Error(`${model} has no single-column id`);
    const param = (n: number, nativeType?: string) => (nativeType === 'Uuid' ? `$${n}::uuid` : `$${n}`);
    // Names come from the schema, never from a request; values are parameters.
    const rows = await this.tx.$queryRawUnsafe<unknown[]>(
      `SELECT 1 FROM "${info.dbName}" WHERE "${id_.dbName}" = ${param(1, id_.nativeType)} ` +
        `AND "${tenant.dbName}" = ${param(2, tenant.nativeType)} FOR ${mode}`,
      id,
      this.tenantId,
    );
    return rows.length > 0;
  }
}

/**
 * A service's one database client. Tenant data is reached through `forTenant` and
 * `transaction`, which add the tenant to every query of a tenant-owned model (and to row locks).
 * `unscoped` is for the few system paths that work across tenants (login by email, the event
 * relay, global uniqueness checks); the lint rule `no-restricted-properties` names where it may
 * be used.
 */
export class ServiceDatabase<C extends object> {
  readonly unscoped: C;
  readonly schema: string;
  /**
   * The pool under the client when `prismaAdapter` made it from the same options (always in the
   * services): for libs/db's raw paths (`tenantReader`), never for a service's own queries.
   */
  readonly pool: Pool | undefined;
  private readonly tenantModels: ReadonlySet<string>;
  private readonly scoped = new Map<string, C>();

  constructor(
    client: C,
    readonly models: readonly ModelInfo[],
    options: Pick<DbOptions, 'schema'>,
  ) {
    this.unscoped = client;
    this.schema = options.schema;
    this.tenantModels = tenantModels(models);
    this.pool = POOLS.get(options as DbOptions);
    POOLS.delete(options as DbOptions);
  }

  /** A client whose every query on a tenant-owned model is limited to `tenantId`. */
  forTenant(tenantId: string): C {
    let scoped = this.scoped.get(tenantId);
    if (!scoped) {
      if (this.scoped.size >= 1_000) this.scoped.delete(this.scoped.keys().next().value as string);
      scoped = tenantScoped(this.unscoped, tenantId, this.tenantModels);
      this.scoped.set(tenantId, scoped);
    }
    return scoped;
  }

  /** An interactive transaction on `tenantId`'s data, with row locks limited to that tenant. */
  transaction<T>(
    tenantId: string,
    work: (tx: TransactionClient<C>, locks: RowLocks) => Promise<T>,
    options?: TransactionOptions,
  ): Promise<T> {
    const client = this.forTenant(tenantId) as unknown as ClientCore;
    return client.$transaction(
      ((tx: TransactionClient<C> & RawQueryable) =>
        work(tx, new RowLocks(tx, tenantId, this.models, this.tenantModels))) as never,
      options,
    );
  }

  /** True when the database answers a trivial query within `timeoutMs`. */
  async isReachable(timeoutMs = 2_000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const probe = (this.unscoped as unknown as ClientCore).$queryRawUnsafe('SELECT 1').then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async disconnect(): Promise<void> {
    await (this.unscoped as unknown as ClientCore).$disconnect();
    // The adapter leaves a pool it was given open: it is ours to end.
    if (this.pool && !this.pool.ending) await this.pool.end();
  }
}
