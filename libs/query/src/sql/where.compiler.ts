import type { DateValue, FilterValue, ResolvedField } from '../definition/list-query.definition';
import { FilterOperator, NEGATED } from '../filter/filter-operators';
import { escapeLike } from '../filter/where.builder';
import type { SqlTableMap } from './column-map';
import { and, column, not, or, param, Sql, SqlParameter, sql, table, TRUE } from './sql';

/**
 * The SQL counterpart of `where.builder.ts`: the same conditions, operator by operator, NULL
 * rule by NULL rule, written as SQL over a column map instead of a Prisma `where`. The
 * differential test (`sql-list-query.int-spec.ts`, and the Phone System's reader specs) runs both
 * on the same rows.
 */

/**
 * A condition that always holds (`isnotnull` on a column that is never NULL, no filter at all)
 * and one that never does (`isnull` there, an empty OR). Combined as logic says: TRUE drops out of
 * an AND and decides an OR; FALSE drops out of an OR and decides an AND.
 */
export const EMPTY_AND = new Sql(['TRUE']);
export const EMPTY_OR = new Sql(['FALSE']);

/** AND/OR of compiled conditions, the constants folded. */
export function combineSql(logic: 'AND' | 'OR', items: readonly Sql[]): Sql {
  const [neutral, decisive] = logic === 'AND' ? [EMPTY_AND, EMPTY_OR] : [EMPTY_OR, EMPTY_AND];
  if (items.includes(decisive)) return decisive;
  const kept = items.filter((item) => item !== neutral);
  if (kept.length === 0) return neutral;
  return logic === 'AND' ? and(kept) : or(kept);
}

/** Whether a filter is no filter at all (always holds): an AND with it is the other side alone. */
export function isEmptyFilter(item: Sql): boolean {
  return item === EMPTY_AND;
}

/** The parameter of one typed value; dates as ISO instants, 64-bit integers as text (exact). */
export function valueParam(field: Pick<ResolvedField, 'type'>, value: FilterValue): SqlParameter {
  switch (field.type) {
    case 'date':
      return param((value as DateValue).start.toISOString(), 'timestamptz');
    case 'bigint':
      return param(String(value), 'int8');
    case 'decimal':
      return param(value as string, 'numeric');
    case 'integer':
      return param(value as number, 'int4');
    case 'boolean':
      return param(value as boolean, 'bool');
    case 'uuid':
      return param(value as string, 'uuid');
    case 'string':
      return param(value as string, 'text');
    case 'number':
    case 'enum':
      // The column's own type (PostgreSQL infers it from the comparison): an enum, float or numeric.
      return param(value as string | number);
  }
}

function instant(date: Date): SqlParameter {
  return param(date.toISOString(), 'timestamptz');
}

/** `like`: contains, case-insensitive, `%` `_` `\` literal (Prisma's `contains` + `mode: 'insensitive'`). */
export function containsSql(col: Sql, value: string): Sql {
  return sql`${col} ILIKE ('%' || ${param(escapeLike(value), 'text')} || '%')`;
}

/** "Is empty or unknown" for text: NULL (when the column can be) or the empty string. */
export function blankSql(col: Sql, nullable: boolean): Sql {
  return nullable ? sql`(${col} IS NULL OR ${col} = '')` : sql`${col} = ''`;
}

/** The exact negation of `blankSql`. */
export function notBlankSql(col: Sql, nullable: boolean): Sql {
  return nullable ? sql`(${col} IS NOT NULL AND ${col} <> '')` : sql`${col} <> ''`;
}

/** A negation that also matches NULL. */
function orNull(field: ResolvedField, col: Sql, negation: Sql): Sql {
  return field.nullable ? sql`(${negation} OR ${col} IS NULL)` : negation;
}

function dateEquals(col: Sql, value: DateValue): Sql {
  return value.end
    ? sql`(${col} >= ${instant(value.start)} AND ${col} < ${instant(value.end)})`
    : sql`${col} = ${instant(value.start)}`;
}

function dateCompare(col: Sql, operator: 'gt' | 'gte' | 'lt' | 'lte', value: DateValue): Sql {
  switch (operator) {
    case 'gt':
      return value.end ? sql`${col} >= ${instant(value.end)}` : sql`${col} > ${instant(value.start)}`;
    case 'gte':
      return sql`${col} >= ${instant(value.start)}`;
    case 'lt':
      return sql`${col} < ${instant(value.start)}`;
    case 'lte':
      return value.end ? sql`${col} < ${instant(value.end)}` : sql`${col} <= ${instant(value.start)}`;
  }
}

const COMPARISON = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

function inList(field: ResolvedField, col: Sql, values: readonly FilterValue[]): Sql {
  const params = values.map((value) => valueParam(field, value));
  return sql`${col} IN (${new Sql(params.flatMap((item, index) => (index === 0 ? [item] : [', ', item])))})`;
}

/** The condition on the column itself, every operator, NULLs handled (`columnWhere`). */
function columnSql(field: ResolvedField, col: Sql, operator: FilterOperator, values: readonly FilterValue[]): Sql {
  const [first, second] = values;
  const isDate = field.type === 'date';
  const isNever = !field.nullable && field.type !== 'string';
  switch (operator) {
    case 'isnull':
      if (field.type === 'string') return blankSql(col, field.nullable);
      return isNever ? EMPTY_OR : sql`${col} IS NULL`;
    case 'isnotnull':
      if (field.type === 'string') return notBlankSql(col, field.nullable);
      return isNever ? EMPTY_AND : sql`${col} IS NOT NULL`;
    case 'eq':
      return isDate ? dateEquals(col, first as DateValue) : sql`${col} = ${valueParam(field, first)}`;
    case 'neq':
      return orNull(
        field,
        col,
        isDate ? not(dateEquals(col, first as DateValue)) : sql`${col} <> ${valueParam(field, first)}`,
      );
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return isDate
        ? dateCompare(col, operator, first as DateValue)
        : sql`${col} ${new Sql([` ${COMPARISON[operator]} `])} ${valueParam(field, first)}`;
    case 'in':
      return isDate ? or(values.map((value) => dateEquals(col, value as DateValue))) : inList(field, col, values);
    case 'nin':
      return orNull(
        field,
        col,
        isDate ? not(or(values.map((value) => dateEquals(col, value as DateValue)))) : not(inList(field, col, values)),
      );
    case 'btn': {
      if (!isDate) return sql`(${col} >= ${valueParam(field, first)} AND ${col} <= ${valueParam(field, second)})`;
      const low = first as DateValue;
      const high = second as DateValue;
      return sql`(${col} >= ${instant(low.start)} AND ${
        high.end ? sql`${col} < ${instant(high.end)}` : sql`${col} <= ${instant(high.start)}`
      })`;
    }
    case 'like':
      return containsSql(col, first as string);
    case 'notlike':
      return orNull(field, col, not(containsSql(col, first as string)));
  }
}

/** The alias of the table `depth` relation hops below the listed one (`t0`). */
export function aliasAt(depth: number): string {
  return `t${depth}`;
}

/** The alias of the listed table in every statement of the raw read path. */
export const ROOT_ALIAS = aliasAt(0);

/** Follows the hops of a path through the column map: the table map of each level, root first. */
export function tablesOnPath(root: SqlTableMap, hops: readonly string[], fieldName: string): SqlTableMap[] {
  const tables = [root];
  for (const hop of hops) {
    const relation = tables[tables.length - 1].relations?.[hop];
    if (!relation) throw new Error(`column map: no relation '${hop}' for field '${fieldName}'`);
    tables.push(relation.target);
  }
  return tables;
}

/** The column of a field's path (its last element) in the table at the end of its hops. */
export function columnName(tableMap: SqlTableMap, name: string, fieldName: string): string {
  const col = tableMap.columns[name];
  if (!col) throw new Error(`column map: no column for '${name}' of field '${fieldName}' in ${tableMap.model}`);
  return col;
}

/**
 * The condition below hop `from` (exclusive) of `hops`: `EXISTS` per relation hop, to-one and
 * to-many alike (a missing related record matches no condition on it), `some` semantics.
 */
function throughHops(
  tables: readonly SqlTableMap[],
  hops: readonly string[],
  from: number,
  inner: (depth: number) => Sql,
): Sql {
  const step = (depth: number): Sql => {
    if (depth === hops.length) return inner(depth);
    const relation = tables[depth].relations?.[hops[depth]];
    if (!relation) throw new Error(`column map: no relation '${hops[depth]}'`);
    return existsSql(relation.target.model, relation.on, aliasAt(depth), aliasAt(depth + 1), step(depth + 1));
  };
  return step(from);
}

/** `EXISTS (SELECT 1 FROM <target> child WHERE child.on[0] = parent.on[1] AND condition)`. */
export function existsSql(
  model: string,
  on: readonly [string, string],
  parent: string,
  child: string,
  condition: Sql,
): Sql {
  const link = sql`${column(child, on[0])} = ${column(parent, on[1])}`;
  // Inside a relation an empty filter is not dropped: `{ some: {} }` is "has one" (EXISTS).
  const where = condition === TRUE || condition === EMPTY_AND ? link : sql`${link} AND ${condition}`;
  return sql`EXISTS (SELECT 1 FROM ${table(model)} ${new Sql([child])} WHERE ${where})`;
}

/**
 * The SQL of one checked condition on one field (`fieldWhere`): across a to-many relation a
 * positive condition matches when any element matches (`EXISTS`), a negation (neq, nin,
 * notlike, isnull) when no element matches its positive (`NOT EXISTS`).
 */
export function fieldSql(
  root: SqlTableMap,
  field: ResolvedField,
  operator: FilterOperator,
  values: readonly FilterValue[],
): Sql {
  const hops = field.path.slice(0, -1);
  const tables = tablesOnPath(root, hops, field.name);
  const col = (depth: number) =>
    column(aliasAt(depth), columnName(tables[depth], field.path[field.path.length - 1], field.name));
  const firstToMany = field.toMany.indexOf(true);
  const positive = NEGATED[operator];
  if (firstToMany === -1 || !positive) {
    return throughHops(tables, hops, 0, (depth) => columnSql(field, col(depth), operator, values));
  }
  const below = (depth: number) => columnSql(field, col(depth), positive, values);
  // Above the first to-many hop: EXISTS (to-one); at it: NOT EXISTS of the positive below it.
  const outer = (depth: number): Sql => {
    const relation = tables[depth].relations?.[hops[depth]];
    if (!relation) throw new Error(`column map: no relation '${hops[depth]}'`);
    const inner = depth === firstToMany ? throughHops(tables, hops, depth + 1, below) : outer(depth + 1);
    const exists = existsSql(relation.target.model, relation.on, aliasAt(depth), aliasAt(depth + 1), inner);
    return depth === firstToMany ? not(exists) : exists;
  };
  return outer(0);
}
