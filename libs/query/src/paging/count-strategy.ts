import type { PrismaWhere } from '../definition/list-query.definition';
import type { CountMode } from '../list-query.parser';

/**
 * Up to this many matching records `totalNumberOfRecords` is exact; past it, counting stops and
 * the total is a lower bound marked `totalNumberOfRecordsIsEstimate`. The one knob of the count
 * cost: `paginate`'s `exactCountLimit` overrides it per call.
 */
export const DEFAULT_EXACT_COUNT_LIMIT = 10_000;

export interface CountArgs {
  where: PrismaWhere;
  /** Present when counting may stop early: the count is then at most `take`. */
  take?: number;
}

export interface PageSeen {
  readonly skip: number;
  /** Rows on this page. */
  readonly rows: number;
  /** The look-ahead row exists. */
  readonly hasNextPage: boolean;
}

export interface RecordCount {
  readonly total: number;
  readonly estimate: boolean;
}

/**
 * The total for the paging envelope, as cheaply as it can be known:
 * 1. a page that has rows (or is the first) and no next page tells the total itself: no query;
 * 2. `count=exact`: one full count;
 * 3. otherwise a count that stops after `limit + 1` rows: exact up to `limit`, else a lower bound.
 * Never less than what the page itself shows (the count runs after the page and rows can change between).
 */
export async function countRecords(
  count: (args: CountArgs) => PromiseLike<number>,
  where: PrismaWhere,
  seen: PageSeen,
  mode: CountMode,
  limit: number,
): Promise<RecordCount> {
  // An empty page says nothing about the rows it skipped: it may lie past the end.
  const atLeast = seen.rows === 0 ? 0 : seen.skip + seen.rows + (seen.hasNextPage ? 1 : 0);
  if (!seen.hasNextPage && (seen.rows > 0 || seen.skip === 0)) return { total: atLeast, estimate: false };
  if (mode === 'exact') return { total: Math.max(await count({ where }), atLeast), estimate: false };
  const counted = await count({ where, take: limit + 1 });
  if (counted <= limit) return { total: Math.max(counted, atLeast), estimate: false };
  return { total: Math.max(limit + 1, atLeast), estimate: true };
}
