import { randomUUID } from 'node:crypto';
import {
  ConfigurationError,
  keyedMutex,
  type SecretBox,
  type StoredToken,
  type TokenStore,
  type WithLockOptions,
} from '@int/core';
import { LuaScript, type RedisClient } from './lua-script.js';

export interface RedisTokenStoreOptions {
  /** The ioredis client (or cluster). */
  redis: RedisClient;
  /** Encrypts every token before it is written; Redis never holds token text. */
  secretBox: SecretBox;
  /** Prefix of every key this store writes. Default `int:tokens:`. */
  keyPrefix?: string | undefined;
  /** How often a caller waiting for another process' lock asks again. Default 20 ms (with jitter). */
  lockPollIntervalMs?: number | undefined;
}

// Deletes the lock only when it still holds our owner id: a holder whose lock
// expired (and was taken by another) must not release the new holder's lock.
const RELEASE = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`);

/**
 * A `TokenStore` in Redis, shared by every process: tokens sealed with
 * `secretBox` (the store key bound as associated data), and `withLock` a
 * `SET NX PX` lock that expires after `ttlMs` (a crashed holder cannot block
 * others) and is released only by its holder.
 */
export function redisTokenStore(options: RedisTokenStoreOptions): TokenStore {
  if (!options?.redis) {
    throw new ConfigurationError('redisTokenStore needs an ioredis client in `redis`.', {
      option: 'redis',
    });
  }
  if (!options.secretBox) {
    throw new ConfigurationError(
      'redisTokenStore needs a `secretBox` to encrypt tokens at rest (SecretBox.fromEnv()).',
      { option: 'secretBox' },
    );
  }
  const { redis, secretBox } = options;
  const keyPrefix = options.keyPrefix ?? 'int:tokens:';
  const pollMs = options.lockPollIntervalMs ?? 20;
  const tokenKey = (key: string) => `${keyPrefix}{${key}}:token`;
  const lockKey = (key: string) => `${keyPrefix}{${key}}:lock`;
  // Callers in this process queue locally first, so one of them at a time polls Redis.
  const localLocks = keyedMutex();

  const acquire = async (key: string, ttlMs: number): Promise<string> => {
    const owner = randomUUID();
    while ((await redis.set(lockKey(key), owner, 'PX', Math.ceil(ttlMs), 'NX')) !== 'OK') {
      await new Promise((resolve) => setTimeout(resolve, pollMs / 2 + Math.random() * pollMs));
    }
    return owner;
  };

  return {
    async get(key) {
      const sealed = await redis.get(tokenKey(key));
      if (sealed === null) return undefined;
      return JSON.parse(await secretBox.open(sealed, { associatedData: key })) as StoredToken;
    },
    async set(key, token) {
      const sealed = await secretBox.seal(JSON.stringify(token), { associatedData: key });
      await redis.set(tokenKey(key), sealed);
    },
    async delete(key) {
      await redis.del(tokenKey(key));
    },
    async withLock<T>(key: string, fn: () => Promise<T>, lockOptions: WithLockOptions): Promise<T> {
      const ttlMs = lockOptions?.ttlMs ?? 30_000;
      // One caller per process polls the shared lock; the others queue here.
      return localLocks.run(key, async () => {
        const owner = await acquire(key, ttlMs);
        try {
          return await fn();
        } finally {
          await RELEASE.run(redis, [lockKey(key)], [owner]);
        }
      });
    },
  };
}
