import {
  type AcquireOptions,
  type Clock,
  ConfigurationError,
  describeValue,
  ExpiringCosts,
  limiterQueue,
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

interface Request {
  search: boolean;
  cost: number;
}

interface AccountState {
  limit: number;
  windowMs: number;
  burst: ExpiringCosts;
  search: ExpiringCosts;
  inFlight: number;
  inFlightSearch: number;
  pausedUntil: number;
  searchPausedUntil: number;
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

  const split = (key: string): { account: string; search: boolean } =>
    key.endsWith(SEARCH_KEY_SUFFIX)
      ? { account: key.slice(0, -SEARCH_KEY_SUFFIX.length), search: true }
      : { account: key, search: false };

  /**
   * Budget the costs still hold at `at`. Costs stay one window past their
   * expiry: an answer is reconciled with the count as it was when its call was sent.
   */
  const usedAt = (state: AccountState, costs: ExpiringCosts, at: number, now: number): number =>
    costs.heldAt(at, now - state.windowMs);
  const used = (state: AccountState, costs: ExpiringCosts, now: number): number =>
    usedAt(state, costs, now, now);

  const queue = limiterQueue<AccountState, Request>({
    clock,
    create: () => ({
      limit: burst,
      windowMs,
      burst: new ExpiringCosts(),
      search: new ExpiringCosts(),
      inFlight: 0,
      inFlightSearch: 0,
      pausedUntil: 0,
      searchPausedUntil: 0,
    }),
    blockedUntil(state, request, now) {
      let until = 0;
      if (state.pausedUntil > now) until = Math.max(until, state.pausedUntil);
      if (state.inFlight >= maxConcurrent) until = Math.max(until, Number.POSITIVE_INFINITY);
      if (used(state, state.burst, now) + state.inFlight + request.cost > state.limit) {
        until = Math.max(until, state.burst.nextExpiry(now) ?? Number.POSITIVE_INFINITY);
      }
      if (request.search) {
        if (state.searchPausedUntil > now) until = Math.max(until, state.searchPausedUntil);
        if (used(state, state.search, now) + state.inFlightSearch + request.cost > searchLimit) {
          until = Math.max(until, state.search.nextExpiry(now) ?? Number.POSITIVE_INFINITY);
        }
      }
      return until;
    },
    take(state, { search, cost }) {
      state.inFlight += cost;
      if (search) state.inFlightSearch += cost;
      return () => {
        const now = clock.now();
        state.inFlight -= cost;
        state.burst.add(now + state.windowMs, cost);
        if (search) {
          state.inFlightSearch -= cost;
          state.search.add(now + searchWindowMs, cost);
        }
      };
    },
    idle: (state, now) =>
      state.inFlight === 0 &&
      state.pausedUntil <= now &&
      state.searchPausedUntil <= now &&
      used(state, state.burst, now) === 0 &&
      used(state, state.search, now) === 0 &&
      state.limit === burst &&
      state.windowMs === windowMs,
  });

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
      return queue.acquire(account, { search, cost }, signal);
    },

    observe(key: string, observation: RateLimitObservation): void {
      const { account } = split(key);
      const state = queue.state(account);
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
            state.burst.add(now + state.windowMs, serverUsed - localUsed);
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
          const next = state.burst.nextExpiry(now);
          const rest = next === undefined ? state.windowMs : next - now;
          state.pausedUntil = now + (retryAfter ?? Math.max(rest, 1));
        }
      }
      queue.pump(account);
    },
  };
}
