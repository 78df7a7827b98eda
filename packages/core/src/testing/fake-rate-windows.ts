import { ConfigurationError } from '../errors.js';
import { nextDailyReset } from '../provider/daily-quota.js';

/** At most `limit` requests in any `windowMs` (a rolling window). */
export interface FakeRateWindow {
  limit: number;
  windowMs: number;
}

export interface FakeRateWindowsOptions<Name extends string> {
  /** The fake's clock, epoch ms: windows roll and days turn on it. */
  now: () => number;
  /** The rolling windows, by name; a request spends only those it names. */
  windows: Record<Name, FakeRateWindow>;
  /** Requests per key per UTC day of the fake's clock. Default: no daily cap. */
  daily?: number | undefined;
  /**
   * Default true. false: nothing is refused and the windows stay empty (`used`
   * reads 0); the day's count still grows, as a provider's dashboard would.
   */
  enforce?: boolean | undefined;
}

/** What a request spent, or which budget refused it (nothing spent then). */
export type FakeRateVerdict<Name extends string> = {
  /** Requests in each window, and today's, after this one (or before it, when refused). */
  used: Record<Name, number>;
  daily: number;
} & (
  | { allowed: true }
  | {
      allowed: false;
      /** The window that is full, or `daily`. */
      exceeded: Name | 'daily';
      /** Until the window's oldest request leaves it, or until the next UTC midnight. */
      retryAfterMs: number;
    }
);

export interface FakeRateWindows<Name extends string> {
  /** Checks the day, then the named windows in the order given; spends them all or none. */
  spend(key: string, windows: ReadonlyArray<Name>): FakeRateVerdict<Name>;
  /** Forgets every key's windows and days. */
  clear(): void;
}

interface KeyState {
  /** Request times per window, oldest first. */
  times: Map<string, number[]>;
  day: string;
  daily: number;
}

function checkWindows(windows: Record<string, FakeRateWindow>, daily: unknown): void {
  for (const [name, window] of Object.entries(windows)) {
    if (!(Number.isInteger(window?.limit) && window.limit >= 0 && window.windowMs > 0)) {
      throw new ConfigurationError(
        `createFakeRateWindows(): window ${name} needs an integer limit >= 0 and a positive windowMs.`,
        { option: `windows.${name}` },
      );
    }
  }
  if (daily !== undefined && !(Number.isInteger(daily) && (daily as number) >= 0)) {
    throw new ConfigurationError('createFakeRateWindows(): daily must be an integer >= 0.', {
      option: 'daily',
    });
  }
}

/**
 * Per-key (per token, per account) rate limits for a fake: rolling windows
 * and a daily cap, on the fake's clock, so a test sees the 429s a provider
 * would send and how long it would make a client wait.
 */
export function createFakeRateWindows<Name extends string>(
  options: FakeRateWindowsOptions<Name>,
): FakeRateWindows<Name> {
  const windows = Object.entries(options.windows) as Array<[Name, FakeRateWindow]>;
  checkWindows(options.windows, options.daily);
  const enforce = options.enforce ?? true;
  let keys = new Map<string, KeyState>();

  const stateOf = (key: string, at: number): KeyState => {
    const day = new Date(at).toISOString().slice(0, 10);
    let state = keys.get(key);
    // A new day resets the day's count; the rolling windows carry over midnight.
    if (!state || state.day !== day) {
      state = { times: state?.times ?? new Map(), day, daily: 0 };
      keys.set(key, state);
    }
    for (const [name, window] of windows) {
      const times = state.times.get(name) ?? [];
      state.times.set(name, times);
      while (times.length > 0 && times[0]! <= at - window.windowMs) times.shift();
    }
    return state;
  };

  const usage = (state: KeyState) =>
    Object.fromEntries(windows.map(([name]) => [name, state.times.get(name)!.length])) as Record<
      Name,
      number
    >;

  return {
    spend(key, names) {
      const at = options.now();
      const state = stateOf(key, at);
      const refuse = (exceeded: Name | 'daily', retryAfterMs: number): FakeRateVerdict<Name> => ({
        allowed: false,
        exceeded,
        retryAfterMs,
        used: usage(state),
        daily: state.daily,
      });
      if (enforce) {
        if (options.daily !== undefined && state.daily >= options.daily) {
          return refuse('daily', nextDailyReset(at).getTime() - at);
        }
        for (const name of names) {
          const times = state.times.get(name)!;
          const window = options.windows[name];
          if (times.length >= window.limit) {
            return refuse(
              name,
              times.length > 0 ? times[0]! + window.windowMs - at : window.windowMs,
            );
          }
        }
        for (const name of new Set(names)) state.times.get(name)!.push(at);
      }
      state.daily += 1;
      return { allowed: true, used: usage(state), daily: state.daily };
    },
    clear() {
      keys = new Map();
    },
  };
}
