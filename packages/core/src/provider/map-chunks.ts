import { mapBounded } from './map-bounded.js';

/**
 * Splits `items` into requests of at most `size` (an API's per-request limit)
 * and runs them `concurrency` at a time; each chunk's results, flattened in
 * input order. The first rejection rejects the whole call, as `mapBounded`.
 */
export async function mapChunks<T, R>(
  items: ReadonlyArray<T>,
  size: number,
  concurrency: number,
  task: (chunk: T[], index: number) => Promise<R[]>,
  options: { signal?: AbortSignal | undefined; provider?: string | undefined } = {},
): Promise<R[]> {
  if (!Number.isSafeInteger(size) || size < 1) {
    throw new RangeError(`mapChunks needs a chunk size that is a positive integer, got ${size}.`);
  }
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return (await mapBounded(chunks, concurrency, task, options)).flat();
}
