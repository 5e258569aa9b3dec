import { DATABASE_RETRY_AFTER_SECONDS, DomainError } from '@diallink/common';
import { FieldInfo, ModelInfo, modelInfo, tenantModels } from './datamodel';
import { CheckedOutClient, withTransaction } from './pg-connection';
import { TRANSACTION_LIMITS } from './service-database';
import type { ServiceDatabase } from './service-database';

/**
 * What the raw read and write paths (`TenantReader`, `TenantWriter`) share: the statements' pieces,
 * the tenant's tables, one renderer with its text check, and one executor.
 */

/**
 * One piece of a raw statement: SQL text of the library's own, a parameter, or a tenant-owned
 * table by its Prisma model name (`@diallink/query`'s `Sql` is made of these).
 */
export type RawSqlPart =
  string | { readonly value: string | number | boolean | null; readonly cast?: string } | { readonly table: string };

export interface RawSqlStatement {
  readonly parts: readonly RawSqlPart[];
}

/** A tenant-owned model's table as the raw paths write it. */
export interface TenantTable {
  readonly dbName: string;
  readonly tenantColumn: string;
  readonly fields: ReadonlyMap<string, FieldInfo>;
  /** `(SELECT * FROM "table" WHERE "tenant_id" = $1::uuid)`: its table piece, the tenant's rows only. */
  readonly scoped: string;
}

/** The tables of `models`' tenant-owned models, by model name. */
export function tenantTables(models: readonly ModelInfo[]): ReadonlyMap<string, TenantTable> {
  const tables = new Map<string, TenantTable>();
  for (const model of tenantModels(models)) {
    const info = modelInfo(models, model);
    const tenant = info.fields.find((field) => field.name === 'tenantId');
    if (!tenant) continue;
    tables.set(model, {
      dbName: info.dbName,
      tenantColumn: tenant.dbName,
      fields: new Map(info.fields.map((field) => [field.name, field])),
      scoped: `(SELECT * FROM "${info.dbName}" WHERE "${tenant.dbName}" = $1::uuid)`,
    });
  }
  return tables;
}

/** A cast written after a parameter (`$2::uuid`, `$3::text[]`). */
const CAST = /^[a-z][a-z0-9_]*(\[\])?$/;

export interface RenderOptions {
  /** The class that renders, named in the messages of what it refuses. */
  readonly owner: string;
  readonly tables: ReadonlyMap<string, TenantTable>;
  /** Table pieces of these models name the rows the statement inserts (the writer's `"w1"`). */
  readonly inserted?: ReadonlyMap<string, string>;
  /** Words refused besides those `TextCheck` always refuses (the writer's WITH). */
  readonly refused?: readonly string[];
}

/**
 * The text of `statement`: its text checked (`TextCheck`), each table piece the tenant's rows of
 * its table, each parameter `$n` numbered after the tenant (`$1`) and `values`, to which its value
 * is appended. Throws for what it refuses.
 */
export function renderSql(statement: RawSqlStatement, values: unknown[], options: RenderOptions): string {
  let text = '';
  const check = new TextCheck(options.owner, options.refused);
  for (const part of mergeText(statement.parts)) {
    if (typeof part === 'string') {
      check.text(part);
      text += part;
    } else if ('table' in part) {
      const rows = options.inserted?.get(part.table) ?? tenantTable(options, part.table).scoped;
      check.table();
      text += rows;
    } else {
      check.param();
      if (part.cast !== undefined && !CAST.test(part.cast))
        throw new Error(`${options.owner}: bad cast '${part.cast}'`);
      values.push(part.value);
      text += `$${values.length + 1}${part.cast ? `::${part.cast}` : ''}`;
    }
  }
  check.end();
  return text;
}

/** The table of `model`; throws when it is not a tenant-owned model of the service. */
export function tenantTable({ owner, tables }: Pick<RenderOptions, 'owner' | 'tables'>, model: string): TenantTable {
  const table = tables.get(model);
  if (!table) throw new Error(`${owner}: ${model} is not a tenant-owned model of this service`);
  return table;
}

/** Words after which the FROM list of their depth is over (a comma there is no FROM item). */
const FROM_LIST_ENDS = new Set([
  'where',
  'group',
  'having',
  'window',
  'order',
  'limit',
  'offset',
  'fetch',
  'for',
  'union',
  'intersect',
  'except',
  'returning',
]);
/**
 * Words no text of the raw paths has: `TABLE x` reads a table by name, a write in a `WITH` needs
 * no FROM, and `SELECT … INTO` makes a table.
 */
const WRITES = ['table', 'into', 'insert', 'update', 'delete', 'merge', 'truncate'];
const WORD = /[a-z_][a-z0-9_]*/iy;

/** Adjacent text pieces as one, so that a FROM and what follows it are seen together. */
function mergeText(parts: readonly RawSqlPart[]): RawSqlPart[] {
  const merged: RawSqlPart[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (typeof part === 'string' && typeof last === 'string') merged[merged.length - 1] = last + part;
    else merged.push(part);
  }
  return merged;
}

/**
 * The check of a statement's text (or of a fragment the writer places: a condition, a RETURNING)
 * as PostgreSQL will read it, piece by piece. A table is reached only through a table piece: every
 * FROM, JOIN and further item of a FROM list (after its comma) is followed by a table piece or a
 * sub-select, and no text writes or names a table otherwise (`refused` words, `TABLE`). One
 * statement only; parentheses balanced, never closing one the text did not open (a condition
 * cannot close the writer's and add an `OR`). String literals and quoted names are skipped; what
 * a scan this simple cannot follow — comments, dollar quotes, escape strings (`E'…'`) and a quote
 * left open — is refused.
 */
class TextCheck {
  private readonly refused: ReadonlySet<string>;
  private depth = 0;
  /** The depths whose FROM list is open. */
  private readonly fromLists = new Set<number>();
  /** After FROM, JOIN or a FROM list's comma: a table piece or `(` must come next. */
  private itemDue = false;

  constructor(
    private readonly owner: string,
    refused: readonly string[] = [],
  ) {
    this.refused = new Set([...WRITES, ...refused]);
  }

  text(part: string): void {
    for (const token of tokens(part, this.owner)) {
      const word = /^[a-z_]/i.test(token) ? token.toLowerCase() : undefined;
      if (this.itemDue && token !== '(' && word !== 'lateral')
        throw new Error(`${this.owner}: "${part.trim()}" reads a table by name: use a table piece`);
      if (word !== undefined) this.word(word, part);
      else if (token === '(') this.open();
      else if (token === ')') this.close();
      else if (token === ',' && this.fromLists.has(this.depth)) this.itemDue = true;
    }
  }

  table(): void {
    this.itemDue = false;
  }

  param(): void {
    if (this.itemDue) throw new Error(`${this.owner}: a FROM or JOIN is followed by a parameter, not a table piece`);
  }

  /** Throws when the text ends waiting for a table or inside a parenthesis. */
  end(): void {
    if (this.itemDue) throw new Error(`${this.owner}: a FROM or JOIN at the end names no table`);
    if (this.depth !== 0) throw new Error(`${this.owner}: the text leaves a parenthesis open`);
  }

  private word(word: string, part: string): void {
    if (this.refused.has(word))
      throw new Error(`${this.owner}: "${part.trim()}" writes or names a table (${word.toUpperCase()})`);
    if (word === 'from' || word === 'join') {
      this.fromLists.add(this.depth);
      this.itemDue = true;
    } else if (FROM_LIST_ENDS.has(word)) {
      this.fromLists.delete(this.depth);
    }
  }

  private open(): void {
    this.itemDue = false;
    this.depth++;
    this.fromLists.delete(this.depth);
  }

  private close(): void {
    this.fromLists.delete(this.depth);
    if (--this.depth < 0) throw new Error(`${this.owner}: the text closes a parenthesis it did not open`);
  }
}

/**
 * The tokens of a text piece that matter to `TextCheck`: words, `(`, `)`, `,` and any other
 * character; a string literal or quoted name is one token of its quote (its content skipped).
 */
function tokens(part: string, owner: string): string[] {
  const found: string[] = [];
  const refuse = (what: string) => new Error(`${owner}: "${part.trim()}" has ${what}: not in raw SQL text`);
  for (let at = 0; at < part.length;) {
    const char = part[at];
    if (char === "'" || char === '"') {
      // A prefix makes it another kind of literal (E'\'' is one quote; U&"…" has escapes).
      if (/[\w&]/.test(part[at - 1] ?? ' ')) throw refuse('a literal with a prefix');
      const close = part.indexOf(char, at + 1);
      if (close < 0) throw refuse('a quote left open');
      found.push(char);
      at = close + 1;
    } else if (char === ';') {
      throw new Error(`${owner}: one statement only (no ";")`);
    } else if (char === '$' || (char === '-' && part[at + 1] === '-') || (char === '/' && part[at + 1] === '*')) {
      throw refuse('a comment or a dollar quote');
    } else if (/\s/.test(char)) {
      at++;
    } else {
      WORD.lastIndex = at;
      const word = WORD.exec(part)?.[0] ?? char;
      found.push(word);
      at += word.length;
    }
  }
  return found;
}

/**
 * Where the raw paths' statements run: text with `$n` placeholders and its values. With a `name`,
 * a prepared statement where the executor can (a pool's connections each parse and analyse it
 * once; Prisma's raw queries prepare nothing). `transaction` runs `work` on one connection between
 * `BEGIN` and `COMMIT` (`ROLLBACK` when it throws).
 */
export interface SqlExecutor {
  query<T>(text: string, values: readonly unknown[], name?: string): Promise<T[]>;
}

export interface TransactionalSqlExecutor extends SqlExecutor {
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

/** The part of a Prisma client the executor below uses. */
interface PrismaRawClient {
  $queryRawUnsafe<T = unknown>(sql: string, ...values: unknown[]): Promise<T>;
  $transaction<R>(work: (tx: never) => Promise<R>, options?: { maxWait?: number; timeout?: number }): Promise<R>;
}

/**
 * An executor on a service's Prisma client (its driver adapter's pool): raw statements through
 * `$queryRawUnsafe` (unnamed), transactions through an interactive `$transaction`.
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

type PgQuery = <R>(config: { name?: string; text: string; values?: unknown[] }) => Promise<{ rows: R[] }>;

/** The part of a `pg.Pool` the executor below uses. */
export interface PgPool {
  query: PgQuery;
  connect(): Promise<CheckedOutClient & { query: PgQuery }>;
}

/**
 * An executor on a `pg.Pool` (the one under the service's Prisma client): `pool.query` with
 * node-postgres's own parsing of the columns, the pool's connect timeout a 503; a transaction as
 * `BEGIN` … `COMMIT` on one pooled connection (`withTransaction`, which also hears the
 * connection's `error` events while it is out). As Prisma's transactions end after
 * `TRANSACTION_LIMITS.timeout`, no statement of a transaction runs longer than `limitMs`, and the
 * server ends a transaction left idle longer (its locks with it; the connection is closed).
 */
export function pgSqlExecutor(pool: PgPool, limitMs: number = TRANSACTION_LIMITS.timeout): TransactionalSqlExecutor {
  if (!Number.isInteger(limitMs) || limitMs <= 0)
    throw new Error(`pgSqlExecutor: limitMs ${limitMs} is not a positive integer`);
  // One round trip, as a bare BEGIN (a query without values runs as a simple query).
  const begin = `BEGIN; SET LOCAL statement_timeout = ${limitMs}; SET LOCAL idle_in_transaction_session_timeout = ${limitMs}`;
  const on = (client: { query: PgQuery }): SqlExecutor => ({
    query: async <T>(text: string, values: readonly unknown[], name?: string) =>
      (await client.query<T>({ name, text, values: [...values] })).rows,
  });
  return {
    query: <T>(text: string, values: readonly unknown[], name?: string) =>
      on(pool).query<T>(text, values, name).catch(rethrowUnavailable),
    transaction: (work) => {
      const connectable = { connect: () => pool.connect().catch(rethrowUnavailable) };
      return withTransaction(connectable, (client) => work(on(client)), begin);
    },
  };
}

/**
 * The executor of a service's database: on the pool under its Prisma client when the database
 * shares it (`pool`), else on the client's raw queries and transactions.
 */
export function databaseExecutor(database: ServiceDatabase<object>): TransactionalSqlExecutor {
  const { pool } = database;
  return pool ? pgSqlExecutor(pool) : prismaSqlExecutor(database.unscoped as unknown as PrismaRawClient);
}

/**
 * node-postgres's pool says "timeout exceeded when trying to connect" in a plain `Error` when no
 * connection came within `connectionTimeoutMillis` (Prisma called that P2024): a 503 with
 * Retry-After, as the error filter answers the other signs of an unreachable database. Any other
 * error is thrown as it is.
 */
function rethrowUnavailable(error: unknown): never {
  if (error instanceof Error && !('code' in error) && /^timeout exceeded when trying to connect/i.test(error.message)) {
    throw new DatabaseUnavailableError();
  }
  throw error;
}

class DatabaseUnavailableError extends DomainError {
  readonly status = 503;
  constructor() {
    super('The database is unavailable. Try again shortly.', [], {
      'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS),
    });
  }
}
