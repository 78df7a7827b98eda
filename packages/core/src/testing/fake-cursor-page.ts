export type FakeCursorPage<Item> =
  | { items: Item[]; hasMore: boolean }
  /** The cursor names no item: the provider's "no such object" answer. */
  | { unknownCursor: string };

/**
 * One page of `items` (in the order the API lists them) keyed by item id, as
 * cursor APIs page: the `limit` items after `after`, or, given only `before`,
 * the `limit` items just before it (`hasMore`: items remain that way).
 */
export function fakeCursorPage<Item extends { id: string }>(
  items: ReadonlyArray<Item>,
  page: { limit: number; after?: string | undefined; before?: string | undefined },
): FakeCursorPage<Item> {
  const backwards = page.after === undefined && page.before !== undefined;
  const cursor = page.after ?? page.before;
  const index = cursor === undefined ? -1 : items.findIndex((item) => item.id === cursor);
  if (cursor !== undefined && index < 0) return { unknownCursor: cursor };
  const start = backwards ? Math.max(0, index - page.limit) : index + 1;
  const end = backwards ? index : Math.min(items.length, start + page.limit);
  return { items: items.slice(start, end), hasMore: backwards ? start > 0 : end < items.length };
}
