import { describe, expect, it } from 'vitest';
import { mapChunks } from '../src/provider/index.js';

describe('mapChunks', () => {
  it('sends chunks of at most `size` and flattens their results in input order', async () => {
    const seen: Array<[number[], number]> = [];
    const results = await mapChunks([1, 2, 3, 4, 5], 2, 3, async (chunk, index) => {
      seen.push([chunk, index]);
      return chunk.map((item) => item * 10);
    });
    expect(results).toEqual([10, 20, 30, 40, 50]);
    expect(seen.sort((left, right) => left[1] - right[1])).toEqual([
      [[1, 2], 0],
      [[3, 4], 1],
      [[5], 2],
    ]);
  });

  it('keeps at most `concurrency` chunks in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const release: Array<() => void> = [];
    const done = mapChunks([1, 2, 3, 4, 5, 6], 1, 2, async (chunk) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise<void>((resolve) => release.push(resolve));
      inFlight -= 1;
      return chunk;
    });
    while (release.length > 0 || inFlight > 0) {
      await Promise.resolve();
      release.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await done).toEqual([1, 2, 3, 4, 5, 6]);
    expect(most).toBe(2);
  });

  it('sends nothing for no items and rejects with the first failure', async () => {
    expect(await mapChunks([], 30, 2, async () => ['never'])).toEqual([]);
    await expect(
      mapChunks([1, 2, 3], 1, 1, async (chunk) => {
        if (chunk[0] === 2) throw new Error('chunk 2 failed');
        return chunk;
      }),
    ).rejects.toThrow('chunk 2 failed');
  });
});
