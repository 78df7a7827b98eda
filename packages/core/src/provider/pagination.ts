import { ValidationError } from '../errors.js';
import type { QueryValue } from '../url.js';

/**
 * What every list and search method returns, in every provider: awaiting it
 * gives the first page; `for await` gives every item of every page, one page
 * in memory at a time; `toArray({ limit })` collects a bounded number.
 */
export interface PagePromise<Page, Item> extends Promise<Page>, AsyncIterable<Item> {
  /** Collects at most `limit` items across pages (`limit` is required: lists can be huge). */
  toArray(options: { limit: number }): Promise<Item[]>;
}

/** Where a page's cursor goes in the next request. */
export interface PageRequest {
  query?: Record<string, QueryValue> | undefined;
  body?: Record<string, unknown> | undefined;
}

/**
 * How a provider pages: the items of a page, and the request of the next
 * page (`undefined` after the last one).
 */
export interface PaginationStrategy<Page, Item> {
  items(page: Page): ReadonlyArray<Item>;
  next(page: Page, request: PageRequest): PageRequest | undefined;
}

const withParam = (
  request: PageRequest,
  where: 'query' | 'body',
  name: string,
  value: string | number,
): PageRequest =>
  where === 'query'
    ? { ...request, query: { ...request.query, [name]: value } }
    : { ...request, body: { ...request.body, [name]: value } };

/**
 * A cursor read from each page and sent back as `param`: Stripe lists
 * (`starting_after` = the last id while `has_more`), Stripe search (`page` =
 * `next_page`), HubSpot (`after` = `paging.next.after`).
 */
export function cursorPagination<Page, Item>(definition: {
  items: (page: Page) => ReadonlyArray<Item>;
  cursor: (page: Page) => string | undefined;
  param: string;
  in?: 'query' | 'body' | undefined;
}): PaginationStrategy<Page, Item> {
  return {
    items: definition.items,
    next(page, request) {
      const cursor = definition.cursor(page);
      if (cursor === undefined || cursor === '') return undefined;
      return withParam(request, definition.in ?? 'query', definition.param, cursor);
    },
  };
}

/**
 * Offset paging (MercadoPago search: `offset` and `limit`, `paging.total`):
 * the next offset is this one plus the items received, until a short or
 * empty page or the total is reached.
 */
export function offsetPagination<Page, Item>(definition: {
  items: (page: Page) => ReadonlyArray<Item>;
  /** The total the provider reports, when it does. */
  total?: ((page: Page) => number | undefined) | undefined;
  offsetParam?: string | undefined;
  limitParam?: string | undefined;
  in?: 'query' | 'body' | undefined;
}): PaginationStrategy<Page, Item> {
  const offsetParam = definition.offsetParam ?? 'offset';
  const limitParam = definition.limitParam ?? 'limit';
  const where = definition.in ?? 'query';
  const read = (request: PageRequest, name: string): number | undefined => {
    const value = where === 'query' ? request.query?.[name] : request.body?.[name];
    return typeof value === 'number' ? value : value === undefined ? undefined : Number(value);
  };
  return {
    items: definition.items,
    next(page, request) {
      const count = definition.items(page).length;
      const offset = (read(request, offsetParam) ?? 0) + count;
      const limit = read(request, limitParam);
      const total = definition.total?.(page);
      if (count === 0 || (limit !== undefined && count < limit)) return undefined;
      if (total !== undefined && offset >= total) return undefined;
      return withParam(request, where, offsetParam, offset);
    },
  };
}

/**
 * Builds the page promise: `fetchPage` sends one request; the strategy says
 * what the items are and what the next request is.
 */
export function pagePromise<Page, Item>(
  first: PageRequest,
  fetchPage: (request: PageRequest) => Promise<Page>,
  strategy: PaginationStrategy<Page, Item>,
  context: { provider: string; operation: string },
): PagePromise<Page, Item> {
  const firstPage = fetchPage(first);
  // Iterating without awaiting must not leave an unhandled rejection behind.
  firstPage.catch(() => undefined);
  async function* iterate(): AsyncGenerator<Item> {
    // A provider repeating a cursor would page forever: a request seen before ends the walk.
    const seen = new Set<string>([JSON.stringify(first)]);
    let request = first;
    let page = await firstPage;
    for (;;) {
      yield* strategy.items(page);
      const next = strategy.next(page, request);
      if (next === undefined) return;
      const key = JSON.stringify(next);
      if (seen.has(key)) return;
      seen.add(key);
      request = next;
      page = await fetchPage(next);
    }
  }
  return Object.assign(firstPage, {
    [Symbol.asyncIterator]: iterate,
    async toArray(options: { limit: number }): Promise<Item[]> {
      const limit = options?.limit;
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit <= 0) {
        throw new ValidationError(
          [{ path: ['limit'], message: 'toArray needs { limit }: a positive integer' }],
          context,
        );
      }
      const items: Item[] = [];
      for await (const item of iterate()) {
        items.push(item);
        if (items.length >= limit) break;
      }
      return items;
    },
  });
}
