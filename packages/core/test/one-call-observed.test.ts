import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortError,
  type CallRecord,
  createHttpClient,
  createMetrics,
  type HttpClientOptions,
  type IntegrationError,
  type RetryInfo,
  ServerError,
} from '../src/index.js';
import { captureLogger, createMockServer, createTestClock } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

const BASE = 'https://api.acme.test';
const ITEMS = `${BASE}/v1/items`;
const get = { method: 'GET' as const, path: '/v1/items', operation: 'items.list' };

function setup(overrides: Partial<HttpClientOptions> = {}, mode: 'instant' | 'manual' = 'instant') {
  const clock = createTestClock({ now: Date.UTC(2026, 10, 29, 12, 0, 0), mode });
  const records: CallRecord[] = [];
  const metrics = { ...createMetrics({ clock }), record: (call: CallRecord) => records.push(call) };
  const logger = captureLogger();
  const seen = { clientRetry: [] as RetryInfo[], hookRetry: [] as RetryInfo[] };
  const errors: IntegrationError[] = [];
  const client = createHttpClient({
    name: 'acme',
    baseURL: BASE,
    clock,
    logger,
    metrics,
    random: () => 0.5,
    retry: { onRetry: (info) => seen.clientRetry.push(info) },
    hooks: {
      onRetry: (info) => seen.hookRetry.push(info),
      onError: (error) => errors.push(error),
    },
    ...overrides,
  });
  const linesOf = (event: string) => logger.lines.filter((line) => line.object.event === event);
  return { client, clock, records, seen, errors, linesOf };
}

describe('one logical call, observed once', () => {
  it('a call that succeeds on its third attempt is one metrics record with attempts 3', async () => {
    mock.route('GET', ITEMS, [{ status: 503 }, { status: 502 }, { json: { ok: true } }]);
    const { client, records } = setup();
    await client.request(get);
    expect(records).toEqual([
      expect.objectContaining({ operation: 'items.list', ok: true, status: 200, attempts: 3 }),
    ]);
  });

  it('a call that fails after its retries is one record, one failure line, one onError', async () => {
    mock.route('GET', ITEMS, { status: 503 });
    const { client, records, errors, linesOf } = setup();
    await expect(client.request(get)).rejects.toBeInstanceOf(ServerError);
    expect(records).toEqual([expect.objectContaining({ ok: false, status: 503, attempts: 3 })]);
    expect(linesOf('request.failed')).toHaveLength(1);
    expect(linesOf('request.failed')[0]?.object).toMatchObject({ attempt: 3, status: 503 });
    expect(errors).toHaveLength(1);
  });

  it('every retry calls the client onRetry, the request onRetry and hooks.onRetry, and logs one line', async () => {
    mock.route('GET', ITEMS, [{ status: 503 }, { status: 500 }, { json: {} }]);
    const { client, seen, linesOf } = setup();
    const requestRetry: RetryInfo[] = [];
    await client.request({
      ...get,
      retry: { maxRetries: 4, onRetry: (info) => requestRetry.push(info) },
    });
    for (const infos of [seen.clientRetry, seen.hookRetry, requestRetry]) {
      expect(infos.map((info) => [info.attempt, info.status, info.reason])).toEqual([
        [1, 503, 'status 503'],
        [2, 500, 'status 500'],
      ]);
    }
    expect(linesOf('request.retry').map((line) => line.object.attempt)).toEqual([1, 2]);
  });

  it('a per-request retry override without onRetry still calls the client one, once', async () => {
    mock.route('GET', ITEMS, [{ status: 503 }, { json: {} }]);
    const { client, seen, linesOf } = setup();
    await client.request({ ...get, retry: { maxRetries: 1 } });
    expect(seen.clientRetry).toHaveLength(1);
    expect(seen.hookRetry).toHaveLength(1);
    expect(linesOf('request.retry')).toHaveLength(1);
  });

  it('a retry after an invalid 2xx body is observed the same way', async () => {
    mock.route('GET', ITEMS, [{ body: '{"trunc' }, { json: { ok: 1 } }]);
    const { client, seen, linesOf, records } = setup();
    await expect(client.request(get)).resolves.toEqual({ ok: 1 });
    expect(seen.clientRetry.map((info) => info.reason)).toEqual(['invalid response body']);
    expect(seen.hookRetry).toHaveLength(1);
    expect(linesOf('request.retry')).toHaveLength(1);
    expect(records).toEqual([expect.objectContaining({ ok: true, attempts: 2 })]);
  });

  it('an abort during a retry wait rejects with AbortError carrying the reason, not the reason itself', async () => {
    mock.route('GET', ITEMS, { status: 503, headers: { 'retry-after': '30' } });
    const { client, clock, records, errors, linesOf } = setup({}, 'manual');
    const controller = new AbortController();
    const pending = client.request({ ...get, signal: controller.signal });
    while (clock.pending === 0) await new Promise((resolve) => setImmediate(resolve));
    const reason = new Error('shutting down');
    controller.abort(reason);
    const error = await pending.catch((caught: unknown) => caught);
    expect(error).not.toBe(reason);
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ provider: 'acme', operation: 'items.list', reason });
    expect(mock.calls).toHaveLength(1);
    // A caller's abort says nothing about the provider: no metrics record.
    expect(records).toEqual([]);
    expect(linesOf('request.failed')).toHaveLength(1);
    expect(errors).toEqual([error]);
  });
});
