import { describe, expect, it } from 'vitest';
import { ConfigurationError, createHttpClient, memoryRateLimiter } from '../src/index.js';
import { createTestClock, startLocalServer } from '../src/testing/index.js';

function maxStartsInWindow(starts: number[], windowMs: number): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let worst = 0;
  let left = 0;
  for (let right = 0; right < sorted.length; right += 1) {
    while (sorted[right]! - sorted[left]! >= windowMs) left += 1;
    worst = Math.max(worst, right - left + 1);
  }
  return worst;
}

describe('memoryRateLimiter', () => {
  it('500 callers: never more than 10 starts in any 100 ms window, never more than 3 in flight', async () => {
    const clock = createTestClock({ mode: 'manual', now: 0 });
    const limiter = memoryRateLimiter({ limit: 10, intervalMs: 100, maxConcurrent: 3, clock });
    const starts: number[] = [];
    let inFlight = 0;
    let peak = 0;
    const done: number[] = [];
    const callers = Array.from({ length: 500 }, async (_, index) => {
      const release = await limiter.acquire('portal-1');
      starts.push(clock.now());
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      // Hold times vary: 0 to 45 ms of virtual time.
      await clock.sleep((index * 7) % 46);
      inFlight -= 1;
      release();
      done.push(index);
    });
    while (done.length < 500) {
      if (!(await clock.runNext())) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(callers);
    expect(starts).toHaveLength(500);
    expect(maxStartsInWindow(starts, 100)).toBe(10);
    expect(peak).toBe(3);
    // The budget is used, not wasted: 500 starts at 10 per 100 ms need about 5 s.
    expect(clock.now()).toBeLessThan(5_200);
    expect(clock.now()).toBeGreaterThanOrEqual(4_900);
  });

  it('keeps budgets per key', async () => {
    const clock = createTestClock({ mode: 'manual', now: 0 });
    const limiter = memoryRateLimiter({ limit: 1, intervalMs: 1_000, clock });
    await limiter.acquire('a');
    await limiter.acquire('b');
    let third = false;
    void limiter.acquire('a').then(() => {
      third = true;
    });
    await clock.advance(999);
    expect(third).toBe(false);
    await clock.advance(1);
    expect(third).toBe(true);
  });

  it('waits on a timer, not a loop: one pending timer however many waiters', async () => {
    const clock = createTestClock({ mode: 'manual', now: 0 });
    const limiter = memoryRateLimiter({ limit: 2, intervalMs: 1_000, clock });
    const waiting = Array.from({ length: 50 }, () => limiter.acquire('k'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(clock.pending).toBe(1);
    for (let second = 0; second < 25; second += 1) await clock.advance(1_000);
    await Promise.all(waiting);
    expect(clock.sleeps.length).toBeLessThanOrEqual(25);
  });

  it('honours cost and refuses a cost above the limit', async () => {
    const clock = createTestClock({ mode: 'manual', now: 0 });
    const limiter = memoryRateLimiter({ limit: 5, intervalMs: 100, clock });
    await limiter.acquire('k', { cost: 4 });
    let granted = false;
    void limiter.acquire('k', { cost: 2 }).then(() => {
      granted = true;
    });
    await clock.advance(50);
    expect(granted).toBe(false);
    await clock.advance(50);
    expect(granted).toBe(true);
    await expect(limiter.acquire('k', { cost: 6 })).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('an aborted waiter leaves the queue and the next one still gets through', async () => {
    const clock = createTestClock({ mode: 'manual', now: 0 });
    const limiter = memoryRateLimiter({ limit: 1, intervalMs: 100, clock });
    await limiter.acquire('k');
    const controller = new AbortController();
    const first = limiter.acquire('k', { signal: controller.signal });
    const second = limiter.acquire('k');
    controller.abort(new Error('stop'));
    await expect(first).rejects.toThrow('stop');
    await clock.advance(100);
    await expect(second).resolves.toBeTypeOf('function');
  });

  it('rejects bad options with a ConfigurationError that names them', () => {
    expect(() => memoryRateLimiter({ limit: 0, intervalMs: 100 })).toThrow(/limit/);
    expect(() => memoryRateLimiter({ limit: 1, intervalMs: -1 })).toThrow(/intervalMs/);
    expect(() => memoryRateLimiter({ limit: 1, intervalMs: 10, maxConcurrent: 0 })).toThrow(
      /maxConcurrent/,
    );
  });

  it('bounds real requests through the client (wall clock, counted at the server)', async () => {
    let inFlight = 0;
    let peak = 0;
    const server = await startLocalServer((_request, response) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        response.end('{}');
      }, 5);
    });
    try {
      const client = createHttpClient({
        name: 'acme',
        baseURL: server.url,
        rateLimiter: memoryRateLimiter({ limit: 1_000, intervalMs: 1_000, maxConcurrent: 3 }),
      });
      await Promise.all(
        Array.from({ length: 40 }, () => client.request({ method: 'GET', path: '/v1/x' })),
      );
      expect(server.requests).toHaveLength(40);
      expect(peak).toBeLessThanOrEqual(3);
      expect(peak).toBeGreaterThan(1);
    } finally {
      await server.close();
    }
  });
});
