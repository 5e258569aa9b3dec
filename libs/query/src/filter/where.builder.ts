import type { DateValue, FilterValue, PrismaWhere, ResolvedField } from '../definition/list-query.definition';
import { FilterOperator, NEGATED } from './filter-operators';

/**
 * `%`, `_` and `\` are wildcards and the escape of PostgreSQL's LIKE/ILIKE, and Prisma's
 * `contains` passes them through (Prisma 7 sends `column ILIKE ('%' || $1 || '%')`, the value as
 * given): escaped, a `like` value matches literally, a trailing `\` included. Use it for every
 * `contains`/`startsWith`/`endsWith` value a custom builder makes.
 */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, '\\$&');
}

/** `like`: contains, case-insensitive. */
export function containsWhere(column: string, value: string): PrismaWhere {
  return { [column]: { contains: escapeLike(value), mode: 'insensitive' } };
}

/** "Is empty or unknown" for text: NULL (when the column can be) or the empty string. */
export function blankWhere(column: string, nullable: boolean): PrismaWhere {
  return nullable ? { OR: [{ [column]: null }, { [column]: '' }] } : { [column]: '' };
}

/** The exact negation of `blankWhere`. */
export function notBlankWhere(column: string, nullable: boolean): PrismaWhere {
  return nullable ? { NOT: [{ [column]: null }, { [column]: '' }] } : { [column]: { not: '' } };
}

/** A negation that also matches NULL: a contact without an industry "isn't GOVERNMENT". */
function orNull(field: ResolvedField, column: string, negation: PrismaWhere): PrismaWhere {
  return field.nullable ? { OR: [negation, { [column]: null }] } : negation;
}

function dateEquals(column: string, value: DateValue): PrismaWhere {
  return value.end ? { [column]: { gte: value.start, lt: value.end } } : { [column]: value.start };
}

/** Comparisons of dates: a date-only value is its whole day, so `lte(day)` includes that day and `gt(day)` starts after it. */
function dateCompare(column: string, operator: 'gt' | 'gte' | 'lt' | 'lte', value: DateValue): PrismaWhere {
  switch (operator) {
    case 'gt':
      return value.end ? { [column]: { gte: value.end } } : { [column]: { gt: value.start } };
    case 'gte':
      return { [column]: { gte: value.start } };
    case 'lt':
      return { [column]: { lt: value.start } };
    case 'lte':
      return value.end ? { [column]: { lt: value.end } } : { [column]: { lte: value.start } };
  }
}

function isNever(field: ResolvedField): boolean {
  return !field.nullable && field.type !== 'string';
}

/**
 * FALSE and TRUE on a column that is never NULL (`isnull` and `isnotnull` there), written as
 * conditions Prisma keeps: it drops an empty filter (`{ OR: [] }`, `{}`) from the AND/OR list it
 * sits in, which would make `isnull(favorite)` beside another condition match every row and
 * `OR(isnotnull(type), x)` mean `x`. An empty `in` is FALSE and an empty `notIn` TRUE in Prisma's
 * SQL; a boolean has neither, and is true or false.
 */
function never(field: ResolvedField, column: string): PrismaWhere {
  return field.type === 'boolean' ? { AND: [{ [column]: true }, { [column]: false }] } : { [column]: { in: [] } };
}

function always(field: ResolvedField, column: string): PrismaWhere {
  return field.type === 'boolean' ? { OR: [{ [column]: true }, { [column]: false }] } : { [column]: { notIn: [] } };
}

/** The condition on the column itself, every operator, NULLs handled. */
function columnWhere(
  field: ResolvedField,
  column: string,
  operator: FilterOperator,
  values: readonly FilterValue[],
): PrismaWhere {
  const [first, second] = values;
  const isDate = field.type === 'date';
  switch (operator) {
    case 'isnull':
      if (field.type === 'string') return blankWhere(column, field.nullable);
      return isNever(field) ? never(field, column) : { [column]: null };
    case 'isnotnull':
      if (field.type === 'string') return notBlankWhere(column, field.nullable);
      return isNever(field) ? always(field, column) : { [column]: { not: null } };
    case 'eq':
      return isDate ? dateEquals(column, first as DateValue) : { [column]: first };
    case 'neq':
      return orNull(
        field,
        column,
        isDate ? { NOT: dateEquals(column, first as DateValue) } : { [column]: { not: first } },
      );
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return isDate ? dateCompare(column, operator, first as DateValue) : { [column]: { [operator]: first } };
    case 'in':
      return isDate
        ? { OR: values.map((value) => dateEquals(column, value as DateValue)) }
        : { [column]: { in: values } };
    case 'nin':
      return orNull(
        field,
        column,
        isDate
          ? { NOT: values.map((value) => dateEquals(column, value as DateValue)) }
          : { [column]: { notIn: values } },
      );
    case 'btn': {
      if (!isDate) return { [column]: { gte: first, lte: second } };
      const low = first as DateValue;
      const high = second as DateValue;
      return { [column]: { gte: low.start, ...(high.end ? { lt: high.end } : { lte: high.start }) } };
    }
    case 'like':
      return containsWhere(column, first as string);
    case 'notlike':
      return orNull(field, column, { NOT: containsWhere(column, first as string) });
  }
}

/** Wraps a condition in its relation hops: `{ hop: { some: … } }` for to-many, `{ hop: … }` for to-one. */
function throughHops(hops: readonly string[], toMany: readonly boolean[], inner: PrismaWhere): PrismaWhere {
  return hops.reduceRight<PrismaWhere>(
    (where, hop, index) => ({ [hop]: toMany[index] ? { some: where } : where }),
    inner,
  );
}

/**
 * The Prisma `where` of one checked condition on one field. Across a to-many relation a positive
 * condition matches when any element matches (`some`), and a negation (neq, nin, notlike, isnull)
 * when no element matches its positive (`none`): `notlike` is exactly "not `like`". A to-one hop
 * nests the condition, so a row whose related record is missing matches no condition on it.
 */
export function fieldWhere(
  field: ResolvedField,
  operator: FilterOperator,
  values: readonly FilterValue[],
): PrismaWhere {
  if (field.where) return field.where.build({ field: field.name, operator, values });
  const column = field.path[field.path.length - 1];
  const hops = field.path.slice(0, -1);
  const firstToMany = field.toMany.indexOf(true);
  const positive = NEGATED[operator];
  if (firstToMany === -1 || !positive)
    return throughHops(hops, field.toMany, columnWhere(field, column, operator, values));
  const below = throughHops(
    hops.slice(firstToMany + 1),
    field.toMany.slice(firstToMany + 1),
    columnWhere(field, column, positive, values),
  );
  return throughHops(hops.slice(0, firstToMany), field.toMany, { [hops[firstToMany]]: { none: below } });
}
