import { AbortError } from '../errors.js';

/**
 * Runs `task` over `items` with at most `concurrency` in flight, results in
 * input order. The first rejection stops new work and rejects the whole call;
 * an aborted `signal` does the same with an `AbortError`.
 */
export async function mapBounded<T, R>(
  items: ReadonlyArray<T>,
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
  options: { signal?: AbortSignal | undefined; provider?: string | undefined } = {},
): Promise<R[]> {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const aborted = (): AbortError =>
    new AbortError('The call was aborted.', {
      provider: options.provider,
      cause: options.signal?.reason,
    });
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      if (options.signal?.aborted) throw aborted();
      const index = next++;
      try {
        results[index] = await task(items[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, worker);
  await Promise.all(workers);
  return results;
}
