import type { PrismaOrderBy, PrismaWhere } from '../definition/list-query.definition';
import type { ParsedListQuery } from '../list-query.parser';
import { CountArgs, countRecords, DEFAULT_EXACT_COUNT_LIMIT } from './count-strategy';

/** The `paging` object of a list response; names and order exactly as the public reference shows. */
export interface Paging {
  pageNumber: number;
  pageSize: number;
  totalNumberOfRecords: number;
  totalNumberOfPages: number;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  sortingCriteria: string | null;
  hasMore: boolean;
  /** Present (true) only when the total is a lower bound rather than exact. */
  totalNumberOfRecordsIsEstimate?: true;
}

/** A list response: `{ data, paging }`. */
export interface Page<T> {
  data: T[];
  paging: Paging;
}

export interface FindManyArgs {
  where: PrismaWhere;
  orderBy: PrismaOrderBy[];
  skip: number;
  take: number;
}

/** The two reads of a page, usually a Prisma delegate's: `{ findMany: (a) => db.contact.findMany({ ...a, include }), count: (a) => db.contact.count(a) }`. */
export interface PageQueries<T> {
  findMany(args: FindManyArgs): PromiseLike<T[]>;
  count(args: CountArgs): PromiseLike<number>;
}

export interface PaginateOptions {
  /** A condition of the caller's (a visibility rule, a parent id), combined with the request's filters by AND. */
  where?: PrismaWhere;
  /** Exact counting stops here (default `DEFAULT_EXACT_COUNT_LIMIT`). */
  exactCountLimit?: number;
}

function isEmpty(where: PrismaWhere | undefined): boolean {
  return where === undefined || Object.keys(where).length === 0;
}

/** The request's filters and the caller's condition, both required. */
export function mergeWhere(parsed: PrismaWhere, extra: PrismaWhere | undefined): PrismaWhere {
  if (isEmpty(extra)) return parsed;
  if (isEmpty(parsed)) return extra as PrismaWhere;
  return { AND: [parsed, extra] };
}

/**
 * Reads one page: `pageSize + 1` rows (the extra one only tells whether a next page exists), then
 * the total as `countRecords` decides. A page past the end is an empty `data`, not an error.
 */
export async function paginate<T>(
  parsed: ParsedListQuery,
  queries: PageQueries<T>,
  options: PaginateOptions = {},
): Promise<Page<T>> {
  const where = mergeWhere(parsed.where, options.where);
  const rows = await queries.findMany({ where, orderBy: parsed.orderBy, skip: parsed.skip, take: parsed.pageSize + 1 });
  const hasNextPage = rows.length > parsed.pageSize;
  const data = hasNextPage ? rows.slice(0, parsed.pageSize) : rows;
  const { total, estimate } = await countRecords(
    (args) => queries.count(args),
    where,
    { skip: parsed.skip, rows: data.length, hasNextPage },
    parsed.count,
    options.exactCountLimit ?? DEFAULT_EXACT_COUNT_LIMIT,
  );
  const paging: Paging = {
    pageNumber: parsed.pageNumber,
    pageSize: parsed.pageSize,
    totalNumberOfRecords: total,
    totalNumberOfPages: Math.ceil(total / parsed.pageSize),
    hasNextPage,
    hasPreviousPage: parsed.pageNumber > 1,
    sortingCriteria: parsed.sortingCriteria,
    hasMore: hasNextPage,
  };
  if (estimate) paging.totalNumberOfRecordsIsEstimate = true;
  return { data, paging };
}

/**
 * A short fixed list (a catalogue, a handful of subscriptions) in the list envelope: every item
 * on page one.
 */
export function singlePage<T>(data: T[]): Page<T> {
  return {
    data,
    paging: {
      pageNumber: 1,
      pageSize: data.length,
      totalNumberOfRecords: data.length,
      totalNumberOfPages: data.length > 0 ? 1 : 0,
      hasNextPage: false,
      hasPreviousPage: false,
      sortingCriteria: null,
      hasMore: false,
    },
  };
}
