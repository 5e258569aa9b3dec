import type { CustomWhere, FilterCondition, PrismaWhere } from '../definition/list-query.definition';
import { FilterConditionError } from '../query-error';
import { blankWhere, containsWhere, notBlankWhere } from './where.builder';

/** Most words a fullName value may have: each split point of the words is one more pair of conditions. */
const MAX_WORDS = 10;

export interface FullNameFilterOptions {
  /** The name columns can be NULL (default false): negations then match NULL names. */
  readonly nullable?: boolean;
}

/**
 * A small tree of column comparisons that can be negated NULL-safely: of Prisma columns and
 * `where`s here, of SQL columns and conditions in `sql/full-name.sql.ts`.
 */
export type NameCondition<C, W> =
  { column: C; where: W } | { all: NameCondition<C, W>[] } | { any: NameCondition<C, W>[] };

function render(condition: NameCondition<string, PrismaWhere>, negate: boolean, nullable: boolean): PrismaWhere {
  if ('column' in condition) {
    if (!negate) return condition.where;
    const not = { NOT: condition.where };
    return nullable ? { OR: [not, { [condition.column]: null }] } : not;
  }
  const members = 'all' in condition ? condition.all : condition.any;
  const parts = members.map((member) => render(member, negate, nullable));
  // De Morgan: not(a and b) is (not a) or (not b).
  return 'all' in condition !== negate ? { AND: parts } : { OR: parts };
}

/**
 * fullName `eq`/`like` on "first name, last name or both together": the value matches either
 * name, or its words split into a first part (first name) and the rest (last name), e.g.
 * `Sophia Bro` also matches firstName ~ "Sophia" and lastName ~ "Bro".
 */
export function nameMatch<C, W>(
  first: C,
  last: C,
  value: string,
  compare: (column: C, text: string) => W,
): NameCondition<C, W> {
  const words = value.trim().split(/\s+/).filter(Boolean);
  if (words.length > MAX_WORDS) throw new FilterConditionError(`a name may have at most ${MAX_WORDS} words.`);
  const whole = words.length > 0 ? words.join(' ') : value;
  const either: NameCondition<C, W>[] = [
    { column: first, where: compare(first, whole) },
    { column: last, where: compare(last, whole) },
  ];
  for (let split = 1; split < words.length; split++) {
    either.push({
      all: [
        { column: first, where: compare(first, words.slice(0, split).join(' ')) },
        { column: last, where: compare(last, words.slice(split).join(' ')) },
      ],
    });
  }
  return { any: either };
}

/**
 * Equal ignoring case, and exact: Prisma 7 turns `in` + `mode: 'insensitive'` into
 * `LOWER(column) IN (LOWER($1))`. Not `equals` + `mode: 'insensitive'`: that becomes
 * `column ILIKE $1` with the value unescaped, so `%` and `_` would be wildcards (`eq::%` matched
 * every name) and a trailing `\` a database error (a 500).
 */
const equalsIgnoringCase = (column: string, text: string): PrismaWhere => ({
  [column]: { in: [text], mode: 'insensitive' },
});

/**
 * The `where` builder of a `fullName` field over two name columns: like/notlike (contains,
 * case-insensitive, `%` `_` `\` literal), eq/neq/in/nin (exact equality ignoring case with either
 * name or with "first last"), isnull (both names empty or unknown) and isnotnull.
 */
export function fullNameFilter(firstName: string, lastName: string, options: FullNameFilterOptions = {}): CustomWhere {
  const nullable = options.nullable ?? false;
  return {
    operators: ['isnull', 'isnotnull', 'eq', 'neq', 'in', 'nin', 'like', 'notlike'],
    build({ operator, values }: FilterCondition): PrismaWhere {
      const texts = values.map(String);
      const equal = (text: string) => nameMatch(firstName, lastName, text, equalsIgnoringCase);
      switch (operator) {
        case 'isnull':
          return { AND: [blankWhere(firstName, nullable), blankWhere(lastName, nullable)] };
        case 'isnotnull':
          return { OR: [notBlankWhere(firstName, nullable), notBlankWhere(lastName, nullable)] };
        case 'like':
        case 'notlike':
          return render(nameMatch(firstName, lastName, texts[0], containsWhere), operator === 'notlike', nullable);
        case 'eq':
        case 'neq':
          return render(equal(texts[0]), operator === 'neq', nullable);
        case 'in':
        case 'nin':
          return render({ any: texts.map(equal) }, operator === 'nin', nullable);
        default:
          throw new FilterConditionError(`${operator} cannot be used on a full name.`);
      }
    },
  };
}
