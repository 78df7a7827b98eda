import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, createMetrics, percentile } from '../src/index.js';
import { createMockServer, createTestClock } from '../src/testing/index.js';

const call = (ok: boolean, durationMs = 10, status?: number) => ({
  provider: 'acme',
  operation: 'items.get',
  ok,
  durationMs,
  status,
  errorName: ok ? undefined : 'ServerError',
  errorMessage: ok ? undefined : 'acme items.get failed with 500',
});

describe('createMetrics', () => {
  it('nearest-rank percentiles on known inputs', () => {
    const metrics = createMetrics({ clock: createTestClock() });
    for (let ms = 100; ms >= 1; ms -= 1) metrics.record(call(true, ms));
    const [stats] = metrics.snapshot();
    expect(stats).toMatchObject({
      count: 100,
      successes: 100,
      failures: 0,
      p50: 50,
      p95: 95,
      p99: 99,
    });
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeUndefined();
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
  });

  it('health thresholds: ok at 95 %, warning at 80 %, error below, unknown with no calls', () => {
    const cases: Array<[number, string]> = [
      [100, 'ok'],
      [95, 'ok'],
      [94, 'warning'],
      [80, 'warning'],
      [79, 'error'],
      [0, 'error'],
    ];
    for (const [successes, expected] of cases) {
      const metrics = createMetrics({ clock: createTestClock() });
      for (let index = 0; index < 100; index += 1)
        metrics.record(call(index < successes, 5, index < successes ? 200 : 503));
      expect(metrics.health('acme').health).toBe(expected);
      expect(metrics.health('acme').successRate).toBeCloseTo(successes / 100);
    }
    expect(createMetrics().health('acme')).toMatchObject({ health: 'unknown', windowCount: 0 });
  });

  it('calls leave the window: health returns to unknown, counts stay', () => {
    const clock = createTestClock();
    const metrics = createMetrics({ clock, windowMs: 60_000 });
    metrics.record(call(false, 5, 500));
    expect(metrics.health('acme').health).toBe('error');
    clock.set(clock.now() + 60_001);
    expect(metrics.health('acme').health).toBe('unknown');
    expect(metrics.snapshot()[0]).toMatchObject({
      count: 1,
      failures: 1,
      windowCount: 0,
      p50: undefined,
    });
  });

  it("a caller's 404 counts as a failure but not against provider health", () => {
    const metrics = createMetrics({ clock: createTestClock() });
    for (let index = 0; index < 10; index += 1) metrics.record(call(false, 5, 404));
    const [stats] = metrics.snapshot();
    expect(stats).toMatchObject({ failures: 10, health: 'ok' });
  });

  it('a declined card (402) counts as a failure but not against provider health', () => {
    const metrics = createMetrics({ clock: createTestClock() });
    metrics.record(call(true, 5, 200));
    for (let index = 0; index < 3; index += 1) metrics.record(call(false, 5, 402));
    metrics.record(call(false, 5, 503));
    const [stats] = metrics.snapshot();
    // 4 of 5 healthy: the 503 alone counts against the provider.
    expect(stats).toMatchObject({ failures: 4, successRate: 0.8, health: 'warning' });
  });

  it('keeps the last error and lists every provider', () => {
    const metrics = createMetrics({ clock: createTestClock() });
    metrics.record(call(false, 5, 500));
    metrics.record({ provider: 'other', operation: 'x', ok: true, durationMs: 1 });
    expect(metrics.snapshot()[0]?.lastError).toMatchObject({
      name: 'ServerError',
      message: 'acme items.get failed with 500',
      status: 500,
    });
    expect(metrics.health().map((entry) => entry.provider)).toEqual(['acme', 'other']);
  });
});

describe('the client records every call', () => {
  const mock = createMockServer();
  beforeAll(() => mock.listen());
  afterEach(() => mock.reset());
  afterAll(() => mock.close());

  it('one record per logical call, with operation and outcome', async () => {
    mock.route('GET', 'https://api.acme.test/v1/items/1', [{ status: 503 }, { json: { id: 1 } }]);
    mock.route('GET', 'https://api.acme.test/v1/items/2', { status: 404 });
    const metrics = createMetrics();
    const client = createHttpClient({
      name: 'acme',
      baseURL: 'https://api.acme.test',
      metrics,
      clock: createTestClock(),
    });
    await client.request({ method: 'GET', path: '/v1/items/1', operation: 'items.get' });
    await client
      .request({ method: 'GET', path: '/v1/items/2', operation: 'items.get' })
      .catch(() => {});
    const [stats] = metrics.snapshot();
    expect(stats).toMatchObject({
      provider: 'acme',
      operation: 'items.get',
      count: 2,
      successes: 1,
      failures: 1,
    });
    expect(stats?.lastError?.status).toBe(404);
    expect(mock.calls).toHaveLength(3);
  });
});
