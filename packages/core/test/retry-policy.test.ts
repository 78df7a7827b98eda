import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConflictError,
  ConnectionError,
  createHttpClient,
  type HttpClientOptions,
  RateLimitError,
  type RetryInfo,
  ServerError,
  shouldRetryHeader,
  TimeoutError,
} from '../src/index.js';
import {
  captureLogger,
  createMockServer,
  createTestClock,
  startLocalServer,
  unusedPort,
} from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

const BASE = 'https://api.acme.test';

function setup(overrides: Partial<HttpClientOptions> = {}) {
  const clock = createTestClock({ now: Date.UTC(2026, 10, 29, 12, 0, 0) });
  const logger = captureLogger();
  const retries: RetryInfo[] = [];
  const client = createHttpClient({
    name: 'acme',
    baseURL: BASE,
    clock,
    logger,
    random: () => 0.5,
    hooks: { onRetry: (info) => retries.push(info) },
    ...overrides,
  });
  return { client, clock, logger, retries };
}

const get = (path = '/v1/items') => ({ method: 'GET' as const, path });

describe('backoff', () => {
  it('retries a 503 with full-jitter exponential delays and stops after maxRetries', async () => {
    mock.route('GET', `${BASE}/v1/items`, { status: 503, json: { message: 'busy' } });
    const { client, clock, retries } = setup();
    const error = await client.request(get()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).attempts).toBe(3);
    expect(mock.calls).toHaveLength(3);
    // random 0.5 of ceilings 500 and 1000.
    expect(clock.sleeps).toEqual([250, 500]);
    expect(retries.map((info) => [info.attempt, info.delayMs, info.status])).toEqual([
      [1, 250, 503],
      [2, 500, 503],
    ]);
  });

  it('succeeds on the attempt after a failure and reports attempts', async () => {
    mock.route('GET', `${BASE}/v1/items`, [
      { status: 502 },
      { status: 504 },
      { json: { id: 'i_1' } },
    ]);
    const { client, clock } = setup();
    const response = await client.requestWithResponse(get());
    expect(response).toMatchObject({ data: { id: 'i_1' }, status: 200, attempts: 3 });
    expect(mock.calls.map((call) => call.callNumber)).toEqual([1, 2, 3]);
    expect(clock.sleeps).toEqual([250, 500]);
  });

  it('caps each delay at maxDelayMs and draws below the ceiling', async () => {
    mock.route('GET', `${BASE}/v1/items`, { status: 500 });
    const { client, clock } = setup({ random: () => 0.999, retry: { maxRetries: 6 } });
    await expect(client.request(get())).rejects.toBeInstanceOf(ServerError);
    expect(clock.sleeps).toEqual([499, 999, 1998, 3996, 7992, 7992]);
    expect(mock.calls).toHaveLength(7);
  });

  it('jitter spans the whole range: random 0 gives no wait', async () => {
    mock.route('GET', `${BASE}/v1/items`, [{ status: 500 }, { json: {} }]);
    const { client, clock } = setup({ random: () => 0 });
    await client.request(get());
    expect(clock.sleeps).toEqual([0]);
  });

  it('retries 408 and 429 without Retry-After on backoff', async () => {
    mock.route('GET', `${BASE}/v1/items`, [{ status: 408 }, { status: 429 }, { json: { ok: 1 } }]);
    const { client, clock } = setup();
    await expect(client.request(get())).resolves.toEqual({ ok: 1 });
    expect(clock.sleeps).toEqual([250, 500]);
  });

  it('does not retry 400, 401 without refresh, 403, 404, 409 or 422', async () => {
    for (const status of [400, 401, 403, 404, 409, 422]) {
      mock.reset();
      mock.route('GET', `${BASE}/v1/items`, { status, json: { message: 'no' } });
      const { client, clock } = setup();
      await expect(client.request(get())).rejects.toMatchObject({ status, attempts: 1 });
      expect(mock.calls).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    }
  });
});

describe('Retry-After', () => {
  it('waits the seconds form exactly', async () => {
    mock.route('GET', `${BASE}/v1/items`, [
      { status: 429, headers: { 'retry-after': '2' } },
      { json: {} },
    ]);
    const { client, clock } = setup();
    await client.request(get());
    expect(clock.sleeps).toEqual([2000]);
  });

  it('waits until the HTTP-date form', async () => {
    const { client, clock } = setup();
    const at = new Date(clock.now() + 3_000).toUTCString();
    mock.route('GET', `${BASE}/v1/items`, [
      { status: 503, headers: { 'retry-after': at } },
      { json: {} },
    ]);
    await client.request(get());
    expect(clock.sleeps).toEqual([3000]);
  });

  it('prefers retry-after-ms', async () => {
    mock.route('GET', `${BASE}/v1/items`, [
      { status: 429, headers: { 'retry-after-ms': '1500', 'retry-after': '9' } },
      { json: {} },
    ]);
    const { client, clock } = setup();
    await client.request(get());
    expect(clock.sleeps).toEqual([1500]);
  });

  it('raises at once with retryAfterMs when the wait is above maxRetryAfterMs', async () => {
    mock.route('GET', `${BASE}/v1/items`, { status: 429, headers: { 'retry-after': '120' } });
    const { client, clock } = setup();
    const error = await client.request(get()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
    expect(mock.calls).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('stops when the next wait would pass the total deadline', async () => {
    mock.route('GET', `${BASE}/v1/items`, { status: 503, headers: { 'retry-after': '4' } });
    const { client, clock } = setup({ retry: { maxRetries: 5, deadlineMs: 10_000 } });
    await expect(client.request(get())).rejects.toMatchObject({ status: 503, attempts: 3 });
    expect(clock.sleeps).toEqual([4000, 4000]);
  });
});

describe('provider hints', () => {
  const retryHint = (info: { headers: Headers }) =>
    shouldRetryHeader('stripe-should-retry')(info.headers);

  it('retries a 409 the provider marks as retryable', async () => {
    mock.route('POST', `${BASE}/v1/charges`, [
      {
        status: 409,
        headers: { 'stripe-should-retry': 'true' },
        json: { error: { message: 'lock' } },
      },
      { json: { id: 'ch_1' } },
    ]);
    const { client } = setup({ retryHint });
    await client.request({ method: 'POST', path: '/v1/charges', body: {}, idempotencyKey: 'k1' });
    expect(mock.calls).toHaveLength(2);
  });

  it('does not retry a 503 the provider marks as final', async () => {
    mock.route('POST', `${BASE}/v1/charges`, {
      status: 503,
      headers: { 'stripe-should-retry': 'false' },
    });
    const { client } = setup({ retryHint });
    await expect(
      client.request({ method: 'POST', path: '/v1/charges', body: {}, idempotencyKey: 'k1' }),
    ).rejects.toBeInstanceOf(ServerError);
    expect(mock.calls).toHaveLength(1);
  });

  it('a 409 without a hint is final', async () => {
    mock.route('POST', `${BASE}/v1/charges`, { status: 409 });
    const { client } = setup({ retryHint });
    await expect(
      client.request({ method: 'POST', path: '/v1/charges', body: {}, idempotencyKey: 'k1' }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(mock.calls).toHaveLength(1);
  });
});

describe('idempotency rule', () => {
  it('a POST with a key carries the same key on every attempt', async () => {
    mock.route('POST', `${BASE}/v1/payments`, [
      { status: 503 },
      { status: 500 },
      { json: { id: 'p_1' } },
    ]);
    const { client } = setup();
    await client.request({
      method: 'POST',
      path: '/v1/payments',
      body: { amount: 5 },
      idempotencyKey: 'order-42',
    });
    expect(mock.calls.map((call) => call.headers['idempotency-key'])).toEqual([
      'order-42',
      'order-42',
      'order-42',
    ]);
    expect(mock.calls.map((call) => call.body)).toEqual(Array(3).fill('{"amount":5}'));
  });

  it('a POST without a key is not retried after a 503', async () => {
    mock.route('POST', `${BASE}/v1/payments`, { status: 503 });
    const { client } = setup();
    await expect(
      client.request({ method: 'POST', path: '/v1/payments', body: {} }),
    ).rejects.toBeInstanceOf(ServerError);
    expect(mock.calls).toHaveLength(1);
    expect(mock.calls[0]?.headers['idempotency-key']).toBeUndefined();
  });

  it('a POST without a key is not retried after a timeout (the server may have acted)', async () => {
    const server = await startLocalServer(() => {
      /* never answers */
    });
    try {
      const { client, clock } = setup({ baseURL: server.url, timeoutMs: 1_000 });
      const error = await client
        .request({ method: 'POST', path: '/v1/payments', body: { amount: 1 } })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(server.requests).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('a POST with a key is retried after a timeout', async () => {
    let count = 0;
    const server = await startLocalServer((_request, response) => {
      count += 1;
      if (count === 1) return; // first attempt hangs
      response.setHeader('content-type', 'application/json');
      response.end('{"id":"p_2"}');
    });
    try {
      const { client } = setup({ baseURL: server.url, timeoutMs: 1_000 });
      await expect(
        client.request({
          method: 'POST',
          path: '/v1/payments',
          body: { amount: 1 },
          idempotencyKey: 'k-9',
        }),
      ).resolves.toEqual({ id: 'p_2' });
      expect(server.requests.map((request) => request.headers['idempotency-key'])).toEqual([
        'k-9',
        'k-9',
      ]);
    } finally {
      await server.close();
    }
  });

  it('a POST without a key is retried after connection refused (nothing was sent)', async () => {
    const port = await unusedPort();
    const { client, clock, retries } = setup({ baseURL: `http://127.0.0.1:${port}` });
    const error = await client
      .request({ method: 'POST', path: '/v1/payments', body: {} })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).attempts).toBe(3);
    expect(retries).toHaveLength(2);
    expect(clock.sleeps).toEqual([250, 500]);
  });

  it('a POST marked idempotent (a search sent as POST) is retried without a key', async () => {
    mock.route('POST', `${BASE}/v1/search`, [{ status: 502 }, { json: { results: [] } }]);
    const { client } = setup();
    await client.request({
      method: 'POST',
      path: '/v1/search',
      body: { q: 'a' },
      idempotent: true,
    });
    expect(mock.calls.map((call) => call.body)).toEqual(['{"q":"a"}', '{"q":"a"}']);
    expect(mock.calls[0]?.headers['idempotency-key']).toBeUndefined();
  });

  it('retry: false on a request never retries (an operation that can charge twice)', async () => {
    mock.route('POST', `${BASE}/v1/ship`, { status: 503 });
    const { client } = setup();
    await expect(
      client.request({
        method: 'POST',
        path: '/v1/ship',
        body: {},
        idempotencyKey: 'k',
        retry: false,
      }),
    ).rejects.toBeInstanceOf(ServerError);
    expect(mock.calls).toHaveLength(1);
  });

  it('a per-request maxRetries overrides the client', async () => {
    mock.route('GET', `${BASE}/v1/items`, { status: 503 });
    const { client } = setup();
    await expect(client.request({ ...get(), retry: { maxRetries: 4 } })).rejects.toMatchObject({
      attempts: 5,
    });
  });
});

describe('observability of retries', () => {
  it('logs one warn line per retry and calls onRetry with the reason', async () => {
    const onRetry: RetryInfo[] = [];
    mock.route('GET', `${BASE}/v1/items`, [{ status: 503 }, { json: {} }]);
    const { client, logger, retries } = setup({ retry: { onRetry: (info) => onRetry.push(info) } });
    await client.request({ ...get(), operation: 'items.list' });
    const lines = logger.lines.filter((line) => line.object.event === 'request.retry');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'warn',
      object: {
        provider: 'acme',
        operation: 'items.list',
        method: 'GET',
        status: 503,
        attempt: 1,
        delayMs: 250,
      },
    });
    expect(retries).toHaveLength(1);
    expect(onRetry[0]).toMatchObject({ reason: 'status 503', attempt: 1, delayMs: 250 });
  });
});

describe('401 and auth refresh', () => {
  it('refreshes once and repeats once', async () => {
    let token = 'old-token-value';
    let refreshes = 0;
    mock.route('GET', `${BASE}/v1/me`, (call) =>
      call.headers.authorization === 'Bearer new-token-value'
        ? { json: { id: 'me' } }
        : { status: 401 },
    );
    const { client, clock } = setup({
      auth: {
        apply: (request) => {
          request.headers.authorization = `Bearer ${token}`;
        },
        refresh: async () => {
          refreshes += 1;
          token = 'new-token-value';
        },
      },
    });
    await expect(client.request(get('/v1/me'))).resolves.toEqual({ id: 'me' });
    expect(refreshes).toBe(1);
    expect(mock.calls.map((call) => call.headers.authorization)).toEqual([
      'Bearer old-token-value',
      'Bearer new-token-value',
    ]);
    expect(clock.sleeps).toEqual([]);
  });

  it('a second 401 surfaces AuthenticationError without a loop', async () => {
    let refreshes = 0;
    mock.route('GET', `${BASE}/v1/me`, { status: 401, json: { message: 'bad token' } });
    const { client } = setup({
      auth: {
        apply: (request) => {
          request.headers.authorization = 'Bearer whatever-token';
        },
        refresh: async () => {
          refreshes += 1;
        },
      },
    });
    await expect(client.request(get('/v1/me'))).rejects.toBeInstanceOf(AuthenticationError);
    expect(refreshes).toBe(1);
    expect(mock.calls).toHaveLength(2);
  });
});
