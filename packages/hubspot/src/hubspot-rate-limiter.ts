import {
  type AcquireOptions,
  type Clock,
  ConfigurationError,
  describeValue,
  parseRetryAfter,
  type ReleaseFn,
  systemClock,
} from '@int/core';
import { rateLimitPolicy } from './hubspot-errors.js';
import type { HubSpotLimits, HubSpotRateLimiter, RateLimitObservation } from './hubspot-types.js';

/** Suffix of the limiter key of a search call: it spends the search budget too. */
export const SEARCH_KEY_SUFFIX = '#search';

/** HubSpot's published burst budgets per 10-second window. */
export const HUBSPOT_BURST_LIMITS = {
  /** Free and Starter, and public OAuth apps per installed account. */
  standard: 100,
  /** Professional and Enterprise. */
  professional: 190,
  /** With the API Limit Increase pack. */
  apiLimitIncrease: 250,
} as const;

interface Entry {
  expiresAt: number;
  cost: number;
}

interface Waiter {
  search: boolean;
  cost: number;
  resolve: (release: ReleaseFn) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

interface AccountState {
  limit: number;
  windowMs: number;
  burst: Entry[];
  search: Entry[];
  inFlight: number;
  inFlightSearch: number;
  pausedUntil: number;
  searchPausedUntil: number;
  waiters: Waiter[];
  timer: AbortController | undefined;
  timerAt: number;
}

const positive = (value: string | null): number | undefined => {
  const number = value === null ? Number.NaN : Number(value);
  return Number.isFinite(number) && number >= 0 ? number : undefined;
};

function check(value: number, option: string, minimum: number): number {
  if (!Number.isFinite(value) || value < minimum) {
    const message = `limits.${option} must be a number >= ${minimum}, got ${describeValue(value)}.`;
    throw new ConfigurationError(message, { option: `limits.${option}`, provider: 'hubspot' });
  }
  return value;
}

/**
 * One budget per account (the limiter key): a burst window and a separate
 * search window. A call holds its slot from its start until one window after
 * its answer, so however long the network takes, HubSpot's own count (made
 * when the call arrives) never sees more than the budget.
 */
export function hubSpotRateLimiter(
  options: HubSpotLimits & { clock?: Clock } = {},
): HubSpotRateLimiter {
  const burst = check(options.burst ?? HUBSPOT_BURST_LIMITS.standard, 'burst', 1);
  const windowMs = check(options.windowMs ?? 10_000, 'windowMs', 1);
  const searchLimit = check(options.searchPerSecond ?? 5, 'searchPerSecond', 1);
  const searchWindowMs = check(options.searchWindowMs ?? 1_000, 'searchWindowMs', 1);
  const maxConcurrent = check(options.maxConcurrent ?? 10, 'maxConcurrent', 1);
  const adapt = options.adaptToHeaders ?? true;
  const clock = options.clock ?? systemClock;
  const accounts = new Map<string, AccountState>();

  const split = (key: string): { account: string; search: boolean } =>
    key.endsWith(SEARCH_KEY_SUFFIX)
      ? { account: key.slice(0, -SEARCH_KEY_SUFFIX.length), search: true }
      : { account: key, search: false };

  const stateOf = (account: string): AccountState => {
    let state = accounts.get(account);
    if (!state) {
      state = {
        limit: burst,
        windowMs,
        burst: [],
        search: [],
        inFlight: 0,
        inFlightSearch: 0,
        pausedUntil: 0,
        searchPausedUntil: 0,
        waiters: [],
        timer: undefined,
        timerAt: 0,
      };
      accounts.set(account, state);
    }
    return state;
  };

  /**
   * Budget the entries still hold at `at`. Entries stay one window past their
   * expiry: an answer is reconciled with the count as it was when its call was sent.
   */
  const usedAt = (state: AccountState, entries: Entry[], at: number, now: number): number => {
    while (entries.length > 0 && entries[0]!.expiresAt <= now - state.windowMs) entries.shift();
    let total = 0;
    for (const entry of entries) if (entry.expiresAt > at) total += entry.cost;
    return total;
  };
  const used = (state: AccountState, entries: Entry[], now: number): number =>
    usedAt(state, entries, now, now);
  const nextExpiry = (entries: Entry[], now: number): number | undefined =>
    entries.find((entry) => entry.expiresAt > now)?.expiresAt;

  // Kept sorted by expiry: entries mostly arrive in order, so this is cheap.
  const insert = (entries: Entry[], entry: Entry): void => {
    let index = entries.length;
    while (index > 0 && entries[index - 1]!.expiresAt > entry.expiresAt) index -= 1;
    entries.splice(index, 0, entry);
  };

  /** 0 when the waiter may go now, else the time to look again (Infinity: wait for a release). */
  const blockedUntil = (state: AccountState, waiter: Waiter, now: number): number => {
    let until = 0;
    if (state.pausedUntil > now) until = Math.max(until, state.pausedUntil);
    if (state.inFlight >= maxConcurrent) until = Math.max(until, Number.POSITIVE_INFINITY);
    if (used(state, state.burst, now) + state.inFlight + waiter.cost > state.limit) {
      until = Math.max(until, nextExpiry(state.burst, now) ?? Number.POSITIVE_INFINITY);
    }
    if (waiter.search) {
      if (state.searchPausedUntil > now) until = Math.max(until, state.searchPausedUntil);
      if (used(state, state.search, now) + state.inFlightSearch + waiter.cost > searchLimit) {
        until = Math.max(until, nextExpiry(state.search, now) ?? Number.POSITIVE_INFINITY);
      }
    }
    return until;
  };

  const grant = (account: string, state: AccountState, waiter: Waiter): ReleaseFn => {
    state.inFlight += waiter.cost;
    if (waiter.search) state.inFlightSearch += waiter.cost;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const now = clock.now();
      state.inFlight -= waiter.cost;
      insert(state.burst, { expiresAt: now + state.windowMs, cost: waiter.cost });
      if (waiter.search) {
        state.inFlightSearch -= waiter.cost;
        insert(state.search, { expiresAt: now + searchWindowMs, cost: waiter.cost });
      }
      pump(account, state);
    };
  };

  const pump = (account: string, state: AccountState): void => {
    const now = clock.now();
    while (state.waiters.length > 0) {
      const head = state.waiters[0]!;
      const until = blockedUntil(state, head, now);
      if (until > 0) {
        if (Number.isFinite(until)) wakeAt(account, state, until, now);
        return;
      }
      state.waiters.shift();
      head.signal?.removeEventListener('abort', head.onAbort);
      head.resolve(grant(account, state, head));
    }
    if (
      state.inFlight === 0 &&
      state.pausedUntil <= now &&
      state.searchPausedUntil <= now &&
      used(state, state.burst, now) === 0 &&
      used(state, state.search, now) === 0 &&
      state.limit === burst &&
      state.windowMs === windowMs
    ) {
      accounts.delete(account);
    }
  };

  const wakeAt = (account: string, state: AccountState, at: number, now: number): void => {
    if (state.timer && state.timerAt <= at) return;
    state.timer?.abort();
    const controller = new AbortController();
    state.timer = controller;
    state.timerAt = at;
    clock.sleep(Math.max(0, at - now), controller.signal).then(
      () => {
        if (state.timer !== controller) return;
        state.timer = undefined;
        pump(account, state);
      },
      () => undefined,
    );
  };

  return {
    acquire(key: string, acquireOptions: AcquireOptions = {}): Promise<ReleaseFn> {
      const { account, search } = split(key);
      const cost = acquireOptions.cost ?? 1;
      const signal = acquireOptions.signal;
      if (!(cost > 0) || cost > burst) {
        return Promise.reject(
          new ConfigurationError(`cost must be between 1 and ${burst}, got ${String(cost)}.`, {
            option: 'rateLimitCost',
            provider: 'hubspot',
          }),
        );
      }
      if (signal?.aborted) return Promise.reject(signal.reason);
      const state = stateOf(account);
      return new Promise<ReleaseFn>((resolve, reject) => {
        const waiter: Waiter = {
          search,
          cost,
          resolve,
          reject,
          signal,
          onAbort: () => {
            const index = state.waiters.indexOf(waiter);
            if (index >= 0) state.waiters.splice(index, 1);
            reject(signal?.reason);
            pump(account, state);
          },
        };
        signal?.addEventListener('abort', waiter.onAbort, { once: true });
        state.waiters.push(waiter);
        pump(account, state);
      });
    },

    observe(key: string, observation: RateLimitObservation): void {
      const { account } = split(key);
      const state = stateOf(account);
      const now = clock.now();
      const given = observation.headers;
      const headers =
        typeof (given as Headers).get === 'function' ? (given as Headers) : new Headers(given);
      const header = (name: string) => positive(headers.get(`x-hubspot-ratelimit-${name}`));
      if (adapt) {
        const max = header('max');
        const interval = header('interval-milliseconds');
        const remaining = header('remaining');
        if (max !== undefined && max >= 1) state.limit = Math.floor(max);
        if (interval !== undefined && interval >= 1) state.windowMs = interval;
        if (remaining !== undefined) {
          // HubSpot counted when the call arrived, after it was sent: compare with the local
          // count at the send, or budget that expired here since would pass for spending elsewhere.
          const sentAt = Math.max(observation.sentAt ?? now, now - state.windowMs);
          const serverUsed = state.limit - remaining;
          const localUsed = usedAt(state, state.burst, sentAt, now) + state.inFlight;
          // Another process (or app) of the same account spent budget we did not see.
          if (serverUsed > localUsed) {
            insert(state.burst, { expiresAt: now + state.windowMs, cost: serverUsed - localUsed });
          }
        }
      }
      if (observation.status === 429) {
        const policy = rateLimitPolicy(observation.body);
        const retryAfter = parseRetryAfter(headers, now);
        if (policy === 'SECONDLY') {
          state.searchPausedUntil = now + (retryAfter ?? searchWindowMs);
        } else if (policy !== 'DAILY') {
          // The rest of the window as far as this process knows it, else a whole window.
          const next = nextExpiry(state.burst, now);
          const rest = next === undefined ? state.windowMs : next - now;
          state.pausedUntil = now + (retryAfter ?? Math.max(rest, 1));
        }
      }
      pump(account, state);
    },
  };
}
