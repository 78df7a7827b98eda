import { randomUUID } from 'node:crypto';
import { ConfigurationError, type RateLimiter, type ReleaseFn } from '@int/core';
import { LuaScript, type RedisClient } from './lua-script.js';

export interface RedisRateLimiterOptions {
  /** The ioredis client (or cluster) every process points at the same Redis. */
  redis: RedisClient;
  /** Starts allowed in any rolling window of `intervalMs`, shared by every process. */
  limit: number;
  /** Length of the rolling window in milliseconds. */
  intervalMs: number;
  /** Calls in flight at once, per key, across every process. Default: no bound. */
  maxConcurrent?: number | undefined;
  /** Prefix of every Redis key this limiter writes. Default `int:rl:`. */
  keyPrefix?: string | undefined;
  /**
   * How long an in-flight slot is held when its release is never called (the
   * process crashed). Default 60 000 ms. Only used with `maxConcurrent`.
   */
  leaseMs?: number | undefined;
  /**
   * How often a caller waiting only for a concurrency slot held by another
   * process asks again. Default 25 ms. Releases in the same process wake
   * waiters at once.
   */
  pollIntervalMs?: number | undefined;
}

/** What `acquire` resolves to: the release, plus when the start was granted. */
export interface RedisRelease extends ReleaseFn {
  /** Redis server time (ms since the epoch, microsecond precision) of the grant. */
  readonly startedAt: number;
}

export interface RedisRateLimiter extends RateLimiter {
  acquire(
    key: string,
    options?: { cost?: number; signal?: AbortSignal | undefined },
  ): Promise<RedisRelease>;
}

// All decisions happen inside Redis, on Redis' own clock (TIME), so processes
// whose clocks disagree still share one exact rolling window.
// KEYS: [1] starts (zset: member per unit of cost, score = start ms),
//       [2] in flight (zset: member per holder, score = lease end ms)
// ARGV: limit, intervalMs, maxConcurrent (0 = none), cost, id, leaseMs
// Returns {1, startedAt} when granted, {0, waitMs} when the window is full,
// {0, -1} when only the concurrency bound blocks.
const ACQUIRE = new LuaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local limit = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local maxConcurrent = tonumber(ARGV[3])
local cost = tonumber(ARGV[4])
local id = ARGV[5]
local lease = tonumber(ARGV[6])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.3f', now - interval))
local used = redis.call('ZCARD', KEYS[1])
if used + cost > limit then
  local index = used + cost - limit - 1
  local entry = redis.call('ZRANGE', KEYS[1], index, index, 'WITHSCORES')
  local wait = tonumber(entry[2]) + interval - now
  return {0, math.max(1, math.ceil(wait))}
end
if maxConcurrent > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', string.format('%.3f', now))
  if redis.call('ZCARD', KEYS[2]) >= maxConcurrent then
    return {0, -1}
  end
end
local score = string.format('%.3f', now)
for i = 1, cost do
  redis.call('ZADD', KEYS[1], score, id .. ':' .. i)
end
redis.call('PEXPIRE', KEYS[1], math.ceil(interval) + 1000)
if maxConcurrent > 0 then
  redis.call('ZADD', KEYS[2], string.format('%.3f', now + lease), id)
  redis.call('PEXPIRE', KEYS[2], math.ceil(lease) + 1000)
end
return {1, score}
`);

interface Waiter {
  cost: number;
  resolve: (release: RedisRelease) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

interface KeyState {
  waiters: Waiter[];
  pumping: boolean;
  /** Aborting it ends the current wait early (a local release, an abort). */
  wake: AbortController | undefined;
}

function positive(option: string, value: number, integer: boolean): void {
  if (!(value > 0) || (integer && !Number.isInteger(value))) {
    throw new ConfigurationError(
      `${option} must be a positive ${integer ? 'integer' : 'number'}, got ${String(value)}.`,
      { option },
    );
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * A rolling-window rate limiter whose budget lives in Redis, shared by every
 * process that uses the same `keyPrefix` and key: at most `limit` starts in any
 * `intervalMs`, and at most `maxConcurrent` in flight. One small Lua script
 * decides atomically on Redis' clock. In each process callers queue first come
 * first served and only the head of the queue asks Redis, so waiting never
 * busy-loops: it sleeps until the oldest start leaves the window.
 */
export function redisRateLimiter(options: RedisRateLimiterOptions): RedisRateLimiter {
  const { redis, limit, intervalMs } = options;
  const maxConcurrent = options.maxConcurrent ?? 0;
  const keyPrefix = options.keyPrefix ?? 'int:rl:';
  const leaseMs = options.leaseMs ?? 60_000;
  const pollIntervalMs = options.pollIntervalMs ?? 25;
  if (!redis) {
    throw new ConfigurationError('redisRateLimiter needs an ioredis client in `redis`.', {
      option: 'redis',
    });
  }
  positive('limit', limit, true);
  positive('intervalMs', intervalMs, false);
  if (options.maxConcurrent !== undefined) positive('maxConcurrent', maxConcurrent, true);
  positive('leaseMs', leaseMs, false);
  positive('pollIntervalMs', pollIntervalMs, false);

  const states = new Map<string, KeyState>();
  // A hash tag keeps both keys of one budget on one cluster slot.
  const startsKey = (key: string) => `${keyPrefix}{${key}}:starts`;
  const inFlightKey = (key: string) => `${keyPrefix}{${key}}:inflight`;

  const makeRelease = (key: string, id: string, startedAt: number): RedisRelease => {
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      if (maxConcurrent > 0) {
        redis.zrem(inFlightKey(key), id).then(
          () => states.get(key)?.wake?.abort(),
          // The lease frees the slot when Redis cannot be reached now.
          () => undefined,
        );
      }
    };
    return Object.assign(release, { startedAt });
  };

  const pump = async (key: string, state: KeyState): Promise<void> => {
    if (state.pumping) return;
    state.pumping = true;
    try {
      while (state.waiters.length > 0) {
        const head = state.waiters[0]!;
        const id = randomUUID();
        let result: [number, string | number];
        try {
          result = (await ACQUIRE.run(
            redis,
            [startsKey(key), inFlightKey(key)],
            [limit, intervalMs, maxConcurrent, head.cost, id, leaseMs],
          )) as [number, string | number];
        } catch (error) {
          if (state.waiters[0] === head) state.waiters.shift();
          head.signal?.removeEventListener('abort', head.onAbort);
          head.reject(error);
          continue;
        }
        if (result[0] === 1) {
          const release = makeRelease(key, id, Number(result[1]));
          if (state.waiters[0] === head) {
            state.waiters.shift();
            head.signal?.removeEventListener('abort', head.onAbort);
            head.resolve(release);
          } else {
            // Aborted while Redis decided: give the slot back (the start stays spent).
            release();
          }
          continue;
        }
        const wait = Number(result[1]) < 0 ? pollIntervalMs : Number(result[1]);
        const wake = new AbortController();
        state.wake = wake;
        await sleep(wait, wake.signal);
        state.wake = undefined;
      }
    } finally {
      state.pumping = false;
      if (state.waiters.length === 0) states.delete(key);
    }
  };

  return {
    acquire(key, acquireOptions = {}) {
      const cost = acquireOptions.cost ?? 1;
      const signal = acquireOptions.signal;
      if (!Number.isInteger(cost) || cost < 1 || cost > limit) {
        return Promise.reject(
          new ConfigurationError(
            `cost must be an integer between 1 and the limit (${limit}), got ${String(cost)}.`,
            { option: 'cost' },
          ),
        );
      }
      if (signal?.aborted) return Promise.reject(signal.reason);
      let state = states.get(key);
      if (!state) {
        state = { waiters: [], pumping: false, wake: undefined };
        states.set(key, state);
      }
      const keyState = state;
      return new Promise<RedisRelease>((resolve, reject) => {
        const waiter: Waiter = {
          cost,
          resolve,
          reject,
          signal,
          onAbort: () => {
            const index = keyState.waiters.indexOf(waiter);
            if (index >= 0) keyState.waiters.splice(index, 1);
            reject(signal?.reason);
            // The head may have left: the next one may fit now.
            if (index === 0) keyState.wake?.abort();
          },
        };
        signal?.addEventListener('abort', waiter.onAbort, { once: true });
        keyState.waiters.push(waiter);
        void pump(key, keyState);
      });
    },
  };
}
