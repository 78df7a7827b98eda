import type { Clock } from '../clock.js';

export interface TestClock extends Clock {
  /** Every delay passed to `sleep`, in order. */
  readonly sleeps: number[];
  /** Moves time forward, firing due timers in order (manual mode). */
  advance(ms: number): Promise<void>;
  /** Moves to the next pending timer and fires it; false when none (manual mode). */
  runNext(): Promise<boolean>;
  /** Timers waiting (manual mode). */
  readonly pending: number;
  set(now: number): void;
}

export interface TestClockOptions {
  /** Start time in ms since the epoch. Default 1 700 000 000 000. */
  now?: number | undefined;
  /**
   * `instant` (default): `sleep` moves time forward by its delay and resolves
   * at once, so retry tests take no wall time. `manual`: `sleep` waits for
   * `advance()` or `runNext()`.
   */
  mode?: 'instant' | 'manual' | undefined;
}

interface Timer {
  due: number;
  order: number;
  resolve: () => void;
}

// Lets promise chains started by a resolved timer run before the next one fires.
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A clock for tests: exact delays, no real waiting. */
export function createTestClock(options: TestClockOptions = {}): TestClock {
  let now = options.now ?? 1_700_000_000_000;
  const mode = options.mode ?? 'instant';
  const sleeps: number[] = [];
  const timers: Timer[] = [];
  let order = 0;

  const fire = async (timer: Timer) => {
    timers.splice(timers.indexOf(timer), 1);
    now = Math.max(now, timer.due);
    timer.resolve();
    await settle();
  };

  const nextDue = () =>
    timers.reduce<Timer | undefined>(
      (best, timer) =>
        !best || timer.due < best.due || (timer.due === best.due && timer.order < best.order)
          ? timer
          : best,
      undefined,
    );

  return {
    sleeps,
    now: () => now,
    set(value) {
      now = value;
    },
    get pending() {
      return timers.length;
    },
    sleep(ms, signal) {
      sleeps.push(ms);
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (mode === 'instant') {
        now += Math.max(0, ms);
        // Time moves at once, but the wait still ends in a later turn of the event loop, as a real timer's
        // would: a long run of instant waits must not starve I/O and the test runner's own messages.
        return settle();
      }
      return new Promise<void>((resolve, reject) => {
        const timer: Timer = {
          due: now + Math.max(0, ms),
          order: order++,
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          const index = timers.indexOf(timer);
          if (index >= 0) timers.splice(index, 1);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        timers.push(timer);
      });
    },
    async advance(ms) {
      const target = now + ms;
      await settle();
      for (let timer = nextDue(); timer && timer.due <= target; timer = nextDue())
        await fire(timer);
      now = target;
    },
    async runNext() {
      await settle();
      const timer = nextDue();
      if (!timer) return false;
      await fire(timer);
      return true;
    },
  };
}
