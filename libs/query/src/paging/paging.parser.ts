import { LIST_QUERY_LIMITS } from '../limits';
import { invalidParameter } from '../query-error';

function parseBoundedInteger(parameter: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 1 && value <= max)) throw invalidParameter(parameter, `must be an integer from 1 to ${max}.`);
  return value;
}

/** `pageNumber` (≥ 1, default 1) and `pageSize` (1..100, default 20); anything else is a 400 naming the parameter. */
export function parsePaging(
  pageNumber: string | undefined,
  pageSize: string | undefined,
): { pageNumber: number; pageSize: number } {
  return {
    pageNumber: parseBoundedInteger('pageNumber', pageNumber, 1, LIST_QUERY_LIMITS.maxPageNumber),
    pageSize: parseBoundedInteger(
      'pageSize',
      pageSize,
      LIST_QUERY_LIMITS.defaultPageSize,
      LIST_QUERY_LIMITS.maxPageSize,
    ),
  };
}
