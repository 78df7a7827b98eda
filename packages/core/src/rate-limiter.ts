import { type Clock, systemClock } from './clock.js';
import { ConfigurationError } from './errors.js';

/** Call when the request is over; frees its concurrency slot. Safe to call twice. */
export type ReleaseFn = () => void;

export interface AcquireOptions {
  /** Units of budget this call uses. Default 1. */
  cost?: number | undefined;
  /** Stops waiting; the acquire rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/**
 * Waits until a call under `key` may start. Implementations never busy-loop
 * and keep budgets per key (one HubSpot portal does not slow another).
 */
export interface RateLimiter {
  acquire(key: string, options?: AcquireOptions): Promise<ReleaseFn>;
}

export interface MemoryRateLimiterOptions {
  /** Starts allowed in any rolling window of `intervalMs`. */
  limit: number;
  intervalMs: number;
  /** Calls in flight at once, per key. Default: no bound. */
  maxConcurrent?: number | undefined;
  clock?: Clock | undefined;
}

interface Waiter {
  cost: number;
  resolve: (release: ReleaseFn) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

interface KeyState {
  /** Start times and costs inside the current window, oldest first. */
  starts: Array<{ at: number; cost: number }>;
  used: number;
  inFlight: number;
  waiters: Waiter[];
  timer: AbortController | undefined;
}

/**
 * A rolling-window limiter for one process: at most `limit` starts in any
 * `intervalMs` and at most `maxConcurrent` in flight, first come first served.
 */
export function memoryRateLimiter(options: MemoryRateLimiterOptions): RateLimiter {
  const { limit, intervalMs } = options;
  const maxConcurrent = options.maxConcurrent ?? Number.POSITIVE_INFINITY;
  const clock = options.clock ?? systemClock;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new ConfigurationError(`limit must be a positive integer, got ${String(limit)}.`, {
      option: 'limit',
    });
  }
  if (!(intervalMs > 0)) {
    throw new ConfigurationError(
      `intervalMs must be a positive number, got ${String(intervalMs)}.`,
      {
        option: 'intervalMs',
      },
    );
  }
  if (!(maxConcurrent >= 1)) {
    throw new ConfigurationError(
      `maxConcurrent must be at least 1, got ${String(maxConcurrent)}.`,
      {
        option: 'maxConcurrent',
      },
    );
  }

  const states = new Map<string, KeyState>();

  const stateFor = (key: string): KeyState => {
    let state = states.get(key);
    if (!state) {
      state = { starts: [], used: 0, inFlight: 0, waiters: [], timer: undefined };
      states.set(key, state);
    }
    return state;
  };

  const expire = (state: KeyState, now: number) => {
    while (state.starts.length > 0 && state.starts[0]!.at <= now - intervalMs) {
      state.used -= state.starts.shift()!.cost;
    }
  };

  const grant = (key: string, state: KeyState, cost: number, now: number): ReleaseFn => {
    state.starts.push({ at: now, cost });
    state.used += cost;
    state.inFlight += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      state.inFlight -= 1;
      pump(key, state);
    };
  };

  const pump = (key: string, state: KeyState): void => {
    const now = clock.now();
    expire(state, now);
    while (state.waiters.length > 0) {
      const head = state.waiters[0]!;
      if (state.inFlight >= maxConcurrent) return; // a release will pump again
      if (state.used + head.cost > limit) {
        scheduleWake(key, state, now);
        return;
      }
      state.waiters.shift();
      head.signal?.removeEventListener('abort', head.onAbort);
      head.resolve(grant(key, state, head.cost, now));
    }
    if (state.waiters.length === 0 && state.inFlight === 0 && state.starts.length === 0) {
      states.delete(key);
    }
  };

  // One timer per key, set for the moment the oldest start leaves the window.
  const scheduleWake = (key: string, state: KeyState, now: number): void => {
    if (state.timer) return;
    const oldest = state.starts[0];
    const wait = oldest ? oldest.at + intervalMs - now : 0;
    const controller = new AbortController();
    state.timer = controller;
    clock.sleep(Math.max(wait, 0), controller.signal).then(
      () => {
        state.timer = undefined;
        pump(key, state);
      },
      () => {
        state.timer = undefined;
      },
    );
  };

  return {
    acquire(key, acquireOptions = {}) {
      const cost = acquireOptions.cost ?? 1;
      const signal = acquireOptions.signal;
      if (!(cost > 0) || cost > limit) {
        return Promise.reject(
          new ConfigurationError(
            `cost must be between 1 and the limit (${limit}), got ${String(cost)}.`,
            {
              option: 'cost',
            },
          ),
        );
      }
      if (signal?.aborted) return Promise.reject(signal.reason);
      const state = stateFor(key);
      const now = clock.now();
      expire(state, now);
      if (
        state.waiters.length === 0 &&
        state.inFlight < maxConcurrent &&
        state.used + cost <= limit
      ) {
        return Promise.resolve(grant(key, state, cost, now));
      }
      return new Promise<ReleaseFn>((resolve, reject) => {
        const waiter: Waiter = {
          cost,
          resolve,
          reject,
          signal,
          onAbort: () => {
            const index = state.waiters.indexOf(waiter);
            if (index >= 0) state.waiters.splice(index, 1);
            reject(signal?.reason);
            // The head may have left: the next one may fit now.
            if (state.waiters.length === 0) {
              state.timer?.abort();
              state.timer = undefined;
            }
            pump(key, state);
          },
        };
        signal?.addEventListener('abort', waiter.onAbort, { once: true });
        state.waiters.push(waiter);
        pump(key, state);
      });
    },
  };
}
