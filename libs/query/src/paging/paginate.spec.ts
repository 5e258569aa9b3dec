import { CONTACT_QUERY } from '../list-query.fixtures';
import { parseListQuery } from '../list-query.parser';
import type { CountArgs } from './count-strategy';
import { FindManyArgs, paginate, PaginateOptions } from './paginate';

/** A table of `total` numbered rows behind findMany/count, recording every call. */
function table(total: number) {
  const calls = { findMany: [] as FindManyArgs[], count: [] as CountArgs[] };
  const rows = Array.from({ length: total }, (_, index) => ({ n: index + 1 }));
  return {
    calls,
    queries: {
      findMany: async (args: FindManyArgs) => {
        calls.findMany.push(args);
        return rows.slice(args.skip, args.skip + args.take);
      },
      count: async (args: CountArgs) => {
        calls.count.push(args);
        return args.take === undefined ? total : Math.min(total, args.take);
      },
    },
  };
}

async function page(total: number, query: Record<string, string>, options?: PaginateOptions) {
  const { queries, calls } = table(total);
  const result = await paginate(parseListQuery(CONTACT_QUERY, query), queries, options);
  return { ...result, calls };
}

describe('paginate', () => {
  it('answers the envelope of the public reference, names and order exactly', async () => {
    const { data, paging } = await page(1, { pageSize: '5', sort: '-updatedAt' });
    expect(data).toEqual([{ n: 1 }]);
    expect(JSON.stringify(paging)).toBe(
      '{"pageNumber":1,"pageSize":5,"totalNumberOfRecords":1,"totalNumberOfPages":1,"hasNextPage":false,' +
        '"hasPreviousPage":false,"sortingCriteria":"-updatedAt","hasMore":false}',
    );
  });

  it('reads one row more than the page to know whether a next page exists', async () => {
    const { data, paging, calls } = await page(45, { pageNumber: '2' });
    expect(calls.findMany).toEqual([{ where: {}, orderBy: [{ id: 'asc' }], skip: 20, take: 21 }]);
    expect(data.map((row) => row.n)).toEqual(Array.from({ length: 20 }, (_, index) => index + 21));
    expect(paging).toMatchObject({ pageNumber: 2, hasNextPage: true, hasMore: true, hasPreviousPage: true });
    expect(paging).toMatchObject({ totalNumberOfRecords: 45, totalNumberOfPages: 3, sortingCriteria: null });
  });

  it('knows the total from the last page without counting', async () => {
    const { paging, calls } = await page(45, { pageNumber: '3' });
    expect(calls.count).toEqual([]);
    expect(paging).toMatchObject({
      totalNumberOfRecords: 45,
      totalNumberOfPages: 3,
      hasNextPage: false,
      hasMore: false,
    });
  });

  it('answers an empty first page with zero records and pages', async () => {
    const { data, paging, calls } = await page(0, {});
    expect(data).toEqual([]);
    expect(calls.count).toEqual([]);
    expect(paging).toMatchObject({
      totalNumberOfRecords: 0,
      totalNumberOfPages: 0,
      hasNextPage: false,
      hasPreviousPage: false,
    });
  });

  it('answers a page past the end with empty data, counting to tell the total', async () => {
    const { data, paging, calls } = await page(45, { pageNumber: '9' });
    expect(data).toEqual([]);
    expect(calls.count).toEqual([{ where: {}, take: 10_001 }]);
    expect(paging).toMatchObject({
      pageNumber: 9,
      totalNumberOfRecords: 45,
      totalNumberOfPages: 3,
      hasNextPage: false,
      hasPreviousPage: true,
    });
  });

  it('counts exactly up to the limit, then reports a lower bound marked as an estimate', async () => {
    const exact = await page(10_000, {});
    expect(exact.paging).toMatchObject({ totalNumberOfRecords: 10_000, totalNumberOfPages: 500 });
    expect(exact.paging).not.toHaveProperty('totalNumberOfRecordsIsEstimate');

    const estimated = await page(1_000_000, {});
    expect(estimated.calls.count).toEqual([{ where: {}, take: 10_001 }]);
    expect(estimated.paging).toMatchObject({
      totalNumberOfRecords: 10_001,
      totalNumberOfPages: 501,
      totalNumberOfRecordsIsEstimate: true,
    });
  });

  it('keeps the estimate consistent with a page beyond the limit', async () => {
    const { paging } = await page(1_000_000, { pageNumber: '1000', pageSize: '100' });
    expect(paging).toMatchObject({
      totalNumberOfRecords: 100_001,
      totalNumberOfPages: 1001,
      hasNextPage: true,
      totalNumberOfRecordsIsEstimate: true,
    });
  });

  it('counts everything with count=exact', async () => {
    const { paging, calls } = await page(1_000_000, { count: 'exact' });
    expect(calls.count).toEqual([{ where: {} }]);
    expect(paging).toMatchObject({ totalNumberOfRecords: 1_000_000, totalNumberOfPages: 50_000 });
    expect(paging).not.toHaveProperty('totalNumberOfRecordsIsEstimate');
  });

  it('takes the count limit as an option', async () => {
    const { paging, calls } = await page(500, {}, { exactCountLimit: 100 });
    expect(calls.count).toEqual([{ where: {}, take: 101 }]);
    expect(paging).toMatchObject({ totalNumberOfRecords: 101, totalNumberOfRecordsIsEstimate: true });
  });

  it('never reports fewer records than the page shows, even if rows vanish between the two reads', async () => {
    const queries = {
      findMany: async () => Array.from({ length: 21 }, (_, n) => ({ n })),
      count: async () => 3,
    };
    const { paging } = await paginate(parseListQuery(CONTACT_QUERY, {}), queries);
    expect(paging).toMatchObject({ totalNumberOfRecords: 21, totalNumberOfPages: 2, hasNextPage: true });
  });

  it('combines the caller’s where with the request’s filters by AND', async () => {
    const visible = { tenantId: 't1' };
    const both = await page(1, { country: 'US' }, { where: visible });
    expect(both.calls.findMany[0].where).toEqual({ AND: [{ country: 'US' }, visible] });
    const onlyCaller = await page(1, {}, { where: visible });
    expect(onlyCaller.calls.findMany[0].where).toEqual(visible);
    const onlyRequest = await page(1, { country: 'US' }, { where: {} });
    expect(onlyRequest.calls.findMany[0].where).toEqual({ country: 'US' });
  });
});
