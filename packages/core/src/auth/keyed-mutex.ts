/**
 * Runs callbacks one at a time per key inside this process, in arrival order.
 * Token stores use it in front of their cross-process lock, so that only one
 * caller per process polls the shared lock.
 */
export interface KeyedMutex {
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

export function keyedMutex(): KeyedMutex {
  const tails = new Map<string, Promise<void>>();
  return {
    async run(key, fn) {
      const previous = tails.get(key) ?? Promise.resolve();
      let done!: () => void;
      const current = new Promise<void>((resolve) => {
        done = resolve;
      });
      const tail = previous.then(() => current);
      tails.set(key, tail);
      await previous;
      try {
        return await fn();
      } finally {
        done();
        if (tails.get(key) === tail) tails.delete(key);
      }
    },
  };
}
