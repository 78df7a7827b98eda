import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { AbortError, createHttpClient, memoryRateLimiter } from '../src/index.js';
import { createMockServer, createTestClock, startLocalServer } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

const BASE = 'https://api.acme.test';

// Each of these would hang until the test times out if the abort were not honoured.

it('stops a call in flight at once', async () => {
  const server = await startLocalServer(() => {
    /* never answers */
  });
  try {
    const client = createHttpClient({ name: 'acme', baseURL: server.url });
    const controller = new AbortController();
    const pending = client.request({ method: 'GET', path: '/v1/slow', signal: controller.signal });
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(new Error('user navigated away'));
    const error = await pending.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).reason).toEqual(new Error('user navigated away'));
    expect(server.requests).toHaveLength(1);
  } finally {
    await server.close();
  }
});

it('stops while waiting for a retry', async () => {
  mock.route('GET', `${BASE}/v1/items`, { status: 503, headers: { 'retry-after': '30' } });
  const clock = createTestClock({ mode: 'manual' });
  const client = createHttpClient({ name: 'acme', baseURL: BASE, clock });
  const controller = new AbortController();
  const pending = client.request({ method: 'GET', path: '/v1/items', signal: controller.signal });
  while (clock.pending === 0) await new Promise((resolve) => setImmediate(resolve));
  expect(clock.sleeps).toEqual([30_000]);
  controller.abort();
  await expect(pending).rejects.toBeInstanceOf(AbortError);
  expect(clock.pending).toBe(0);
  expect(mock.calls).toHaveLength(1);
});

it('stops while waiting for the rate limiter, and nothing is sent', async () => {
  mock.route('GET', `${BASE}/v1/items`, { json: { ok: true } });
  const clock = createTestClock({ mode: 'manual' });
  const rateLimiter = memoryRateLimiter({ limit: 1, intervalMs: 60_000, clock });
  const client = createHttpClient({ name: 'acme', baseURL: BASE, clock, rateLimiter });
  await client.request({ method: 'GET', path: '/v1/items' });
  const controller = new AbortController();
  const pending = client.request({ method: 'GET', path: '/v1/items', signal: controller.signal });
  while (clock.pending === 0) await new Promise((resolve) => setImmediate(resolve));
  controller.abort();
  await expect(pending).rejects.toBeInstanceOf(AbortError);
  expect(mock.calls).toHaveLength(1);
});

it('an already aborted signal sends nothing', async () => {
  mock.route('GET', `${BASE}/v1/items`, { json: {} });
  const client = createHttpClient({ name: 'acme', baseURL: BASE });
  await expect(
    client.request({ method: 'GET', path: '/v1/items', signal: AbortSignal.abort() }),
  ).rejects.toBeInstanceOf(AbortError);
  expect(mock.calls).toHaveLength(0);
});
