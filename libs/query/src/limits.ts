/** The bounds of the list query language; the README explains each. */
export const LIST_QUERY_LIMITS = {
  /** Longest value of any one query parameter (a `filter` expression included), in characters. */
  maxParameterLength: 4_000,
  /** Deepest nesting of AND/OR groups in a `filter` expression. */
  maxFilterDepth: 20,
  /** Most values of one `in`/`nin` condition. */
  maxListValues: 100,
  defaultPageSize: 20,
  maxPageSize: 100,
  /** Largest pageNumber; any page up to it that lies past the end is simply empty. */
  maxPageNumber: 2_147_483_647,
} as const;

/** Query parameters that belong to the list itself rather than to a field. */
export const RESERVED_PARAMETERS = ['pageNumber', 'pageSize', 'sort', 'filter', 'count'] as const;
