import { cursorPagination, type PaginationStrategy } from '@int/core';
import type { ListResult, SearchResult } from './stripe-types.js';

/**
 * v1 lists: the next page sends `starting_after` = the last id while
 * `has_more`; given only `ending_before`, the walk goes backwards
 * (`ending_before` = the first id) and yields items in reverse.
 */
export function listPagination<T extends { id: string }>(
  params: unknown,
): PaginationStrategy<ListResult<T>, T> {
  const given = (params !== null && typeof params === 'object' ? params : {}) as {
    starting_after?: unknown;
    ending_before?: unknown;
  };
  const backwards = given.ending_before !== undefined && given.starting_after === undefined;
  return cursorPagination<ListResult<T>, T>({
    items: (page) => (backwards ? [...page.data].reverse() : page.data),
    cursor: (page) =>
      page.has_more ? (backwards ? page.data[0] : page.data.at(-1))?.id : undefined,
    param: backwards ? 'ending_before' : 'starting_after',
  });
}

/** Search: the next page sends `page` = the previous `next_page`. */
export function searchPagination<T>(): PaginationStrategy<SearchResult<T>, T> {
  return cursorPagination<SearchResult<T>, T>({
    items: (page) => page.data,
    cursor: (page) => (page.has_more ? (page.next_page ?? undefined) : undefined),
    param: 'page',
  });
}
