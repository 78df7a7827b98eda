/**
 * Where an incremental sync stands. `at`: records modified at `at` or later,
 * less the `seenIds` already yielded at `at`; `after`: modified strictly after
 * `at`; `sweep`: every record modified exactly at `at`, walked by id after `afterId`.
 */
export interface ModifiedSincePosition {
  /** Epoch milliseconds. */
  at: number;
  mode: 'at' | 'after' | 'sweep';
  afterId: string | undefined;
  seenIds: string[];
}

/** The page a position asks for: oldest modification first, or by id in a sweep. */
export type ModifiedSinceQuery = Omit<ModifiedSincePosition, 'seenIds'>;

export interface ModifiedSinceSync<Item> extends AsyncIterable<Item> {
  /** A resume point covering every item yielded so far. */
  readonly position: ModifiedSincePosition;
}

/**
 * Every record modified since a moment, each once, through a search API that
 * caps how deep its pages go (HubSpot's 10 000): keyset paging on the
 * modification time, and a walk by id when one instant holds a whole page
 * (keyset paging on the time alone could not move past it).
 */
export function modifiedSinceSync<Item>(settings: {
  from: ModifiedSincePosition;
  pageSize: number;
  /** One page of at most `pageSize` items matching `query`. */
  fetchPage(query: ModifiedSinceQuery): Promise<Item[]>;
  idOf(item: Item): string;
  /** When the item was modified, epoch milliseconds; `undefined` counts as the current `at`. */
  modifiedOf(item: Item): number | undefined;
}): ModifiedSinceSync<Item> {
  const { pageSize } = settings;
  let { at, mode, afterId } = settings.from;
  let seen = new Set(settings.from.seenIds);
  const modifiedOf = (item: Item): number => settings.modifiedOf(item) ?? at;

  async function* iterate(): AsyncGenerator<Item> {
    for (;;) {
      const items = await settings.fetchPage({ at, mode, afterId });
      if (mode === 'sweep') {
        for (const item of items) {
          afterId = settings.idOf(item);
          if (seen.has(afterId)) continue;
          yield item;
        }
        if (items.length < pageSize) {
          mode = 'after';
          afterId = undefined;
          seen = new Set();
        }
        continue;
      }
      if (items.length === 0) return;
      const full = items.length >= pageSize;
      const last = modifiedOf(items[items.length - 1]!);
      if (full && modifiedOf(items[0]!) === last) {
        // A whole page at one instant: keyset paging on the time alone cannot move on.
        if (!(mode === 'at' && at === last)) seen = new Set();
        at = last;
        mode = 'sweep';
        afterId = undefined;
        continue;
      }
      for (const item of items) {
        const id = settings.idOf(item);
        const modified = modifiedOf(item);
        if (mode === 'at' && modified === at && seen.has(id)) continue;
        if (modified !== at || mode === 'after') {
          at = modified;
          mode = 'at';
          seen = new Set();
        }
        seen.add(id);
        yield item;
      }
      if (!full) return;
    }
  }

  return {
    [Symbol.asyncIterator]: iterate,
    get position() {
      return { at, mode, afterId, seenIds: [...seen] };
    },
  };
}
