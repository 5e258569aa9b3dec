import { fieldNames, ListQueryDefinition, PrismaOrderBy, PrismaWhere } from './definition/list-query.definition';
import type { FilterNode } from './filter/filter-ast';
import { FilterOperator, OPERATOR_ARITY, operatorNamed } from './filter/filter-operators';
import { compareValues, parseFieldValue } from './filter/field-values';
import { checkArity, checkLength, parseFilter, parseValueList } from './filter/filter.parser';
import { fieldWhere } from './filter/where.builder';
import { RESERVED_PARAMETERS } from './limits';
import { parsePaging } from './paging/paging.parser';
import { FilterConditionError, invalidParameter, quoted } from './query-error';
import { parseSort } from './sort/sort.parser';

/** `auto`: exact up to a threshold, then a lower bound (see `paginate`); `exact` (`?count=exact`): always exact. */
export type CountMode = 'auto' | 'exact';

/** One list request, checked and translated: hand it to `paginate`, or use its parts with Prisma directly. */
export interface ParsedListQuery {
  /** Every filter of the request (basic, match-type, `filter`), combined with AND; `{}` when none. */
  readonly where: PrismaWhere;
  /** The requested sort, then the tiebreaker. */
  readonly orderBy: PrismaOrderBy[];
  readonly pageNumber: number;
  readonly pageSize: number;
  readonly skip: number;
  readonly take: number;
  readonly sortingCriteria: string | null;
  readonly count: CountMode;
}

/** A condition with the positions of its parts where it came from an expression (match-type or `filter`). */
interface LocatedCondition {
  readonly operator: FilterOperator;
  readonly field: string;
  readonly values: readonly string[];
  readonly position?: number;
  readonly fieldPosition?: number;
  readonly valuePositions?: readonly number[];
}

function conditionWhere(definition: ListQueryDefinition, parameter: string, condition: LocatedCondition): PrismaWhere {
  const { operator, values } = condition;
  const fail: (problem: string, position?: number) => never = (problem, position) => {
    throw invalidParameter(parameter, problem, position);
  };
  const field = definition.fields.get(condition.field);
  if (!field?.filterable) {
    const filterable = fieldNames(definition, (candidate) => candidate.filterable);
    return fail(
      `cannot filter by ${quoted(condition.field)}; filterable fields: ${filterable.join(', ') || 'none'}.`,
      condition.fieldPosition,
    );
  }
  if (!field.operators.includes(operator)) {
    fail(
      `${operator} cannot be used on ${field.name} (${field.type}); it takes ${field.operators.join(', ')}.`,
      condition.position,
    );
  }
  /** Runs a step that may refuse a value, reporting where that value (or condition) is. */
  const at = <T>(position: number | undefined, step: () => T): T => {
    try {
      return step();
    } catch (error) {
      if (error instanceof FilterConditionError) fail(`${field.name}: ${error.message}`, position);
      throw error;
    }
  };
  const typed = values.map((raw, index) => at(condition.valuePositions?.[index], () => parseFieldValue(field, raw)));
  if (operator === 'btn' && compareValues(field, typed[0], typed[1]) > 0) {
    fail(
      `${field.name}: btn needs the low value first, got ${quoted(values[0])} > ${quoted(values[1])}.`,
      condition.valuePositions?.[0],
    );
  }
  return at(condition.position, () => fieldWhere(field, operator, typed));
}

function filterWhere(definition: ListQueryDefinition, node: FilterNode): PrismaWhere {
  if (node.kind === 'condition') return conditionWhere(definition, 'filter', node);
  return { [node.logic]: node.children.map((child) => filterWhere(definition, child)) };
}

/**
 * One field parameter: `?country=US` (exact match), `?country=in::US,FR` (match type) or
 * `?zip=isnull::` / `?zip=isnull`. To match a value that contains `::`, write `eq::a::b`.
 */
function fieldParameterWhere(definition: ListQueryDefinition, name: string, text: string): PrismaWhere {
  const separator = text.indexOf('::');
  if (separator === -1) {
    const bareOperator = operatorNamed(text);
    if (bareOperator && OPERATOR_ARITY[bareOperator].max === 0) {
      return conditionWhere(definition, name, { operator: bareOperator, field: name, values: [] });
    }
    if (text === '') throw invalidParameter(name, 'is empty: give a value, isnull:: or eq::"" for the empty string.');
    return conditionWhere(definition, name, { operator: 'eq', field: name, values: [text] });
  }
  const operator = operatorNamed(text.slice(0, separator));
  if (!operator) {
    throw invalidParameter(
      name,
      `unknown operator ${quoted(text.slice(0, separator))} before '::'; write eq::value to match a value that contains '::'.`,
      0,
    );
  }
  const start = separator + 2;
  const rest = text.slice(start);
  const list =
    OPERATOR_ARITY[operator].max === 0 && rest.trim() === ''
      ? { values: [], positions: [] }
      : parseValueList(text, name, start);
  checkArity(operator, list.values.length, (problem) => {
    throw invalidParameter(name, problem, 0);
  });
  return conditionWhere(definition, name, {
    operator,
    field: name,
    values: list.values,
    position: 0,
    valuePositions: list.positions,
  });
}

/** A parameter's values: Fastify gives a string, or an array for a repeated parameter. */
function valuesOf(parameter: string, raw: unknown): string[] {
  const values = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  return values.map((value) => {
    if (typeof value !== 'string') throw invalidParameter(parameter, 'must be a plain text value.');
    checkLength(value, parameter);
    return value;
  });
}

function single(parameter: string, values: string[] | undefined): string | undefined {
  if (values && values.length > 1) throw invalidParameter(parameter, 'is given more than once.');
  return values?.[0];
}

/**
 * Checks and translates one list request's query object (`request.query`) against the endpoint's
 * declaration. Every form of filter combines with AND, a repeated field parameter included
 * (`?createdAt=gte::2024-01-01&createdAt=lt::2024-02-01`); anything malformed is a
 * `BadRequestError` naming the parameter (and the position inside it).
 */
export function parseListQuery(definition: ListQueryDefinition, query: unknown): ParsedListQuery {
  if (query !== undefined && query !== null && typeof query !== 'object') {
    throw invalidParameter('query', 'the query string could not be read.');
  }
  const reserved = new Map<string, string[]>();
  const conditions: PrismaWhere[] = [];
  for (const [name, raw] of Object.entries(query ?? {})) {
    if (raw === undefined || definition.otherParameters.has(name)) continue;
    const values = valuesOf(name, raw);
    if ((RESERVED_PARAMETERS as readonly string[]).includes(name)) {
      reserved.set(name, values);
      if (name === 'filter') conditions.push(...values.map((text) => filterWhere(definition, parseFilter(text))));
      continue;
    }
    if (!definition.fields.has(name)) {
      const filterable = fieldNames(definition, (field) => field.filterable);
      throw invalidParameter(
        name,
        `is not a parameter of this list; it takes ${[...RESERVED_PARAMETERS, ...filterable, ...definition.otherParameters].join(', ')}.`,
      );
    }
    conditions.push(...values.map((text) => fieldParameterWhere(definition, name, text)));
  }

  const { pageNumber, pageSize } = parsePaging(
    single('pageNumber', reserved.get('pageNumber')),
    single('pageSize', reserved.get('pageSize')),
  );
  const { orderBy, sortingCriteria } = parseSort(definition, single('sort', reserved.get('sort')));
  const count = single('count', reserved.get('count'));
  if (count !== undefined && count !== 'exact') throw invalidParameter('count', `must be exact, got ${quoted(count)}.`);

  return {
    where: conditions.length === 0 ? {} : conditions.length === 1 ? conditions[0] : { AND: conditions },
    orderBy,
    pageNumber,
    pageSize,
    skip: (pageNumber - 1) * pageSize,
    take: pageSize,
    sortingCriteria,
    count: count === 'exact' ? 'exact' : 'auto',
  };
}
