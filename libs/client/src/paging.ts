import { CallResult, ok } from './result';

/** The `paging` section of every list answer (the reference's "Paging and Sorting"). */
export interface Paging {
  pageNumber: number;
  pageSize: number;
  totalNumberOfRecords: number;
  totalNumberOfPages: number;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  hasMore: boolean;
  sortingCriteria?: string | null;
}

/** The envelope of every list: `{data, paging}`. Only what iteration needs is required. */
export interface Envelope<T> {
  data: T[];
  paging: Pick<Paging, 'hasNextPage'>;
}

export interface PageRequest {
  pageNumber: number;
  pageSize: number;
}

/** Calls one page of a list operation, e.g. `(page) => dl.GET('/v1/phone-system/users', { params: { query: page } })`. */
export type PageFetcher<T> = (page: PageRequest) => Promise<CallResult<Envelope<T>>>;

export interface PagingOptions {
  /** Records per page (default 100, the API's largest). */
  pageSize?: number;
  /** The first page to read (default 1). */
  pageNumber?: number;
}

/** Every page of a list, one request each, until `paging.hasNextPage` is false. */
export async function* pages<T>(fetchPage: PageFetcher<T>, options: PagingOptions = {}): AsyncGenerator<Envelope<T>> {
  const pageSize = options.pageSize ?? 100;
  for (let pageNumber = options.pageNumber ?? 1; ; pageNumber++) {
    const page = await ok(fetchPage({ pageNumber, pageSize }));
    yield page;
    if (!page.paging.hasNextPage || page.data.length === 0) return;
  }
}

/** Every record of a list, across all its pages: `for await (const user of listAll(...))`. */
export async function* listAll<T>(fetchPage: PageFetcher<T>, options: PagingOptions = {}): AsyncGenerator<T> {
  for await (const page of pages(fetchPage, options)) yield* page.data;
}

/** Every record of a list in one array. */
export async function collect<T>(fetchPage: PageFetcher<T>, options: PagingOptions = {}): Promise<T[]> {
  const all: T[] = [];
  for await (const record of listAll(fetchPage, options)) all.push(record);
  return all;
}
