import { fieldNames, ListQueryDefinition, PrismaOrderBy, ResolvedField } from '../definition/list-query.definition';
import { invalidParameter, quoted } from '../query-error';

export interface ParsedSort {
  /** The requested order, then the tiebreaker ascending unless the sort already names it. */
  readonly orderBy: PrismaOrderBy[];
  /** The sort as given, a leading space (a `+` decoded by the query string) restored to `+`; null without sort. */
  readonly sortingCriteria: string | null;
}

function orderByFor(field: ResolvedField, direction: 'asc' | 'desc'): PrismaOrderBy {
  // NULLs last in both directions: `sort=-employeeCount` starts with the biggest, not with the unknown.
  const order = field.nullable ? { sort: direction, nulls: 'last' } : direction;
  return field.path.reduceRight<unknown>((inner, hop) => ({ [hop]: inner }), order) as PrismaOrderBy;
}

/** `sort=-country,+firstName` (or ` firstName`, or `firstName`) against the sortable fields. */
export function parseSort(definition: ListQueryDefinition, text: string | undefined): ParsedSort {
  const tiebreaker = { [definition.tiebreaker]: 'asc' };
  if (text === undefined) return { orderBy: [tiebreaker], sortingCriteria: null };
  const sortable = fieldNames(definition, (field) => field.sortable);
  const fail: (problem: string, position: number) => never = (problem, position) => {
    throw invalidParameter('sort', problem, position);
  };
  const orderBy: PrismaOrderBy[] = [];
  const criteria: string[] = [];
  const seen = new Set<string>();
  let hasTiebreaker = false;
  let position = 0;
  for (const item of text.split(',')) {
    const sign = /^[+\- ]/.test(item) ? item[0] : '';
    const name = item.slice(sign.length);
    const field = name === '' ? undefined : definition.fields.get(name);
    if (!field?.sortable) {
      const what = name === '' ? 'a field name is missing' : `cannot sort by ${quoted(name)}`;
      return fail(
        `${what}; sortable fields: ${sortable.join(', ') || 'none'}. Use -field for descending order.`,
        position,
      );
    }
    if (seen.has(name)) fail(`${quoted(name)} is sorted by twice.`, position);
    seen.add(name);
    orderBy.push(orderByFor(field, sign === '-' ? 'desc' : 'asc'));
    criteria.push(sign === ' ' ? `+${name}` : item);
    hasTiebreaker ||= field.path.length === 1 && field.path[0] === definition.tiebreaker;
    position += item.length + 1;
  }
  if (!hasTiebreaker) orderBy.push(tiebreaker);
  return { orderBy, sortingCriteria: criteria.join(',') };
}
