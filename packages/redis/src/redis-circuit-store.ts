import {
  type CircuitState,
  type CircuitStore,
  ConfigurationError,
  closedCircuit,
  keyedMutex,
} from '@int/core';
import { LuaScript, type RedisClient } from './lua-script.js';

export interface RedisCircuitStoreOptions {
  /** The ioredis client (or cluster). */
  redis: RedisClient;
  /** Prefix of every key this store writes. Default `int:circuit:`. */
  keyPrefix?: string | undefined;
  /** How long an untouched breaker's state is kept. Default one day. */
  ttlMs?: number | undefined;
}

// Compare-and-set: writes only when the state is still the one the step read.
const SWAP = new LuaScript(`
local current = redis.call('GET', KEYS[1])
if (current == false and ARGV[1] == '') or current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0
`);

const MAX_ATTEMPTS = 50;

/**
 * Breakers shared by every process on one Redis: a provider that fails for
 * one worker opens for all of them. Each change is a compare-and-set of the
 * state's JSON, repeated on a conflict, so no lock is held between calls;
 * within this process changes to one key go one at a time, so conflicts only
 * come from other processes.
 */
export function redisCircuitStore(options: RedisCircuitStoreOptions): CircuitStore {
  if (!options?.redis) {
    throw new ConfigurationError('redisCircuitStore needs an ioredis client in `redis`.', {
      option: 'redis',
    });
  }
  const { redis } = options;
  const prefix = options.keyPrefix ?? 'int:circuit:';
  const ttlMs = options.ttlMs ?? 86_400_000;
  const parse = (text: string | null): CircuitState =>
    text ? (JSON.parse(text) as CircuitState) : closedCircuit();
  const local = keyedMutex();
  return {
    update: (key, step) =>
      local.run(key, async () => {
        const redisKey = `${prefix}${key}`;
        for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
          const before = await redis.get(redisKey);
          const { state, result } = step(parse(before));
          const after = JSON.stringify(state);
          if (after === before) return result;
          const swapped = await SWAP.run(redis, [redisKey], [before ?? '', after, ttlMs]);
          if (swapped === 1) return result;
        }
        throw new Error(`The circuit state of ${key} kept changing under ${MAX_ATTEMPTS} updates.`);
      }),
    async read(key) {
      const text = await redis.get(`${prefix}${key}`);
      return text ? (JSON.parse(text) as CircuitState) : undefined;
    },
  };
}
