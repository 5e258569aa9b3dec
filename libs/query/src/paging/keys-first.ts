import type { FindManyArgs } from './paginate';

/**
 * A page's `findMany` as two reads: first the page's keys alone (`select: { id: true }` with the
 * request's filter, order, skip and take), then the rows of those keys with their relations, put
 * back in the keys' order.
 *
 * The first read touches one narrow column: where an index leads with the tenant, covers the
 * filter and matches the order, it is an index-only scan, and `OFFSET` skips index entries, not
 * rows — a deep page costs its keys, not the rows before it. The second builds rows and relations
 * (LATERAL joins under Prisma's `relationJoins`) for the page's rows only: PostgreSQL applies
 * `LIMIT`/`OFFSET` above a join, so one statement would build them for every row it skips.
 * A row deleted between the two reads is simply missing from the page.
 */
export function keysFirst<K, T>(
  findKeys: (args: FindManyArgs) => PromiseLike<K[]>,
  findByKeys: (keys: K[]) => PromiseLike<T[]>,
  keyOf: (row: T) => K,
): (args: FindManyArgs) => Promise<T[]> {
  return async (args) => {
    const keys = await findKeys(args);
    if (keys.length === 0) return [];
    const byKey = new Map((await findByKeys(keys)).map((row) => [keyOf(row), row]));
    return keys.flatMap((key) => {
      const row = byKey.get(key);
      return row === undefined ? [] : [row];
    });
  };
}
