export interface Page<T, C> {
  items: ReadonlyArray<T>;
  /** Cursor of the next page; `undefined` (or absent) when this was the last. */
  nextCursor?: C | undefined;
}

export interface PageIterable<T> extends AsyncIterable<T> {
  /** Collects items, stopping after `limit` (default: all; mind memory). */
  toArray(options?: { limit?: number }): Promise<T[]>;
}

/**
 * Turns a page fetcher into an async iterable of items. Pages are fetched one
 * at a time as the consumer reads, so a large listing never sits in memory.
 */
export function paginate<T, C = string>(
  fetchPage: (cursor: C | undefined) => Promise<Page<T, C>>,
): PageIterable<T> {
  async function* iterate(): AsyncGenerator<T> {
    let cursor: C | undefined;
    const seen = new Set<C>();
    for (;;) {
      const page = await fetchPage(cursor);
      yield* page.items;
      const next = page.nextCursor;
      // A cursor seen before would loop forever; stop instead.
      if (next === undefined || next === null || seen.has(next)) return;
      seen.add(next);
      cursor = next;
    }
  }
  return {
    [Symbol.asyncIterator]: iterate,
    async toArray(options = {}) {
      const limit = options.limit ?? Number.POSITIVE_INFINITY;
      const items: T[] = [];
      if (limit <= 0) return items;
      for await (const item of iterate()) {
        items.push(item);
        if (items.length >= limit) break;
      }
      return items;
    },
  };
}
