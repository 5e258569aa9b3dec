export { defineListQuery } from './definition/list-query.definition';
export type {
  CustomWhere,
  DateValue,
  EnumFieldDeclaration,
  FieldDeclaration,
  FilterCondition,
  FilterValue,
  ListQueryDefinition,
  ListQueryOptions,
  PrismaOrderBy,
  PrismaWhere,
  ResolvedField,
  ScalarFieldDeclaration,
} from './definition/list-query.definition';
export { checkListQueryAgainstModel, datamodelInfo } from './definition/model-check';
export type { DatamodelInfo, EnumInfo, ModelFieldInfo, ModelInfo } from './definition/model-check';
export { FILTER_OPERATORS, OPERATORS_BY_TYPE } from './filter/filter-operators';
export type { FieldType, FilterOperator } from './filter/filter-operators';
export { printFilter, quoteFilterValue } from './filter/filter-ast';
export type { FilterConditionNode, FilterGroupNode, FilterNode } from './filter/filter-ast';
export { parseFilter } from './filter/filter.parser';
export { escapeLike } from './filter/where.builder';
export { plusDecodedAsSpace } from './filter/field-values';
export { fullNameFilter } from './filter/full-name.filter';
export type { FullNameFilterOptions } from './filter/full-name.filter';
export { parseListQuery } from './list-query.parser';
export type { CountMode, ParsedListQuery } from './list-query.parser';
export { DEFAULT_EXACT_COUNT_LIMIT } from './paging/count-strategy';
export type { CountArgs } from './paging/count-strategy';
export { paginate, singlePage } from './paging/paginate';
export { keysFirst } from './paging/keys-first';
export type { FindManyArgs, Page, PageQueries, PaginateOptions, Paging } from './paging/paginate';
export { ListQuery } from './nest/list-query.decorator';
export { ApiList, ApiListQuery } from './nest/api-list-query.decorator';
export { PagingResponse, pageResponseOf } from './paging/paging.response';
export { FilterConditionError } from './query-error';
export { LIST_QUERY_LIMITS } from './limits';
export { Sql, sql, param, table, raw, column, join, and, or, not } from './sql/sql';
export type { SqlParameter, SqlPart, SqlTable } from './sql/sql';
export type { SqlColumnMap, SqlCustomWhere, SqlRelation, SqlTableMap } from './sql/column-map';
export { containsSql, existsSql, ROOT_ALIAS } from './sql/where.compiler';
export { fullNameSql } from './sql/full-name.sql';
export { orderBySql, paginateSql, parseSqlListQuery, sqlListQuery } from './sql/sql-list-query';
export type { SqlListQueryDefinition, SqlPageOptions, SqlParsedListQuery, SqlRunner } from './sql/sql-list-query';
export { SqlListQuery } from './sql/sql-list-query.decorator';
