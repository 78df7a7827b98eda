import { paginate, ValidationError } from '@int/core';
import type { ListResult, SearchResult } from './stripe-types.js';

/**
 * What `list()` and `search()` return: awaiting it gives the first page;
 * iterating it (`for await`) gives every item of every page, one page in
 * memory at a time.
 */
export interface AutoPaginatingPromise<Page, Item> extends Promise<Page>, AsyncIterable<Item> {
  /** Collects at most `limit` items across pages (`limit` is required: lists can be huge). */
  toArray(options: { limit: number }): Promise<Item[]>;
}

type WithId = { id: string };

function attach<Page, Item>(
  firstPage: Promise<Page>,
  nextCursor: (page: Page) => string | undefined,
  itemsOf: (page: Page) => Item[],
  fetchPage: (cursor: string) => Promise<Page>,
  operation: string,
): AutoPaginatingPromise<Page, Item> {
  const iterable = paginate<Item, string>(async (cursor) => {
    const page = cursor === undefined ? await firstPage : await fetchPage(cursor);
    return { items: itemsOf(page), nextCursor: nextCursor(page) };
  });
  return Object.assign(firstPage, {
    [Symbol.asyncIterator]: () => iterable[Symbol.asyncIterator](),
    toArray(options: { limit: number }): Promise<Item[]> {
      const limit = options?.limit;
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit <= 0) {
        return Promise.reject(
          new ValidationError(
            [{ path: ['limit'], message: 'toArray needs { limit }: a positive integer' }],
            { provider: 'stripe', operation },
          ),
        );
      }
      return iterable.toArray({ limit });
    },
  });
}

/**
 * Cursor pagination for v1 lists: the next page is the same params with
 * `starting_after` = the last id; with `ending_before` it walks backwards
 * (`ending_before` = the first id) and yields items in reverse.
 */
export function autoPaginateList<Item extends WithId>(
  params: Record<string, unknown> | undefined,
  fetch: (params: Record<string, unknown>) => Promise<ListResult<Item>>,
  operation: string,
): AutoPaginatingPromise<ListResult<Item>, Item> {
  const base = { ...(params ?? {}) };
  const backwards = base.ending_before !== undefined && base.starting_after === undefined;
  return attach(
    fetch(base),
    (page) => {
      if (!page.has_more || page.data.length === 0) return undefined;
      return backwards ? page.data[0]?.id : page.data[page.data.length - 1]?.id;
    },
    (page) => (backwards ? [...page.data].reverse() : page.data),
    (cursor) =>
      fetch(backwards ? { ...base, ending_before: cursor } : { ...base, starting_after: cursor }),
    operation,
  );
}

/** Search pagination: the next page sends `page` = the previous `next_page`. */
export function autoPaginateSearch<Item>(
  params: Record<string, unknown>,
  fetch: (params: Record<string, unknown>) => Promise<SearchResult<Item>>,
  operation: string,
): AutoPaginatingPromise<SearchResult<Item>, Item> {
  return attach(
    fetch(params),
    (page) => (page.has_more && page.next_page ? page.next_page : undefined),
    (page) => page.data,
    (cursor) => fetch({ ...params, page: cursor }),
    operation,
  );
}
