import { createCircuitBreaker, silentLogger } from '@int/core';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { redisCircuitStore } from '../src/index.js';
import { startWorker } from './children.js';
import { cleanPrefix, connect, REDIS_URL, redisSkipReason, testPrefix } from './redis.js';

const skip = await redisSkipReason();

describe.skipIf(skip)('redisCircuitStore', () => {
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

  const breakerOn = (client: Redis, keyPrefix: string) =>
    createCircuitBreaker(
      {
        minimumCalls: 4,
        failureRate: 0.5,
        cooldownMs: 10_000,
        store: redisCircuitStore({ redis: client, keyPrefix }),
      },
      { provider: 'fedex', logger: silentLogger },
    );

  it('a breaker opened by another process is open here too, and a probe here closes it for both', async () => {
    const keyPrefix = prefix('circuit');
    const now = 1_800_000_000_000;
    const worker = startWorker('circuit-worker', [keyPrefix, String(now)], { REDIS_URL });
    const report = await worker.message<{ opened: string; admission: { allowed: boolean } }>(
      'opened',
    );
    expect(report.opened).toBe('open');
    expect(report.admission.allowed).toBe(false);
    expect(await worker.exited).toBe(0);

    const here = breakerOn(redis, keyPrefix);
    expect(await here.admit('acct', now + 5_000)).toEqual({ allowed: false, retryAfterMs: 5_000 });
    expect(await here.admit('other-account', now + 5_000)).toEqual({ allowed: true, probe: false });
    const probe = await here.admit('acct', now + 10_000);
    expect(probe).toEqual({ allowed: true, probe: true });
    // Only one probe at a time, whichever connection asks.
    const second = connect();
    try {
      const there = breakerOn(second, keyPrefix);
      expect((await there.admit('acct', now + 10_001)).allowed).toBe(false);
      await here.settle('acct', { unwell: false, probe: true }, now + 10_100);
      expect(await there.status('acct', now + 10_200)).toBe('closed');
      expect(await there.admit('acct', now + 10_200)).toEqual({ allowed: true, probe: false });
    } finally {
      second.disconnect();
    }
  });

  it('concurrent updates from two connections lose no call', async () => {
    const keyPrefix = prefix('race');
    const second = connect();
    try {
      const stores = [
        redisCircuitStore({ redis, keyPrefix }),
        redisCircuitStore({ redis: second, keyPrefix }),
      ];
      await Promise.all(
        Array.from({ length: 40 }, (_, index) =>
          stores[index % 2]!.update('k', (state) => ({
            state: { ...state, probeSuccesses: state.probeSuccesses + 1 },
            result: undefined,
          })),
        ),
      );
      expect((await stores[0]!.read('k'))?.probeSuccesses).toBe(40);
    } finally {
      second.disconnect();
    }
  });
});
