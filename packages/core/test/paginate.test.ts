import { describe, expect, it } from 'vitest';
import { paginate } from '../src/index.js';

describe('paginate', () => {
  const pages: Record<string, { items: number[]; next?: string }> = {
    start: { items: [1, 2], next: 'b' },
    b: { items: [3, 4], next: 'c' },
    c: { items: [5] },
  };

  it('iterates every item across pages, fetching lazily', async () => {
    const fetched: Array<string | undefined> = [];
    const iterable = paginate<number>(async (cursor) => {
      fetched.push(cursor);
      const page = pages[cursor ?? 'start']!;
      return { items: page.items, nextCursor: page.next };
    });
    const seen: number[] = [];
    for await (const item of iterable) {
      seen.push(item);
      if (item === 3) break;
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(fetched).toEqual([undefined, 'b']);
    expect(await iterable.toArray()).toEqual([1, 2, 3, 4, 5]);
  });

  it('toArray stops at the limit without fetching further pages', async () => {
    let calls = 0;
    const iterable = paginate<number>(async (cursor) => {
      calls += 1;
      const page = pages[cursor ?? 'start']!;
      return { items: page.items, nextCursor: page.next };
    });
    expect(await iterable.toArray({ limit: 3 })).toEqual([1, 2, 3]);
    expect(calls).toBe(2);
  });

  it('stops on a repeated cursor instead of looping forever', async () => {
    const iterable = paginate<number>(async () => ({ items: [1], nextCursor: 'same' }));
    expect(await iterable.toArray()).toEqual([1, 1]);
  });
});
