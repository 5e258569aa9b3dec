import type { FilterCondition } from '../definition/list-query.definition';
import { FilterConditionError } from '../query-error';
import type { SqlCustomWhere } from './column-map';
import { and, column, or, param, Sql, sql } from './sql';
import { blankSql, containsSql, notBlankSql } from './where.compiler';

/** As `full-name.filter.ts`: most words a fullName value may have. */
const MAX_WORDS = 10;

type NameCondition = { col: Sql; where: Sql } | { all: NameCondition[] } | { any: NameCondition[] };

function render(condition: NameCondition, negate: boolean, nullable: boolean): Sql {
  if ('col' in condition) {
    if (!negate) return condition.where;
    const negation = sql`(NOT (${condition.where}))`;
    return nullable ? sql`(${negation} OR ${condition.col} IS NULL)` : negation;
  }
  const members = 'all' in condition ? condition.all : condition.any;
  const parts = members.map((member) => render(member, negate, nullable));
  return 'all' in condition !== negate ? and(parts) : or(parts);
}

function nameMatch(first: Sql, last: Sql, value: string, compare: (col: Sql, text: string) => Sql): NameCondition {
  const words = value.trim().split(/\s+/).filter(Boolean);
  if (words.length > MAX_WORDS) throw new FilterConditionError(`a name may have at most ${MAX_WORDS} words.`);
  const whole = words.length > 0 ? words.join(' ') : value;
  const either: NameCondition[] = [
    { col: first, where: compare(first, whole) },
    { col: last, where: compare(last, whole) },
  ];
  for (let split = 1; split < words.length; split++) {
    either.push({
      all: [
        { col: first, where: compare(first, words.slice(0, split).join(' ')) },
        { col: last, where: compare(last, words.slice(split).join(' ')) },
      ],
    });
  }
  return { any: either };
}

/** Equal ignoring case, exact (Prisma's `in` + `mode: 'insensitive'`: `LOWER(column) IN (LOWER($1))`). */
const equalsIgnoringCase = (col: Sql, text: string): Sql => sql`LOWER(${col}) = LOWER(${param(text, 'text')})`;

/**
 * The SQL counterpart of `fullNameFilter(firstName, lastName, options)` over two name columns:
 * the same words, splits, NULL rules and errors.
 */
export function fullNameSql(
  firstColumn: string,
  lastColumn: string,
  options: { nullable?: boolean } = {},
): SqlCustomWhere {
  const nullable = options.nullable ?? false;
  return ({ operator, values }: FilterCondition, alias: string): Sql => {
    const first = column(alias, firstColumn);
    const last = column(alias, lastColumn);
    const texts = values.map(String);
    const equal = (text: string) => nameMatch(first, last, text, equalsIgnoringCase);
    switch (operator) {
      case 'isnull':
        return and([blankSql(first, nullable), blankSql(last, nullable)]);
      case 'isnotnull':
        return or([notBlankSql(first, nullable), notBlankSql(last, nullable)]);
      case 'like':
      case 'notlike':
        return render(nameMatch(first, last, texts[0], containsSql), operator === 'notlike', nullable);
      case 'eq':
      case 'neq':
        return render(equal(texts[0]), operator === 'neq', nullable);
      case 'in':
      case 'nin':
        return render({ any: texts.map(equal) }, operator === 'nin', nullable);
      default:
        throw new FilterConditionError(`${operator} cannot be used on a full name.`);
    }
  };
}
