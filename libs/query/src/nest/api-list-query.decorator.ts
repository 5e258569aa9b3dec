import { Type, applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiQuery } from '@nestjs/swagger';
import { fieldNames, ListQueryDefinition, ResolvedField } from '../definition/list-query.definition';
import { LIST_QUERY_LIMITS } from '../limits';
import { DEFAULT_EXACT_COUNT_LIMIT } from '../paging/count-strategy';
import { pageResponseOf } from '../paging/paging.response';

const TYPE_NOTES: Record<ResolvedField['type'], string> = {
  string: 'text',
  enum: 'one of the values below, case-insensitive',
  integer: 'integer',
  bigint: '64-bit integer',
  number: 'number',
  decimal: 'decimal number in plain notation',
  boolean: 'true or false',
  date: 'ISO 8601 date (the whole UTC day) or date-time (UTC unless it has an offset)',
  uuid: 'UUID',
};

function fieldDescription(field: ResolvedField): string {
  const lines = [
    field.description,
    `Type: ${TYPE_NOTES[field.type]}${field.nullable ? ', can be empty' : ''}.`,
    field.type === 'enum' ? `Values: ${field.enumValues.join(', ')}.` : undefined,
    `Exact match: \`?${field.name}=value\`; with an operator: \`?${field.name}={operator}::{value}\` ` +
      `(lists comma-separated, values in double quotes may hold commas). Operators: ${field.operators.join(', ')}.`,
  ];
  return lines.filter(Boolean).join(' ');
}

/**
 * Documents a list endpoint's query in the OpenAPI reference: paging, sort (with the sortable
 * fields), filter, count and every filterable field with its type and operators.
 */
export function ApiListQuery(definition: ListQueryDefinition): ReturnType<typeof applyDecorators> {
  const sortable = fieldNames(definition, (field) => field.sortable);
  const filterable = [...definition.fields.values()].filter((field) => field.filterable);
  return applyDecorators(
    ApiQuery({
      name: 'pageNumber',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: LIST_QUERY_LIMITS.maxPageNumber, default: 1 },
      description: 'The page to return, from 1. A page past the end is empty.',
    }),
    ApiQuery({
      name: 'pageSize',
      required: false,
      schema: {
        type: 'integer',
        minimum: 1,
        maximum: LIST_QUERY_LIMITS.maxPageSize,
        default: LIST_QUERY_LIMITS.defaultPageSize,
      },
      description: 'Records per page.',
    }),
    ApiQuery({
      name: 'sort',
      required: false,
      schema: { type: 'string' },
      description:
        sortable.length === 0
          ? 'This list cannot be sorted; it is in a stable order.'
          : `Comma-separated fields, -field descending, +field or field ascending, e.g. \`-${sortable[0]}\`. ` +
            `Sortable fields: ${sortable.join(', ')}. Ties are broken by ${definition.tiebreaker}.`,
    }),
    ApiQuery({
      name: 'filter',
      required: false,
      schema: { type: 'string', maxLength: LIST_QUERY_LIMITS.maxParameterLength },
      description:
        'Advanced filter: nested AND(…)/OR(…) groups of {operator}({field},{value}…), e.g. ' +
        `\`AND(eq(${filterable[0]?.name ?? 'field'},value),OR(…))\`. Values in double quotes may hold commas, ` +
        `parentheses and spaces (escape \\" and \\\\). At most ${LIST_QUERY_LIMITS.maxFilterDepth} levels deep. ` +
        `Fields: ${filterable.map((field) => field.name).join(', ') || 'none'}.`,
    }),
    ApiQuery({
      name: 'count',
      required: false,
      schema: { type: 'string', enum: ['exact'] },
      description:
        `Past ${DEFAULT_EXACT_COUNT_LIMIT} matching records totalNumberOfRecords is a lower bound marked ` +
        'totalNumberOfRecordsIsEstimate; `exact` counts them all.',
    }),
    ...filterable.map((field) =>
      ApiQuery({ name: field.name, required: false, schema: { type: 'string' }, description: fieldDescription(field) }),
    ),
  );
}

/**
 * A list operation in the OpenAPI reference: its 200 is the named envelope `{data, paging}` of
 * `item` (`ContactPage`), and with a definition its query (`ApiListQuery`) too.
 */
export function ApiList(
  item: Type,
  definition?: ListQueryDefinition,
  description = 'One page of the list, with where it is in the whole list.',
): ReturnType<typeof applyDecorators> {
  return applyDecorators(
    ApiOkResponse({ type: pageResponseOf(item), description }),
    ...(definition ? [ApiListQuery(definition)] : []),
  );
}
