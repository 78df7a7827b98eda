import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type CallRecord,
  ConfigurationError,
  createHttpClient,
  createMetrics,
  type HttpClientOptions,
  QuotaExceededError,
  RateLimitError,
  ServerError,
} from '../src/index.js';
import { captureLogger, createMockServer, createTestClock } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

const BASE = 'https://api.acme.test';
const URL_ = `${BASE}/v1/contacts`;
const create = { method: 'POST' as const, path: '/v1/contacts', body: { email: 'a@b.test' } };

function setup(overrides: Partial<HttpClientOptions> = {}) {
  const clock = createTestClock({ now: Date.UTC(2026, 10, 29, 12, 0, 0) });
  const records: CallRecord[] = [];
  const metrics = { ...createMetrics({ clock }), record: (call: CallRecord) => records.push(call) };
  const logger = captureLogger();
  const client = createHttpClient({
    name: 'acme',
    baseURL: BASE,
    clock,
    logger,
    metrics,
    random: () => 0.5,
    notActedOnStatuses: [429],
    ...overrides,
  });
  return { client, clock, records, logger };
}

const rateLimited = {
  status: 429,
  headers: { 'retry-after': '1' },
  json: { message: 'slow down' },
};

describe('notActedOnStatuses: a status answered before the provider acts', () => {
  it('repeats a POST without a key after a 429 listed there, the same body each time', async () => {
    mock.route('POST', URL_, [rateLimited, { json: { id: 'c_1' } }]);
    const { client, clock, records } = setup();
    const response = await client.requestWithResponse(create);
    expect(response).toMatchObject({ data: { id: 'c_1' }, attempts: 2 });
    expect(mock.calls.map((call) => [call.method, call.body])).toEqual([
      ['POST', '{"email":"a@b.test"}'],
      ['POST', '{"email":"a@b.test"}'],
    ]);
    expect(mock.calls[0]?.headers['idempotency-key']).toBeUndefined();
    expect(clock.sleeps).toEqual([1_000]);
    expect(records).toEqual([expect.objectContaining({ ok: true, attempts: 2 })]);
  });

  it('also a PATCH, on backoff when no Retry-After is given', async () => {
    mock.route('PATCH', `${URL_}/c_1`, [{ status: 429 }, { json: { id: 'c_1' } }]);
    const { client, clock } = setup();
    await client.request({ method: 'PATCH', path: '/v1/contacts/c_1', body: { a: 1 } });
    expect(mock.calls).toHaveLength(2);
    expect(clock.sleeps).toEqual([250]);
  });

  it('without the option a POST without a key is not repeated after a 429', async () => {
    mock.route('POST', URL_, [rateLimited, { json: { id: 'c_1' } }]);
    const { client, clock } = setup({ notActedOnStatuses: undefined });
    const error = await client.request(create).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ attempts: 1, retryable: false });
    expect(mock.calls).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('keeps the retry budget: three attempts, then the RateLimitError (retryable)', async () => {
    mock.route('POST', URL_, rateLimited);
    const { client, records } = setup();
    const error = await client.request(create).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ attempts: 3, retryable: true, retryAfterMs: 1_000 });
    expect(mock.calls).toHaveLength(3);
    expect(records).toEqual([expect.objectContaining({ ok: false, status: 429, attempts: 3 })]);
  });

  it('only the listed statuses: a 503 on a POST without a key is still final', async () => {
    mock.route('POST', URL_, [{ status: 503 }, { json: {} }]);
    const { client } = setup();
    await expect(client.request(create)).rejects.toBeInstanceOf(ServerError);
    expect(mock.calls).toHaveLength(1);
  });

  it('not when the retry hint says no', async () => {
    mock.route('POST', URL_, [rateLimited, { json: {} }]);
    const { client } = setup({ retryHint: () => 'no-retry' });
    await expect(client.request(create)).rejects.toMatchObject({ status: 429, retryable: false });
    expect(mock.calls).toHaveLength(1);
  });

  it('not for a QuotaExceededError (a daily limit: waiting seconds will not help)', async () => {
    mock.route('POST', URL_, [rateLimited, { json: {} }]);
    const { client } = setup({
      createError: (context) => new QuotaExceededError(context.message, context),
    });
    await expect(client.request(create)).rejects.toBeInstanceOf(QuotaExceededError);
    expect(mock.calls).toHaveLength(1);
  });

  it('not when the request turns retries off, nor past maxRetryAfterMs', async () => {
    mock.route('POST', URL_, { status: 429, headers: { 'retry-after': '120' } });
    const { client } = setup();
    await expect(client.request({ ...create, retry: false })).rejects.toMatchObject({
      attempts: 1,
    });
    await expect(client.request(create)).rejects.toMatchObject({
      attempts: 1,
      retryAfterMs: 120_000,
    });
    expect(mock.calls).toHaveLength(2);
  });

  it('is checked at construction', () => {
    expect(() =>
      createHttpClient({
        name: 'acme',
        baseURL: BASE,
        notActedOnStatuses: '429' as unknown as number[],
      }),
    ).toThrow(ConfigurationError);
    expect(() =>
      createHttpClient({ name: 'acme', baseURL: BASE, notActedOnStatuses: [429.5] }),
    ).toThrow(/notActedOnStatuses must be a list of HTTP statuses/);
  });
});
