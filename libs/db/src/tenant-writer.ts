import type { ModelInfo } from './datamodel';
import { databaseExecutor, renderSql, tenantTable, tenantTables } from './raw-sql';
import type { RawSqlStatement, SqlExecutor, TenantTable, TransactionalSqlExecutor } from './raw-sql';
import type { ServiceDatabase } from './service-database';

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
  /**
   * Update a row only as this statement's snapshot has it. Sub-selects in `returning` read that
   * snapshot: a row a transaction changed and committed while this update waited for its lock
   * would be answered with what that transaction changed elsewhere (another table) missing. Such
   * a row is left alone instead (the update returns no row for it), for the caller to take a path
   * that reads after locking.
   */
  readonly onlyAsOfSnapshot?: boolean;
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
  private readonly tables: ReadonlyMap<string, TenantTable>;

  constructor(
    private readonly executor: TransactionalSqlExecutor,
    models: readonly ModelInfo[],
  ) {
    this.tables = tenantTables(models);
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
    const where = this.render(statement.where, values);
    const returning = this.render(statement.returning, values);
    // Re-checked on the newest version of a row the update had to wait for: that version is not
    // in the statement's snapshot when it was committed after the snapshot was taken.
    const asOfSnapshot = statement.onlyAsOfSnapshot
      ? ` AND EXISTS (SELECT 1 FROM "${table.dbName}" AS snapshot_row WHERE snapshot_row.ctid = ${alias}.ctid)`
      : '';
    return {
      text:
        `UPDATE "${table.dbName}" AS ${alias} SET ${sets.join(', ')} ` +
        `WHERE ${alias}."${table.tenantColumn}" = $1::uuid AND (${where})${asOfSnapshot} RETURNING ${returning}`,
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
    // Async: a statement refused while rendering is a rejected promise, not a throw; and the
    // statement is sent at once (a Prisma query is sent only once something waits for it).
    return {
      read: async <T>(statement: RawSqlStatement) => {
        const values: unknown[] = [];
        return run<T>({ text: this.render(statement, values), values });
      },
      update: async <T>(statement: UpdateStatement) => run<T>(this.renderUpdate(statement)),
      insert: async <T>(tree: InsertTree, returning: { alias: string; select: RawSqlStatement }) =>
        run<T>(this.renderInsert(tree, returning)),
    };
  }

  /** `INSERT INTO "table" ("tenant_id", [parent key,] fields…) VALUES (…), …`; every row names the same fields. */
  private insertRows(
    model: string,
    table: TenantTable,
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

  private table(model: string): TenantTable {
    return tenantTable({ owner: 'TenantWriter', tables: this.tables }, model);
  }

  /** A field's column: scalars and enums of the model only, never the tenant (the writer's). */
  private column(model: string, table: TenantTable, field: string): string {
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
   * Text, parameters and table pieces as the tenant reader renders them, numbered after `values`,
   * and no WITH; a table piece of a model in `inserted` names the rows this statement inserted.
   */
  private render(statement: RawSqlStatement, values: unknown[], inserted?: ReadonlyMap<string, string>): string {
    return renderSql(statement, values, { owner: 'TenantWriter', tables: this.tables, inserted, refused: ['with'] });
  }
}

function checkAlias(alias: string): string {
  if (!ALIAS.test(alias)) throw new Error(`TenantWriter: bad alias '${alias}'`);
  return alias;
}

const WRITERS = new WeakMap<object, TenantWriter>();

/** The tenant writer of a service's database (one per database, on `databaseExecutor`). */
export function tenantWriter(database: ServiceDatabase<object>): TenantWriter {
  let writer = WRITERS.get(database);
  if (!writer) {
    writer = new TenantWriter(databaseExecutor(database), database.models);
    WRITERS.set(database, writer);
  }
  return writer;
}
