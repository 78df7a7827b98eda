import {
  type AcquireOptions,
  type Clock,
  ConfigurationError,
  describeValue,
  limiterQueue,
  parseRetryAfter,
  type ReleaseFn,
  systemClock,
  WindowBudget,
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
  burst: WindowBudget;
  search: WindowBudget;
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

  const queue = limiterQueue<AccountState, Request>({
    clock,
    create: () => ({
      burst: new WindowBudget(burst, windowMs),
      search: new WindowBudget(searchLimit, searchWindowMs),
    }),
    blockedUntil(state, { search, cost }, now) {
      let until = state.burst.blockedUntil(cost, now);
      if (state.burst.inFlight >= maxConcurrent) until = Number.POSITIVE_INFINITY;
      return search ? Math.max(until, state.search.blockedUntil(cost, now)) : until;
    },
    take(state, { search, cost }) {
      state.burst.start(cost);
      if (search) state.search.start(cost);
      return () => {
        const now = clock.now();
        state.burst.finish(cost, now);
        if (search) state.search.finish(cost, now);
      };
    },
    // A budget the headers changed is kept: a new one would forget what HubSpot said.
    idle: (state, now) =>
      state.burst.idle(now) &&
      state.search.idle(now) &&
      state.burst.limit === burst &&
      state.burst.windowMs === windowMs,
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
        if (max !== undefined && max >= 1) state.burst.limit = Math.floor(max);
        if (interval !== undefined && interval >= 1) state.burst.windowMs = interval;
        // HubSpot counted when the call arrived, after it was sent.
        if (remaining !== undefined) state.burst.matchRemaining(remaining, observation.sentAt, now);
      }
      if (observation.status === 429) {
        const policy = rateLimitPolicy(observation.body);
        const retryAfter = parseRetryAfter(headers, now);
        if (policy === 'SECONDLY') {
          state.search.pausedUntil = now + (retryAfter ?? searchWindowMs);
        } else if (policy !== 'DAILY') {
          state.burst.pause(retryAfter, now);
        }
      }
      queue.pump(account);
    },
  };
}
