/** The operators of the public API's filter language (seed: "Supported operators"). */
export const FILTER_OPERATORS = [
  'isnull',
  'isnotnull',
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'nin',
  'btn',
  'like',
  'notlike',
] as const;

export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export type FieldType = 'string' | 'enum' | 'integer' | 'bigint' | 'number' | 'decimal' | 'boolean' | 'date' | 'uuid';

export const FIELD_TYPES: readonly FieldType[] = [
  'string',
  'enum',
  'integer',
  'bigint',
  'number',
  'decimal',
  'boolean',
  'date',
  'uuid',
];

const EQUALITY: readonly FilterOperator[] = ['isnull', 'isnotnull', 'eq', 'neq', 'in', 'nin'];
const ORDERED: readonly FilterOperator[] = [...EQUALITY, 'gt', 'gte', 'lt', 'lte', 'btn'];

/**
 * Which operators each type takes. Ranges only where order means something independent of the
 * database's collation (numbers and dates); like/notlike only on text; a boolean is equal or not.
 */
export const OPERATORS_BY_TYPE: Readonly<Record<FieldType, readonly FilterOperator[]>> = {
  string: [...EQUALITY, 'like', 'notlike'],
  enum: EQUALITY,
  integer: ORDERED,
  bigint: ORDERED,
  number: ORDERED,
  decimal: ORDERED,
  date: ORDERED,
  boolean: ['isnull', 'isnotnull', 'eq', 'neq'],
  uuid: EQUALITY,
};

/** How many values each operator takes after the field. */
export const OPERATOR_ARITY: Readonly<Record<FilterOperator, { min: number; max: number; shape: string }>> = {
  isnull: { min: 0, max: 0, shape: 'no value' },
  isnotnull: { min: 0, max: 0, shape: 'no value' },
  eq: { min: 1, max: 1, shape: 'exactly one value' },
  neq: { min: 1, max: 1, shape: 'exactly one value' },
  gt: { min: 1, max: 1, shape: 'exactly one value' },
  gte: { min: 1, max: 1, shape: 'exactly one value' },
  lt: { min: 1, max: 1, shape: 'exactly one value' },
  lte: { min: 1, max: 1, shape: 'exactly one value' },
  in: { min: 1, max: Number.POSITIVE_INFINITY, shape: 'one or more values' },
  nin: { min: 1, max: Number.POSITIVE_INFINITY, shape: 'one or more values' },
  btn: { min: 2, max: 2, shape: 'exactly two values (low,high)' },
  like: { min: 1, max: 1, shape: 'exactly one value' },
  notlike: { min: 1, max: 1, shape: 'exactly one value' },
};

/** Each negating operator and the condition it negates: `neq` is "not `eq`", `isnull` is "not `isnotnull`". */
export const NEGATED: Readonly<Partial<Record<FilterOperator, FilterOperator>>> = {
  neq: 'eq',
  nin: 'in',
  notlike: 'like',
  isnull: 'isnotnull',
};

export function operatorNamed(name: string): FilterOperator | undefined {
  const lower = name.toLowerCase();
  return (FILTER_OPERATORS as readonly string[]).includes(lower) ? (lower as FilterOperator) : undefined;
}
