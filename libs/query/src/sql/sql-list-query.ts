import type {
  FilterCondition,
  ListQueryDefinition,
  PrismaOrderBy,
  PrismaWhere,
  ResolvedField,
} from '../definition/list-query.definition';
import { parseListQuery, ParsedListQuery } from '../list-query.parser';
import { DEFAULT_EXACT_COUNT_LIMIT } from '../paging/count-strategy';
import { Page, paginate } from '../paging/paginate';
import type { SqlColumnMap } from './column-map';
import { and, column, join, param, raw, Sql, sql, table } from './sql';
import { columnName, combineSql, EMPTY_AND, fieldSql, isEmptyFilter, ROOT_ALIAS, tablesOnPath } from './where.compiler';

/** Marks a compiled condition inside the `where` that `parseListQuery` assembles. */
const SQL_KEY = '$sql';

/** A list query declaration together with its column map: made once, at start-up. */
export interface SqlListQueryDefinition {
  /** The declaration as `defineListQuery` made it (docs, decorators). */
  readonly definition: ListQueryDefinition;
  readonly map: SqlColumnMap;
  /** The same fields, each compiling its condition to SQL as `parseListQuery` checks it. */
  readonly compiling: ListQueryDefinition;
}

/** A list request parsed for the raw read path: everything of `ParsedListQuery`, and the filter as SQL. */
export interface SqlParsedListQuery extends ParsedListQuery {
  /**
   * Every filter of the request, combined with AND, over the listed table as `t0`; `TRUE` when
   * none (`EMPTY_AND`, which drops out when combined with the caller's condition).
   */
  readonly filter: Sql;
}

function compiler(map: SqlColumnMap, field: ResolvedField): (condition: FilterCondition) => Sql {
  if (field.where) {
    const custom = map.custom?.[field.name];
    if (!custom) throw new Error(`column map: field '${field.name}' has a custom where builder but no SQL builder`);
    return (condition) => custom(condition, ROOT_ALIAS);
  }
  // Checked now, so that a field missing from the map stops the service at start-up.
  const tables = tablesOnPath(map.root, field.path.slice(0, -1), field.name);
  columnName(tables[tables.length - 1], field.path[field.path.length - 1], field.name);
  return (condition) => fieldSql(map.root, field, condition.operator, condition.values);
}

/**
 * Pairs a `defineListQuery` declaration with its column map for the raw read path. Every field
 * must be in the map (a custom `where` field through `map.custom`), or this throws.
 */
export function sqlListQuery(definition: ListQueryDefinition, map: SqlColumnMap): SqlListQueryDefinition {
  const fields = new Map<string, ResolvedField>();
  for (const [name, field] of definition.fields) {
    const compile = compiler(map, field);
    if (field.sortable) columnName(map.root, field.path[0], name);
    fields.set(name, {
      ...field,
      // parseListQuery checks the condition (field, operator, values), then hands it here typed.
      where: { operators: field.operators, build: (condition) => ({ [SQL_KEY]: compile(condition) }) },
    });
  }
  columnName(map.root, definition.tiebreaker, 'tiebreaker');
  return { definition, map, compiling: { ...definition, fields } };
}

function whereToSql(where: PrismaWhere): Sql {
  const compiled = where[SQL_KEY];
  if (compiled instanceof Sql) return compiled;
  if (Array.isArray(where.AND)) return combineSql('AND', (where.AND as PrismaWhere[]).map(whereToSql));
  if (Array.isArray(where.OR)) return combineSql('OR', (where.OR as PrismaWhere[]).map(whereToSql));
  if (Object.keys(where).length === 0) return EMPTY_AND;
  throw new Error('sqlListQuery: unexpected where');
}

/**
 * `parseListQuery` for the raw read path: the same checks, the same 400s, the same paging and
 * sort; the filter compiled to SQL. The result is also a `ParsedListQuery` (its `where` is not a
 * Prisma where: do not hand it to Prisma).
 */
export function parseSqlListQuery(sqlDefinition: SqlListQueryDefinition, query: unknown): SqlParsedListQuery {
  const parsed = parseListQuery(sqlDefinition.compiling, query);
  return { ...parsed, filter: whereToSql(parsed.where) };
}

/** `ORDER BY` items of Prisma `orderBy` entries as the sort parser makes them (`{ a: 'desc' }`, `{ a: { sort, nulls } }`). */
export function orderBySql(map: SqlColumnMap, orderBy: readonly PrismaOrderBy[], alias = ROOT_ALIAS): Sql {
  return join(
    orderBy.map((entry) => {
      const [name, order] = Object.entries(entry)[0] as [string, unknown];
      const spec = typeof order === 'string' ? { sort: order } : (order as { sort?: unknown; nulls?: unknown });
      if (spec.sort !== 'asc' && spec.sort !== 'desc') throw new Error(`orderBySql: cannot order by '${name}' here`);
      const nulls = spec.nulls === 'last' ? ' NULLS LAST' : spec.nulls === 'first' ? ' NULLS FIRST' : '';
      return sql`${column(alias, columnName(map.root, name, name))}${raw(` ${spec.sort.toUpperCase()}${nulls}`)}`;
    }),
    ', ',
  );
}

export interface SqlPageOptions {
  /** The row's one column, `row`, over the listed table as `t0` (e.g. a `json_build_object(…)`). */
  readonly select: Sql;
  /** A condition of the caller's (visibility), over `t0`, combined with the request's filter by AND. */
  readonly where?: Sql;
  /** The order when the request has no sort (default: the request's, i.e. the tiebreaker). */
  readonly orderBy?: readonly PrismaOrderBy[];
  readonly exactCountLimit?: number;
}

/** Runs one statement, returning its rows (a `TenantReader` of `libs/db` bound to the tenant). */
export type SqlRunner = <R>(statement: Sql) => Promise<R[]>;

/**
 * One page through the raw read path, as `paginate` reads it (same envelope, same count rule):
 * the page in one statement — the keys first (the request's filter, order, `OFFSET` and
 * `LIMIT` over the key alone: index-only where an index covers them), then the selected row of
 * each key — and, when `countRecords` needs one, a capped count.
 */
export async function paginateSql<R>(
  sqlDefinition: SqlListQueryDefinition,
  parsed: SqlParsedListQuery,
  run: SqlRunner,
  options: SqlPageOptions,
): Promise<Page<R>> {
  const { map, definition } = sqlDefinition;
  const root = table(map.root.model);
  const key = columnName(map.root, definition.tiebreaker, 'tiebreaker');
  // The caller's condition and the request's filters in one AND (no filter at all drops out).
  const where = options.where
    ? isEmptyFilter(parsed.filter)
      ? options.where
      : and([parsed.filter, options.where])
    : parsed.filter;
  const order = orderBySql(map, parsed.sortingCriteria === null && options.orderBy ? options.orderBy : parsed.orderBy);
  const t0 = raw(ROOT_ALIAS);
  return paginate<R>(
    parsed,
    {
      findMany: async ({ skip, take }) => {
        const rows = await run<{ row: R }>(
          sql`SELECT ${options.select} AS row FROM (SELECT ${column(ROOT_ALIAS, key)} FROM ${root} ${t0} WHERE ${where} ORDER BY ${order} LIMIT ${param(take, 'int8')} OFFSET ${param(skip, 'int8')}) k JOIN ${root} ${t0} ON ${column(ROOT_ALIAS, key)} = k.${raw(`"${key}"`)} ORDER BY ${order}`,
        );
        return rows.map((item) => item.row);
      },
      count: async ({ take }) => {
        const statement =
          take === undefined
            ? sql`SELECT count(*)::int AS count FROM ${root} ${t0} WHERE ${where}`
            : sql`SELECT count(*)::int AS count FROM (SELECT 1 FROM ${root} ${t0} WHERE ${where} LIMIT ${param(take, 'int8')}) k`;
        const [row] = await run<{ count: number }>(statement);
        return row.count;
      },
    },
    { exactCountLimit: options.exactCountLimit ?? DEFAULT_EXACT_COUNT_LIMIT },
  );
}
