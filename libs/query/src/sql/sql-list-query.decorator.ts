import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { parseSqlListQuery, SqlListQueryDefinition, SqlParsedListQuery } from './sql-list-query';

const sqlListQueryParameter = createParamDecorator(
  (definition: SqlListQueryDefinition, context: ExecutionContext): SqlParsedListQuery =>
    parseSqlListQuery(definition, context.switchToHttp().getRequest<{ query?: unknown }>().query),
);

/**
 * `@ListQuery` for the raw read path: the same checks and 400s, and the filter compiled to SQL.
 * `list(@SqlListQuery(CONTACT_SQL_QUERY) query: SqlParsedListQuery)`.
 */
export function SqlListQuery(definition: SqlListQueryDefinition): ParameterDecorator {
  return sqlListQueryParameter(definition);
}
