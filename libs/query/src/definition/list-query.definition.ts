import { FIELD_TYPES, FieldType, FilterOperator, OPERATORS_BY_TYPE } from '../filter/filter-operators';
import { RESERVED_PARAMETERS } from '../limits';

/** A Prisma `where` object, built by the library; assignable to any model's `WhereInput`. */
export type PrismaWhere = Record<string, unknown>;
/** One Prisma `orderBy` entry, e.g. `{ updatedAt: 'desc' }` or `{ country: { sort: 'asc', nulls: 'last' } }`. */
export type PrismaOrderBy = Record<string, unknown>;

/** A date value of a filter: an instant, or a whole UTC day `[start, end)` when given as `YYYY-MM-DD`. */
export interface DateValue {
  readonly start: Date;
  /** Exclusive end of the day, present only for a date-only value. */
  readonly end?: Date;
}

/**
 * A value parsed by its field's type: decimals stay strings (Prisma's Decimal takes them exactly),
 * `bigint` fields give a JavaScript `bigint` (exact over the whole 64-bit range).
 */
export type FilterValue = string | number | bigint | boolean | DateValue;

/** One condition on one field, as a custom `where` builder receives it: checked and typed. */
export interface FilterCondition {
  readonly field: string;
  readonly operator: FilterOperator;
  readonly values: readonly FilterValue[];
}

/** A field whose condition is not a column comparison, e.g. `fullNameFilter('firstName', 'lastName')`. */
export interface CustomWhere {
  /** The operators it understands; any other is a 400 naming field and operator. */
  readonly operators: readonly FilterOperator[];
  /** The Prisma `where` for one condition; throw `FilterConditionError` for a value it refuses. */
  build(condition: FilterCondition): PrismaWhere;
}

interface FieldDeclarationBase {
  /** Shown in the OpenAPI reference. */
  readonly description?: string;
  /** Can be filtered on (default true). */
  readonly filterable?: boolean;
  /** Can be sorted by (default false). */
  readonly sortable?: boolean;
  /**
   * The column can be NULL. Must match the schema: it makes negations match NULL rows, and
   * sorting puts NULLs last (Prisma refuses `nulls` on a required column).
   */
  readonly nullable?: boolean;
  /** The Prisma path, relation hops first (default: the key). */
  readonly path?: readonly string[];
  /**
   * Which relation hops of `path` are to-many (matched with `some`, negated with `none`): `true`
   * for all of them, or the names of those that are. Other hops are to-one and nest the condition.
   */
  readonly list?: boolean | readonly string[];
  /** Narrows the operators the type allows. */
  readonly operators?: readonly FilterOperator[];
  /** A virtual field with its own builder instead of a column. */
  readonly where?: CustomWhere;
  /** Rewrites each value of a string field before it is used, e.g. `plusDecodedAsSpace` for phone numbers. */
  readonly normalize?: (value: string) => string;
}

export interface EnumFieldDeclaration extends FieldDeclarationBase {
  readonly type: 'enum';
  /** The declared spelling; filter values match case-insensitively and are normalised to it. */
  readonly values: readonly string[];
}

export interface ScalarFieldDeclaration extends FieldDeclarationBase {
  readonly type: Exclude<FieldType, 'enum'>;
}

export type FieldDeclaration = ScalarFieldDeclaration | EnumFieldDeclaration;

export interface ListQueryOptions {
  /** Every public field of the list, keyed by its public (query) name, e.g. `phoneNumbers.phoneNumber`. */
  readonly fields: Readonly<Record<string, FieldDeclaration>>;
  /** A unique column always appended to `orderBy` (ascending) so that paging is stable. Default `id`. */
  readonly tiebreaker?: string;
  /** Query parameters the endpoint reads itself; the list query ignores them instead of refusing them. */
  readonly otherParameters?: readonly string[];
}

/** A field declaration with its defaults applied and its path resolved. */
export interface ResolvedField {
  readonly name: string;
  readonly type: FieldType;
  readonly description?: string;
  readonly enumValues: readonly string[];
  readonly filterable: boolean;
  readonly sortable: boolean;
  readonly nullable: boolean;
  /** Relation hops, then the column. */
  readonly path: readonly string[];
  /** For each relation hop of `path`: is it to-many? */
  readonly toMany: readonly boolean[];
  readonly operators: readonly FilterOperator[];
  readonly where?: CustomWhere;
  readonly normalize?: (value: string) => string;
}

/** One endpoint's list query: made once by `defineListQuery`, used by parser, decorators and docs. */
export interface ListQueryDefinition {
  readonly fields: ReadonlyMap<string, ResolvedField>;
  readonly tiebreaker: string;
  readonly otherParameters: ReadonlySet<string>;
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const PRISMA_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function resolveField(name: string, declaration: FieldDeclaration): ResolvedField {
  const fail = (problem: string): never => {
    throw new Error(`defineListQuery: field '${name}' ${problem}`);
  };
  if (!FIELD_NAME.test(name)) fail('is not a valid field name (letters, digits, _ and dots).');
  if ((RESERVED_PARAMETERS as readonly string[]).includes(name)) fail('clashes with a list query parameter.');
  if (!FIELD_TYPES.includes(declaration.type)) fail(`has an unknown type '${String(declaration.type)}'.`);

  const enumValues = declaration.type === 'enum' ? declaration.values : [];
  if (declaration.type === 'enum') {
    if (enumValues.length === 0) fail('is an enum without values.');
    const folded = new Set(enumValues.map((value) => value.toUpperCase()));
    if (folded.size !== enumValues.length) fail('has enum values that differ only in case.');
  }

  const path = declaration.path ?? [name];
  if (path.length === 0 || !path.every((hop) => PRISMA_NAME.test(hop))) fail('has an invalid path.');
  const hops = path.slice(0, -1);
  const list = declaration.list ?? false;
  if (Array.isArray(list) && !list.every((hop) => hops.includes(hop)))
    fail('lists a to-many hop that is not a relation hop of its path.');
  if (list === true && hops.length === 0) fail('is marked list but its path has no relation hop.');
  const toMany = hops.map((hop) => (typeof list === 'boolean' ? list : list.includes(hop)));

  const custom = declaration.where;
  const typeOperators = OPERATORS_BY_TYPE[declaration.type];
  const operators = declaration.operators ?? custom?.operators ?? typeOperators;
  const allowed = custom?.operators ?? typeOperators;
  const refused = operators.filter((operator) => !allowed.includes(operator));
  if (refused.length > 0) fail(`allows operators its type or builder does not take: ${refused.join(', ')}.`);
  if (operators.length === 0) fail('allows no operator.');

  const sortable = declaration.sortable ?? false;
  if (custom && (declaration.path || declaration.list)) fail('has a custom where builder, which takes no path.');
  if (sortable && custom) fail('cannot be sortable: it has a custom where builder.');
  if (declaration.normalize && declaration.type !== 'string') fail('normalizes values, which only string fields do.');
  if (sortable && toMany.some(Boolean)) fail('cannot be sortable: its path crosses a to-many relation.');

  return {
    name,
    type: declaration.type,
    description: declaration.description,
    enumValues,
    filterable: declaration.filterable ?? true,
    sortable,
    nullable: declaration.nullable ?? false,
    path,
    toMany,
    operators,
    where: custom,
    normalize: declaration.normalize,
  };
}

/**
 * Declares the filterable and sortable fields of one list endpoint, in one place. Mistakes in
 * the declaration throw at start-up; everything a client sends is checked against it.
 *
 * @example
 * export const CONTACT_QUERY = defineListQuery({
 *   fields: {
 *     firstName: { type: 'string', sortable: true },
 *     industry: { type: 'enum', values: ['RETAIL', 'GOVERNMENT'], nullable: true },
 *     'phoneNumbers.phoneNumber': { type: 'string', path: ['phoneNumbers', 'phoneNumber'], list: true },
 *     fullName: { type: 'string', where: fullNameFilter('firstName', 'lastName') },
 *   },
 *   tiebreaker: 'id',
 * });
 */
export function defineListQuery(options: ListQueryOptions): ListQueryDefinition {
  const fields = new Map<string, ResolvedField>();
  for (const [name, declaration] of Object.entries(options.fields)) fields.set(name, resolveField(name, declaration));
  const tiebreaker = options.tiebreaker ?? 'id';
  if (!PRISMA_NAME.test(tiebreaker))
    throw new Error(`defineListQuery: tiebreaker '${tiebreaker}' is not a column name.`);
  const otherParameters = new Set(options.otherParameters ?? []);
  for (const parameter of otherParameters) {
    if (fields.has(parameter) || (RESERVED_PARAMETERS as readonly string[]).includes(parameter)) {
      throw new Error(
        `defineListQuery: other parameter '${parameter}' clashes with a field or a list query parameter.`,
      );
    }
  }
  return { fields, tiebreaker, otherParameters };
}

/** The names of the fields that pass `test`, for error messages and docs. */
export function fieldNames(definition: ListQueryDefinition, test: (field: ResolvedField) => boolean): string[] {
  return [...definition.fields.values()].filter(test).map((field) => field.name);
}
