import { FieldInfo, ModelInfo, modelInfo, tenantModels } from './datamodel';
import { CheckedOutClient, withConnection } from './pg-connection';
import { CAST, TextCheck, mergeText, unavailableOrSame } from './raw-sql';
import { TRANSACTION_LIMITS } from './service-database';
import type { ServiceDatabase } from './service-database';
import type { RawSqlStatement } from './tenant-reader';

/**
 * Where the raw write path's statements run: text with `$n` placeholders and its values, on one
 * connection at a time. `transaction` runs `work` on one connection between `BEGIN` and `COMMIT`
 * (`ROLLBACK` when it throws). The raw read path's executor is the same shape.
 */
export interface SqlExecutor {
  query<T>(text: string, values: readonly unknown[]): Promise<T[]>;
}

export interface TransactionalSqlExecutor extends SqlExecutor {
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

/** A column's new value: a parameter, never SQL text. Dates are written as ISO 8601 text. */
export type WriteValue = string | number | boolean | Date | null;

/** Rows of one model to insert, by field name (the schema's, e.g. `phoneNumber`). */
export interface InsertRows {
  readonly model: string;
  readonly rows: readonly Readonly<Record<string, WriteValue>>[];
}

/** An insert of one row of `model` with rows of other models that belong to it, in one statement. */
export interface InsertTree {
  readonly model: string;
  readonly values: Readonly<Record<string, WriteValue>>;
  /** Rows of other models whose `parentKey` field is set to the new row's id by the writer. */
  readonly children?: readonly (InsertRows & { readonly parentKey: string })[];
}

export interface UpdateStatement {
  readonly model: string;
  /** The updated table's alias in `where` and `returning` (`t0`). */
  readonly alias: string;
  readonly set: Readonly<Record<string, WriteValue>>;
  /** Conditions on the row besides its tenant (added by the writer). */
  readonly where: RawSqlStatement;
  readonly returning: RawSqlStatement;
}

/** The statements of one tenant, outside a transaction (each is atomic on its own). */
export interface TenantWrites {
  /** Rows as `read` of the tenant reader gives them (table pieces are the tenant's rows only). */
  read<T>(statement: RawSqlStatement): Promise<T[]>;
  /** `UPDATE … SET … WHERE <tenant> AND (where) RETURNING returning`: the rows updated. */
  update<T>(statement: UpdateStatement): Promise<T[]>;
  /**
   * The row of `tree.model` and its children inserted in one statement, and `returning` selected
   * from the new row (alias `alias`). In `returning`, a table piece of a model this statement
   * inserts names the rows it inserted (PostgreSQL shows a statement's own inserts only so).
   */
  insert<T>(tree: InsertTree, returning: { readonly alias: string; readonly select: RawSqlStatement }): Promise<T[]>;
}

/** The same inside a transaction, with locks that last until it ends. */
export interface TenantWriteTransaction extends TenantWrites {
  /**
   * Serialises this tenant's transactions that name the same key (e.g. a phone number being
   * added) until this one ends: `RowLocks.advisory`'s keys and statement, so both paths take turns.
   * Several keys are locked in the order given (sort them).
   */
  advisoryLock(...keys: string[]): Promise<void>;
}

interface Table {
  readonly dbName: string;
  readonly tenantColumn: string;
  readonly fields: ReadonlyMap<string, FieldInfo>;
  /** `(SELECT * FROM "table" WHERE "tenant_id" = $1::uuid)`: the tenant reader's table piece. */
  readonly scoped: string;
}

const ALIAS = /^[a-z][a-z0-9_]*$/;

/**
 * The raw write path's one door to the database, in the spirit of the tenant reader: the
 * tenant's predicate and the tenant's values are the writer's to add, never the caller's.
 * `update` adds `"tenant_id" = $1` to the WHERE of the updated table; `insert` writes
 * `"tenant_id"` of every row itself (a `tenantId` field given is refused) and links children to the
 * row inserted with them, never to an id the caller names. Tables and columns come from the
 * schema (the model's and fields' names); values are parameters; the caller's conditions and
 * RETURNING are built of the tenant reader's pieces, checked as it checks them (table pieces only,
 * one statement) and also refused when they write or leave their parentheses.
 */
export class TenantWriter {
  private readonly tables = new Map<string, Table>();

  constructor(
    private readonly executor: TransactionalSqlExecutor,
    models: readonly ModelInfo[],
  ) {
    for (const model of tenantModels(models)) {
      const info = modelInfo(models, model);
      const tenant = info.fields.find((field) => field.name === 'tenantId');
      if (!tenant) continue;
      this.tables.set(model, {
        dbName: info.dbName,
        tenantColumn: tenant.dbName,
        fields: new Map(info.fields.map((field) => [field.name, field])),
        scoped: `(SELECT * FROM "${info.dbName}" WHERE "${tenant.dbName}" = $1::uuid)`,
      });
    }
  }

  /** `tenantId`'s statements, each on its own (autocommit). */
  forTenant(tenantId: string): TenantWrites {
    return this.writes(tenantId, this.executor);
  }

  /** `work` in one transaction of `tenantId`: committed when it resolves, rolled back when it throws. */
  transaction<T>(tenantId: string, work: (tx: TenantWriteTransaction) => Promise<T>): Promise<T> {
    return this.executor.transaction((connection) => {
      const writes = this.writes(tenantId, connection);
      return work({
        ...writes,
        advisoryLock: async (...keys: string[]) => {
          if (keys.length === 0) return;
          // As text: a driver may not read a column of type void.
          await connection.query(
            'SELECT pg_advisory_xact_lock(hashtextextended(k, 0))::text FROM unnest($1::text[]) WITH ORDINALITY AS t(k, n) ORDER BY n',
            [keys.map((key) => `${tenantId}:${key}`)],
          );
        },
      });
    });
  }

  /** The text and values of an update (`$1` is the tenant); throws for what it refuses. */
  renderUpdate(statement: UpdateStatement): { text: string; values: unknown[] } {
    const table = this.table(statement.model);
    const alias = checkAlias(statement.alias);
    const values: unknown[] = [];
    const sets = Object.entries(statement.set).map(
      ([field, value]) => `"${this.column(statement.model, table, field)}" = ${this.param(values, value)}`,
    );
    if (sets.length === 0) throw new Error('TenantWriter: an update sets at least one field');
    const where = this.render(statement.where, values, new Map());
    const returning = this.render(statement.returning, values, new Map());
    return {
      text:
        `UPDATE "${table.dbName}" AS ${alias} SET ${sets.join(', ')} ` +
        `WHERE ${alias}."${table.tenantColumn}" = $1::uuid AND (${where}) RETURNING ${returning}`,
      values,
    };
  }

  /** The text and values of an insert (`$1` is the tenant); throws for what it refuses. */
  renderInsert(
    tree: InsertTree,
    returning: { readonly alias: string; readonly select: RawSqlStatement },
  ): { text: string; values: unknown[] } {
    const values: unknown[] = [];
    const inserted = new Map<string, string>();
    const root = this.table(tree.model);
    const rootId = [...root.fields.values()].find((field) => field.isId);
    if (!rootId) throw new Error(`TenantWriter: ${tree.model} has no single-column id`);
    const ctes = [`"w0" AS (${this.insertRows(tree.model, root, [tree.values], values)} RETURNING *)`];
    inserted.set(tree.model, '"w0"');
    for (const child of tree.children ?? []) {
      if (inserted.has(child.model)) throw new Error(`TenantWriter: ${child.model} is inserted twice`);
      if (child.rows.length === 0) continue;
      const table = this.table(child.model);
      const parent = `(SELECT "${rootId.dbName}" FROM "w0")`;
      const name = `"w${ctes.length}"`;
      ctes.push(
        `${name} AS (${this.insertRows(child.model, table, child.rows, values, child.parentKey, parent)} RETURNING *)`,
      );
      inserted.set(child.model, name);
    }
    const alias = checkAlias(returning.alias);
    const select = this.render(returning.select, values, inserted);
    return { text: `WITH ${ctes.join(', ')} SELECT ${select} FROM "w0" AS ${alias}`, values };
  }

  private writes(tenantId: string, executor: SqlExecutor): TenantWrites {
    const run = <T>({ text, values }: { text: string; values: unknown[] }) =>
      executor.query<T>(text, [tenantId, ...values]);
    return {
      read: <T>(statement: RawSqlStatement) => {
        const values: unknown[] = [];
        return run<T>({ text: this.render(statement, values, new Map()), values });
      },
      update: <T>(statement: UpdateStatement) => run<T>(this.renderUpdate(statement)),
      insert: <T>(tree: InsertTree, returning: { alias: string; select: RawSqlStatement }) =>
        run<T>(this.renderInsert(tree, returning)),
    };
  }

  /** `INSERT INTO "table" ("tenant_id", [parent key,] fields…) VALUES (…), …`; every row names the same fields. */
  private insertRows(
    model: string,
    table: Table,
    rows: readonly Readonly<Record<string, WriteValue>>[],
    values: unknown[],
    parentKey?: string,
    parent?: string,
  ): string {
    const fields = Object.keys(rows[0] ?? {});
    if (parentKey !== undefined && fields.includes(parentKey))
      throw new Error(`TenantWriter: ${model}.${parentKey} is set by the writer (the new parent's id)`);
    const columns = [`"${table.tenantColumn}"`];
    if (parentKey !== undefined) columns.push(`"${this.column(model, table, parentKey)}"`);
    for (const field of fields) columns.push(`"${this.column(model, table, field)}"`);
    const tuples = rows.map((row) => {
      const keys = Object.keys(row);
      if (keys.length !== fields.length || keys.some((key) => !fields.includes(key)))
        throw new Error(`TenantWriter: every row of ${model} names the same fields`);
      const cells = ['$1::uuid'];
      if (parent !== undefined) cells.push(parent);
      for (const field of fields) cells.push(this.param(values, row[field]));
      return `(${cells.join(', ')})`;
    });
    return `INSERT INTO "${table.dbName}" (${columns.join(', ')}) VALUES ${tuples.join(', ')}`;
  }

  private table(model: string): Table {
    const table = this.tables.get(model);
    if (!table) throw new Error(`TenantWriter: ${model} is not a tenant-owned model of this service`);
    return table;
  }

  /** A field's column: scalars and enums of the model only, never the tenant (the writer's). */
  private column(model: string, table: Table, field: string): string {
    const info = table.fields.get(field);
    if (!info || (info.kind !== 'scalar' && info.kind !== 'enum'))
      throw new Error(`TenantWriter: ${model} has no column field ${field}`);
    if (info.dbName === table.tenantColumn) throw new Error(`TenantWriter: ${model}.${field} is the writer's to set`);
    return info.dbName;
  }

  /** A value as the next parameter (PostgreSQL types it by the column it is written to). */
  private param(values: unknown[], value: WriteValue | undefined): string {
    if (value === undefined) throw new Error('TenantWriter: a value is undefined (leave the field out instead)');
    values.push(value instanceof Date ? value.toISOString() : value);
    return `$${values.length + 1}`;
  }

  /**
   * Text, parameters and table pieces as the tenant reader renders them, numbered after `values`;
   * a table piece of a model in `inserted` names the rows this statement inserted. Checked as the
   * reader checks a statement (`TextCheck`), and no WITH: a condition keeps its parentheses
   * balanced (it cannot close the writer's and add an `OR`).
   */
  private render(statement: RawSqlStatement, values: unknown[], inserted: ReadonlyMap<string, string>): string {
    let text = '';
    const check = new TextCheck('TenantWriter', ['with']);
    for (const part of mergeText(statement.parts)) {
      if (typeof part === 'string') {
        check.text(part);
        text += part;
      } else if ('table' in part) {
        check.table();
        text += inserted.get(part.table) ?? this.table(part.table).scoped;
      } else {
        check.param();
        if (part.cast !== undefined && !CAST.test(part.cast)) throw new Error(`TenantWriter: bad cast '${part.cast}'`);
        values.push(part.value);
        text += `$${values.length + 1}${part.cast ? `::${part.cast}` : ''}`;
      }
    }
    check.end();
    return text;
  }
}

function checkAlias(alias: string): string {
  if (!ALIAS.test(alias)) throw new Error(`TenantWriter: bad alias '${alias}'`);
  return alias;
}

/** The part of a Prisma client the executor below uses. */
interface PrismaRawClient {
  $queryRawUnsafe<T = unknown>(sql: string, ...values: unknown[]): Promise<T>;
  $transaction<R>(work: (tx: never) => Promise<R>, options?: { maxWait?: number; timeout?: number }): Promise<R>;
}

/**
 * An executor on a service's Prisma client (its driver adapter's pool): raw statements through
 * `$queryRawUnsafe`, transactions through an interactive `$transaction`. A `pg.Pool` (or a pool
 * client) fits `SqlExecutor` as well.
 */
export function prismaSqlExecutor(client: PrismaRawClient): TransactionalSqlExecutor {
  const on = (raw: Pick<PrismaRawClient, '$queryRawUnsafe'>): SqlExecutor => ({
    query: <T>(text: string, values: readonly unknown[]) => raw.$queryRawUnsafe<T[]>(text, ...values),
  });
  return {
    ...on(client),
    transaction: <T>(work: (tx: SqlExecutor) => Promise<T>) =>
      client.$transaction(
        ((tx: Pick<PrismaRawClient, '$queryRawUnsafe'>) => work(on(tx))) as never,
        TRANSACTION_LIMITS,
      ),
  };
}

/** The part of a `pg.Pool` the executor below uses. */
export interface PgPool {
  query<R>(config: { text: string; values: unknown[] }): Promise<{ rows: R[] }>;
  connect(): Promise<PgPoolClient>;
}

interface PgPoolClient extends CheckedOutClient {
  query<R>(config: { text: string; values?: unknown[] }): Promise<{ rows: R[] }>;
}

/**
 * An executor on a `pg.Pool` (the one under the service's Prisma client): `pool.query`, and a
 * transaction as `BEGIN` … `COMMIT` on one pooled connection (`ROLLBACK` when `work` throws; a
 * connection whose `ROLLBACK` fails is closed, not reused), through `withConnection`, which also
 * hears the connection's `error` events while it is out.
 */
export function pgSqlExecutor(pool: PgPool): TransactionalSqlExecutor {
  const on = (client: Pick<PgPool, 'query'>): SqlExecutor => ({
    query: async <T>(text: string, values: readonly unknown[]) =>
      (await client.query<T>({ text, values: [...values] })).rows,
  });
  return {
    query: <T>(text: string, values: readonly unknown[]) => on(pool).query<T>(text, values).catch(rethrowUnavailable),
    transaction: (work) => {
      const connectable = { connect: () => pool.connect().catch(rethrowUnavailable) };
      return withConnection(connectable, async (client, discard) => {
        await client.query({ text: 'BEGIN' });
        try {
          const result = await work(on(client));
          await client.query({ text: 'COMMIT' });
          return result;
        } catch (error) {
          await client.query({ text: 'ROLLBACK' }).catch(discard);
          throw error;
        }
      });
    },
  };
}

/** Throws `unavailableOrSame(error)`. */
function rethrowUnavailable(error: unknown): never {
  throw unavailableOrSame(error);
}

const WRITERS = new WeakMap<object, TenantWriter>();

/**
 * The tenant writer of a service's database (one per database): on the pool under its Prisma
 * client when the database shares it (`pool`), else on the client's raw queries and transactions.
 */
export function tenantWriter(database: ServiceDatabase<object>): TenantWriter {
  let writer = WRITERS.get(database);
  if (!writer) {
    const { pool } = database;
    const executor = pool ? pgSqlExecutor(pool) : prismaSqlExecutor(database.unscoped as unknown as PrismaRawClient);
    writer = new TenantWriter(executor, database.models);
    WRITERS.set(database, writer);
  }
  return writer;
}
