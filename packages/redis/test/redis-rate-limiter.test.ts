import { ConfigurationError, createHttpClient, type RateLimiter } from '@int/core';
import { startLocalServer } from '@int/core/testing';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { redisRateLimiter } from '../src/index.js';
import { startWorker } from './children.js';
import {
  cleanPrefix,
  connect,
  maxStartsInWindow,
  REDIS_URL,
  redisSkipReason,
  testPrefix,
} from './redis.js';

const skip = await redisSkipReason();

describe.skipIf(skip)('redisRateLimiter', () => {
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

  it('60 callers in one process: never more than 10 starts in any 200 ms window', async () => {
    const limiter = redisRateLimiter({
      redis,
      limit: 10,
      intervalMs: 200,
      keyPrefix: prefix('one'),
    });
    const starts = await Promise.all(
      Array.from({ length: 60 }, async () => {
        const release = await limiter.acquire('k');
        release();
        return release.startedAt;
      }),
    );
    expect(maxStartsInWindow(starts, 200)).toBe(10);
    // 6 windows' worth: the last batch starts just after 5 windows.
    const span = Math.max(...starts) - Math.min(...starts);
    expect(span).toBeGreaterThanOrEqual(1000);
    expect(span).toBeLessThan(2000); // generous: CI runs packages in parallel
  });

  it('keeps budgets per key', async () => {
    const limiter = redisRateLimiter({
      redis,
      limit: 2,
      intervalMs: 10_000,
      keyPrefix: prefix('keys'),
    });
    await limiter.acquire('a');
    await limiter.acquire('a');
    const started = Date.now();
    await limiter.acquire('b');
    await limiter.acquire('b');
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('counts cost as units of the budget', async () => {
    const limiter = redisRateLimiter({
      redis,
      limit: 5,
      intervalMs: 300,
      keyPrefix: prefix('cost'),
    });
    const first = await limiter.acquire('k', { cost: 4 });
    const second = await limiter.acquire('k', { cost: 2 });
    expect(second.startedAt - first.startedAt).toBeGreaterThanOrEqual(300);
  });

  it('bounds calls in flight across limiters (processes) and frees a slot on release', async () => {
    const keyPrefix = prefix('conc');
    const one = redisRateLimiter({
      redis,
      limit: 100,
      intervalMs: 1000,
      maxConcurrent: 2,
      keyPrefix,
    });
    const two = redisRateLimiter({
      redis,
      limit: 100,
      intervalMs: 1000,
      maxConcurrent: 2,
      keyPrefix,
    });
    let inFlight = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 12 }, async (_, index) => {
        const release = await (index % 2 ? one : two).acquire('k');
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 15));
        inFlight -= 1;
        release();
        release(); // safe twice
      }),
    );
    expect(peak).toBe(2);
  });

  it('a slot never released (crashed holder) frees itself after leaseMs', async () => {
    const limiter = redisRateLimiter({
      redis,
      limit: 100,
      intervalMs: 1000,
      maxConcurrent: 1,
      leaseMs: 150,
      keyPrefix: prefix('lease'),
    });
    const held = await limiter.acquire('k');
    const next = await limiter.acquire('k');
    expect(next.startedAt - held.startedAt).toBeGreaterThanOrEqual(150);
  });

  it('an aborted wait rejects with the reason and lets the next caller in', async () => {
    const limiter = redisRateLimiter({
      redis,
      limit: 1,
      intervalMs: 400,
      keyPrefix: prefix('abort'),
    });
    await limiter.acquire('k');
    const controller = new AbortController();
    const waiting = limiter.acquire('k', { signal: controller.signal });
    const behind = limiter.acquire('k');
    controller.abort(new Error('caller gave up'));
    await expect(waiting).rejects.toThrow('caller gave up');
    await expect(behind).resolves.toBeTypeOf('function');
    await expect(
      limiter.acquire('k', { signal: AbortSignal.abort(new Error('already')) }),
    ).rejects.toThrow('already');
  });

  it('plugs into createHttpClient as its rateLimiter (one line from memoryRateLimiter)', async () => {
    const server = await startLocalServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end('{"ok":true}');
    });
    try {
      const rateLimiter: RateLimiter = redisRateLimiter({
        redis,
        limit: 2,
        intervalMs: 300,
        keyPrefix: prefix('http'),
      });
      const client = createHttpClient({ name: 'acme', baseURL: server.url, rateLimiter });
      const started = Date.now();
      await Promise.all(
        Array.from({ length: 4 }, () => client.request({ method: 'GET', path: '/v1/ping' })),
      );
      expect(server.requests).toHaveLength(4);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    } finally {
      await server.close();
    }
  });

  it('rejects bad options with ConfigurationError', async () => {
    expect(() => redisRateLimiter({ redis, limit: 0, intervalMs: 1000 })).toThrow(
      ConfigurationError,
    );
    expect(() => redisRateLimiter({ redis, limit: 1, intervalMs: -1 })).toThrow(ConfigurationError);
    const limiter = redisRateLimiter({
      redis,
      limit: 2,
      intervalMs: 1000,
      keyPrefix: prefix('bad'),
    });
    await expect(limiter.acquire('k', { cost: 3 })).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('4 processes x 50 callers share limit 20/s for 5 s: no rolling 1 s window above 20, >= 90 % throughput', async () => {
    const keyPrefix = prefix('shared');
    const workers = Array.from({ length: 4 }, () =>
      startWorker('rate-limit-worker', [REDIS_URL, keyPrefix, '50', '5000']),
    );
    await Promise.all(workers.map((worker) => worker.message('ready')));
    for (const worker of workers) worker.send('go');
    const results = await Promise.all(
      workers.map((worker) => worker.message<{ starts: number[] }>('starts')),
    );
    const starts = results.flatMap((result) => result.starts);
    const first = Math.min(...starts);
    const inFiveSeconds = starts.filter((at) => at < first + 5000).length;
    console.log(
      `shared budget: ${starts.length} starts, ${inFiveSeconds} in the first 5 s, worst 1 s window ${maxStartsInWindow(starts, 1000)}, per process ${results.map((result) => result.starts.length).join('/')}`,
    );
    expect(maxStartsInWindow(starts, 1000)).toBeLessThanOrEqual(20);
    expect(inFiveSeconds).toBeGreaterThanOrEqual(90);
    await Promise.all(workers.map((worker) => worker.exited));
  }, 30_000);
});
