/** How one logical call ended, as the client saw it. */
export type CallOutcome<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'failed'; error: unknown }
  | { kind: 'pending' };

/**
 * Runs `count` calls with at most `concurrency` in flight. A call that has not
 * settled by `deadlineMs` after the start stays `pending` (counted as lost).
 */
export async function runPool<T>(
  count: number,
  concurrency: number,
  call: (index: number) => Promise<T>,
  deadlineMs: number,
): Promise<Array<CallOutcome<T>>> {
  const outcomes: Array<CallOutcome<T>> = Array.from({ length: count }, () => ({
    kind: 'pending',
  }));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next;
      next += 1;
      try {
        outcomes[index] = { kind: 'ok', value: await call(index) };
      } catch (error) {
        outcomes[index] = { kind: 'failed', error };
      }
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, deadlineMs);
  });
  await Promise.race([Promise.all(Array.from({ length: concurrency }, worker)), deadline]);
  clearTimeout(timer);
  return outcomes;
}
