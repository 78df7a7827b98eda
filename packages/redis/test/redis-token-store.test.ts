import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { redisTokenStore } from '../src/index.js';
import { startWorker } from './children.js';
import { cleanPrefix, connect, REDIS_URL, redisSkipReason, testPrefix } from './redis.js';
import { testSecretBox } from './secret-box.js';
import { startTokenServer } from './token-server.js';

const skip = await redisSkipReason();

describe.skipIf(skip)('redisTokenStore', () => {
  let redis: Redis;
  const prefixes: string[] = [];
  const prefix = (label: string) => {
    const value = testPrefix(label);
    prefixes.push(value);
    return value;
  };
  beforeAll(() => {
    redis = connect();
  });
  afterEach(async () => {
    for (const value of prefixes.splice(0)) await cleanPrefix(redis, value);
  });
  afterAll(() => redis.disconnect());

  it('round-trips tokens sealed with the SecretBox; Redis values hold no token text', async () => {
    const keyPrefix = prefix('tokens');
    const store = redisTokenStore({ redis, secretBox: testSecretBox(), keyPrefix });
    const token = {
      accessToken: 'at-SECRET-access-4242',
      refreshToken: 'rt-SECRET-refresh-4242',
      expiresAt: 1_900_000_000_000,
    };
    await store.set('crm', token);
    expect(await store.get('crm')).toEqual(token);
    expect(await store.get('other')).toBeUndefined();
    const keys = await redis.keys(`${keyPrefix}*`);
    expect(keys).toHaveLength(1);
    const raw = (await redis.getBuffer(keys[0]!))!.toString('latin1');
    expect(raw).toMatch(/^v1\./);
    expect(raw).not.toContain('SECRET');
    // Bound to its key: a value copied under another key does not open.
    await redis.set(keys[0]!.replace('{crm}', '{copy}'), raw);
    await expect(store.get('copy')).rejects.toThrow();
    await store.delete('crm');
    expect(await store.get('crm')).toBeUndefined();
  });

  it('withLock serialises holders, expires a crashed holder lock, and only the holder releases it', async () => {
    const keyPrefix = prefix('lock');
    const one = redisTokenStore({ redis, secretBox: testSecretBox(), keyPrefix });
    const two = redisTokenStore({ redis, secretBox: testSecretBox(), keyPrefix });
    let inside = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        (index % 2 ? one : two).withLock(
          'k',
          async () => {
            inside += 1;
            peak = Math.max(peak, inside);
            await new Promise((resolve) => setTimeout(resolve, 5));
            inside -= 1;
          },
          { ttlMs: 5_000 },
        ),
      ),
    );
    expect(peak).toBe(1);

    // A slow holder outlives its 150 ms lock; another takes the lock, and the
    // slow holder's late release must not delete the new holder's lock.
    let releaseSlow!: () => void;
    const slow = one.withLock(
      'x',
      () =>
        new Promise<void>((resolve) => {
          releaseSlow = resolve;
        }),
      { ttlMs: 150 },
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    const started = Date.now();
    let releaseFast!: () => void;
    const fastIn = new Promise<void>((entered) => {
      void two.withLock(
        'x',
        () =>
          new Promise<void>((resolve) => {
            entered();
            releaseFast = resolve;
          }),
        { ttlMs: 5_000 },
      );
    });
    await fastIn;
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    releaseSlow();
    await slow;
    const lockKey = (await redis.keys(`${keyPrefix}*lock`))[0]!;
    expect(await redis.pttl(lockKey)).toBeGreaterThan(1_000);
    releaseFast();
  });

  it('4 processes x 50 callers on an expired token make exactly one token request', async () => {
    const keyPrefix = prefix('shared');
    const store = redisTokenStore({ redis, secretBox: testSecretBox(), keyPrefix });
    await store.set('fedex', { accessToken: 'expired', expiresAt: Date.now() - 1_000 });
    const server = await startTokenServer();
    try {
      const workers = Array.from({ length: 4 }, () =>
        startWorker('token-worker', [REDIS_URL, keyPrefix, server.url, 'fedex', '50']),
      );
      await Promise.all(workers.map((worker) => worker.message('ready')));
      for (const worker of workers) worker.send('go');
      const results = await Promise.all(
        workers.map((worker) => worker.message<{ tokens: string[] }>('tokens')),
      );
      expect(server.requests()).toBe(1);
      expect(new Set(results.flatMap((result) => result.tokens))).toEqual(
        new Set(['fresh-token-1']),
      );
      await Promise.all(workers.map((worker) => worker.exited));
    } finally {
      await server.close();
    }
  }, 30_000);
});
