/**
 * The part of the list query language (libs/query, README "The language") that the bench sends,
 * turned straight into SQL: the basic form, `field=op::values`, `filter=` with AND/OR groups,
 * `sort`, `pageNumber`/`pageSize`, `count=exact`. Same semantics as libs/query for what it
 * accepts (like = contains ignoring case with `%` `_` `\` literal, a date alone is its whole UTC
 * day, NULLs sort last, the id as tiebreaker); anything else is a 400, never a different answer.
 */
import { HttpError } from './http';

type Kind = 'string' | 'enum' | 'date' | 'integer' | 'boolean' | 'uuid';

export interface FieldSpec {
  kind: Kind;
  /** The SQL expression (`c.first_name`); a `related` field names the related row's column. */
  column: string;
  nullable?: boolean;
  sortable?: boolean;
  values?: readonly string[];
  /** A to-many relation: matches when any related row matches (`EXISTS`). */
  related?: { table: string; key: string };
  /** Rewrites each value (a `+` that a query string decoded to a space). */
  normalize?: (value: string) => string;
  /** A field with its own SQL (fullName). */
  custom?: (operator: string, values: string[], bind: Binder) => string;
}

export interface ListSpec {
  alias: string;
  fields: Record<string, FieldSpec>;
  /** ORDER BY without `sort`. */
  defaultOrder: string;
}

export interface ParsedList {
  where: string[];
  orderBy: string;
  sortingCriteria: string | null;
  pageNumber: number;
  pageSize: number;
  exactCount: boolean;
}

/** Adds a query parameter and answers its placeholder. */
export type Binder = (value: unknown) => string;

const RESERVED = new Set(['filter', 'sort', 'pageNumber', 'pageSize', 'count']);

export function escapeLike(value: string): string {
  return `%${value.replace(/[\\%_]/g, '\\$&')}%`;
}

export function plusDecodedAsSpace(value: string): string {
  return value.startsWith(' ') ? `+${value.slice(1)}` : value;
}

function bad(parameter: string, message: string): HttpError {
  return new HttpError(400, `Invalid query parameter '${parameter}': ${message}`, [{ field: parameter, message }]);
}

interface DateValue {
  at: Date;
  wholeDay: boolean;
}

function parseDate(text: string, parameter: string): DateValue {
  const value = text.replace(/ (\d\d:\d\d)$/, '+$1');
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const at = new Date(dateOnly ? `${value}T00:00:00.000Z` : /[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
  if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) throw bad(parameter, `${text} is not a date`);
  return { at, wholeDay: dateOnly };
}

const nextDay = (date: Date) => new Date(date.getTime() + 86_400_000);

/** One condition on one field, as SQL. */
function condition(field: FieldSpec, operator: string, raw: string[], bind: Binder, parameter: string): string {
  const values = field.normalize ? raw.map(field.normalize) : raw;
  if (field.custom) return field.custom(operator, values, bind);
  if (field.related) {
    const negated = { neq: 'eq', nin: 'in', notlike: 'like', isnull: 'isnotnull' }[operator];
    const inner = condition({ ...field, related: undefined }, negated ?? operator, values, bind, parameter);
    const { table, key } = field.related;
    const exists = `EXISTS (SELECT 1 FROM ${table} r WHERE r.${key} = c.id AND ${inner})`;
    return negated ? `NOT ${exists}` : exists;
  }
  const column = field.column;
  const one = () => {
    if (values.length !== 1) throw bad(parameter, `${operator} takes one value`);
    return values[0];
  };
  const orNull = (sql: string) => (field.nullable ? `(${sql} OR ${column} IS NULL)` : sql);
  switch (field.kind) {
    case 'string':
      switch (operator) {
        case 'eq':
          return `${column} = ${bind(one())}`;
        case 'neq':
          return orNull(`${column} <> ${bind(one())}`);
        case 'in':
          return `${column} = ANY(${bind(values)}::text[])`;
        case 'nin':
          return orNull(`NOT (${column} = ANY(${bind(values)}::text[]))`);
        case 'like':
          return `${column} ILIKE ${bind(escapeLike(one()))}`;
        case 'notlike':
          return orNull(`${column} NOT ILIKE ${bind(escapeLike(one()))}`);
        case 'isnull':
          return field.nullable ? `(${column} IS NULL OR ${column} = '')` : `${column} = ''`;
        case 'isnotnull':
          return `${column} <> ''`;
      }
      break;
    case 'enum': {
      const canonical = values.map((value) => {
        const found = field.values?.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
        if (!found) throw bad(parameter, `${value} is not one of ${field.values?.join(', ')}`);
        return found;
      });
      switch (operator) {
        case 'eq':
          return `${column} = ${bind(canonical[0])}`;
        case 'neq':
          return orNull(`${column} <> ${bind(canonical[0])}`);
        case 'in':
          return `${column}::text = ANY(${bind(canonical)}::text[])`;
        case 'nin':
          return orNull(`NOT (${column}::text = ANY(${bind(canonical)}::text[]))`);
        case 'isnull':
          return `${column} IS NULL`;
        case 'isnotnull':
          return `${column} IS NOT NULL`;
      }
      break;
    }
    case 'uuid':
    case 'boolean':
    case 'integer': {
      const typed = values.map((value) => {
        if (field.kind === 'integer' && !/^[+-]?\d+$/.test(value)) throw bad(parameter, `${value} is not an integer`);
        if (field.kind === 'boolean' && value !== 'true' && value !== 'false')
          throw bad(parameter, `${value} is not true or false`);
        return field.kind === 'integer' ? Number(value) : field.kind === 'uuid' ? value.toLowerCase() : value;
      });
      const compare: Record<string, string> = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };
      if (compare[operator]) return `${column} ${compare[operator]} ${bind(typed[0])}`;
      if (operator === 'btn') return `${column} BETWEEN ${bind(typed[0])} AND ${bind(typed[1])}`;
      if (operator === 'in' && field.kind === 'uuid') return `${column} = ANY(${bind(typed)}::uuid[])`;
      if (operator === 'in' && field.kind === 'integer') return `${column} = ANY(${bind(typed)}::int[])`;
      break;
    }
    case 'date': {
      const dates = values.map((value) => parseDate(value, parameter));
      const [low, high] = dates;
      switch (operator) {
        case 'eq':
          return low.wholeDay
            ? `(${column} >= ${bind(low.at)} AND ${column} < ${bind(nextDay(low.at))})`
            : `${column} = ${bind(low.at)}`;
        case 'gt':
          return low.wholeDay ? `${column} >= ${bind(nextDay(low.at))}` : `${column} > ${bind(low.at)}`;
        case 'gte':
          return `${column} >= ${bind(low.at)}`;
        case 'lt':
          return `${column} < ${bind(low.at)}`;
        case 'lte':
          return low.wholeDay ? `${column} < ${bind(nextDay(low.at))}` : `${column} <= ${bind(low.at)}`;
        case 'btn':
          if (dates.length !== 2 || high.at < low.at) throw bad(parameter, 'btn needs low,high with low ≤ high');
          return high.wholeDay
            ? `(${column} >= ${bind(low.at)} AND ${column} < ${bind(nextDay(high.at))})`
            : `(${column} >= ${bind(low.at)} AND ${column} <= ${bind(high.at)})`;
        case 'isnull':
          return `${column} IS NULL`;
        case 'isnotnull':
          return `${column} IS NOT NULL`;
      }
      break;
    }
  }
  throw bad(parameter, `the floor does not take ${operator} on this field`);
}

/** Tokens of the advanced form: names, bare values, quoted values and ( , ). */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (/\s/.test(char)) i++;
    else if ('(),'.includes(char)) tokens.push(text[i++]);
    else if (char === '"') {
      let value = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\') i++;
        value += text[i++];
      }
      if (text[i] !== '"') throw bad('filter', 'an unterminated quoted value');
      i++;
      tokens.push(`"${value}`);
    } else {
      let value = '';
      while (i < text.length && !'(),'.includes(text[i])) value += text[i++];
      tokens.push(value.trim());
    }
  }
  return tokens;
}

function parseFilter(spec: ListSpec, text: string, bind: Binder): string {
  const tokens = tokenize(text);
  let at = 0;
  const expect = (token: string) => {
    if (tokens[at++] !== token) throw bad('filter', `expected "${token}"`);
  };
  const value = (token: string) => (token.startsWith('"') ? token.slice(1) : token);
  const expression = (): string => {
    const name = (tokens[at++] ?? '').toLowerCase();
    expect('(');
    if (name === 'and' || name === 'or') {
      const parts = [expression()];
      while (tokens[at] === ',') {
        at++;
        parts.push(expression());
      }
      expect(')');
      return `(${parts.join(name === 'and' ? ' AND ' : ' OR ')})`;
    }
    const fieldName = tokens[at++];
    const field = spec.fields[fieldName];
    if (!field) throw bad('filter', `${fieldName} is not a field the floor filters on`);
    const values: string[] = [];
    while (tokens[at] === ',') {
      at++;
      values.push(value(tokens[at++]));
    }
    expect(')');
    return condition(field, name, values, bind, 'filter');
  };
  const sql = expression();
  if (at !== tokens.length) throw bad('filter', 'unexpected text after the end of the expression');
  return sql;
}

/** The list request of `params` as SQL pieces; `bind` collects the parameters. */
export function parseList(spec: ListSpec, params: URLSearchParams, bind: Binder): ParsedList {
  const where: string[] = [];
  for (const [name, raw] of params) {
    if (RESERVED.has(name)) continue;
    const field = spec.fields[name];
    if (!field) throw bad(name, `${name} is not a field the floor filters on`);
    const split = raw.indexOf('::');
    if (split < 0) {
      const operator = /^(isnull|isnotnull)$/i.test(raw) ? raw.toLowerCase() : 'eq';
      where.push(condition(field, operator, operator === 'eq' ? [raw] : [], bind, name));
    } else {
      const operator = raw.slice(0, split).toLowerCase();
      const rest = raw.slice(split + 2);
      const values = ['in', 'nin', 'btn'].includes(operator) ? rest.split(',').map((v) => v.trim()) : [rest.trim()];
      where.push(condition(field, operator, rest === '' ? [] : values, bind, name));
    }
  }
  const filter = params.get('filter');
  if (filter !== null) where.push(parseFilter(spec, filter, bind));

  const integer = (name: string, fallback: number, max: number) => {
    const text = params.get(name);
    if (text === null) return fallback;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < 1 || value > max) throw bad(name, `must be an integer from 1 to ${max}`);
    return value;
  };
  const pageNumber = integer('pageNumber', 1, 2_147_483_647);
  const pageSize = integer('pageSize', 20, 100);

  const sort = params.get('sort');
  let orderBy = spec.defaultOrder;
  let sortingCriteria: string | null = null;
  if (sort !== null) {
    const terms = sort.split(',').map((term) => {
      const descending = term.startsWith('-');
      const name = term.replace(/^[-+ ]/, '');
      const field = spec.fields[name];
      if (!field?.sortable) throw bad('sort', `${name} is not sortable`);
      return { name, sql: `${field.column} ${descending ? 'DESC' : 'ASC'}${field.nullable ? ' NULLS LAST' : ''}` };
    });
    if (!terms.some((term) => term.name === 'id')) terms.push({ name: 'id', sql: `${spec.alias}.id ASC` });
    orderBy = terms.map((term) => term.sql).join(', ');
    sortingCriteria = sort.replace(/^ /, '+').replace(/, /g, ',+');
  }
  return { where, orderBy, sortingCriteria, pageNumber, pageSize, exactCount: params.get('count') === 'exact' };
}

/** The count rule of libs/query's paging (count-strategy.ts): no query when the page tells the total. */
export async function pagingOf(
  list: ParsedList,
  rows: number,
  hasNextPage: boolean,
  count: (limit: number | undefined) => Promise<number>,
  exactCountLimit = 10_000,
) {
  const skip = (list.pageNumber - 1) * list.pageSize;
  const atLeast = rows === 0 ? 0 : skip + rows + (hasNextPage ? 1 : 0);
  let total = atLeast;
  let estimate = false;
  if (hasNextPage || (rows === 0 && skip > 0)) {
    if (list.exactCount) total = Math.max(await count(undefined), atLeast);
    else {
      const counted = await count(exactCountLimit + 1);
      if (counted <= exactCountLimit) total = Math.max(counted, atLeast);
      else {
        total = Math.max(exactCountLimit + 1, atLeast);
        estimate = true;
      }
    }
  }
  return {
    pageNumber: list.pageNumber,
    pageSize: list.pageSize,
    totalNumberOfRecords: total,
    totalNumberOfPages: Math.ceil(total / list.pageSize),
    hasNextPage,
    hasPreviousPage: list.pageNumber > 1,
    sortingCriteria: list.sortingCriteria,
    hasMore: hasNextPage,
    ...(estimate && { totalNumberOfRecordsIsEstimate: true }),
  };
}
