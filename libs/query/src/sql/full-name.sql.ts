import type { FilterCondition } from '../definition/list-query.definition';
import { NameCondition, nameMatch } from '../filter/full-name.filter';
import { FilterConditionError } from '../query-error';
import type { SqlCustomWhere } from './column-map';
import { and, column, or, param, Sql, sql } from './sql';
import { blankSql, containsSql, notBlankSql } from './where.compiler';

type SqlNameCondition = NameCondition<Sql, Sql>;

function render(condition: SqlNameCondition, negate: boolean, nullable: boolean): Sql {
  if ('column' in condition) {
    if (!negate) return condition.where;
    const negation = sql`(NOT (${condition.where}))`;
    return nullable ? sql`(${negation} OR ${condition.column} IS NULL)` : negation;
  }
  const members = 'all' in condition ? condition.all : condition.any;
  const parts = members.map((member) => render(member, negate, nullable));
  return 'all' in condition !== negate ? and(parts) : or(parts);
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
