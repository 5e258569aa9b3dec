import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { ListQueryDefinition } from '../definition/list-query.definition';
import { parseListQuery, ParsedListQuery } from '../list-query.parser';

const listQueryParameter = createParamDecorator(
  (definition: ListQueryDefinition, context: ExecutionContext): ParsedListQuery =>
    parseListQuery(definition, context.switchToHttp().getRequest<{ query?: unknown }>().query),
);

/**
 * The request's list query, checked against `definition`: `list(@ListQuery(CONTACT_QUERY) query: ParsedListQuery)`.
 * A malformed query never reaches the method: it is a 400 with the error body.
 */
export function ListQuery(definition: ListQueryDefinition): ParameterDecorator {
  return listQueryParameter(definition);
}
