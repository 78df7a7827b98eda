import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortError,
  apiKey,
  ConnectionError,
  createHttpClient,
  createMetrics,
  oauth2ClientCredentials,
  parseRetryAfter,
  ResponseParseError,
  verifyStandardWebhook,
} from '../src/index.js';
import { createMockServer, createTestClock, unusedPort } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

describe('fixes from review', () => {
  it('a query-placed key never reaches a ConnectionError, its cause or the onError hook', async () => {
    const port = await unusedPort();
    const seen: string[] = [];
    const client = createHttpClient({
      name: 'acme',
      baseURL: `http://127.0.0.1:${port}`,
      auth: apiKey({ query: 'api_key' }, 'SUPERSECRET_QUERY_KEY_123'),
      retry: { maxRetries: 0 },
      hooks: { onError: (error) => seen.push(inspect(error, { depth: 6 })) },
    });
    const error = await client
      .request({ method: 'GET', path: '/v1/x' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    const printed = inspect(error, { depth: 6 });
    expect(printed).toContain('ECONNREFUSED');
    expect(printed).not.toContain('SUPERSECRET_QUERY_KEY_123');
    expect(seen.join('\n')).not.toContain('SUPERSECRET_QUERY_KEY_123');
  });

  it('a 401 that arrives after another caller refreshed does not fetch yet another token', async () => {
    let issued = 0;
    mock.route('POST', 'https://auth.acme.test/token', () => {
      issued += 1;
      return { json: { access_token: `token-number-${issued}`, expires_in: 3600 } };
    });
    // token-number-1 is revoked; answers come back staggered so some 401s land after the refresh.
    mock.route('GET', 'https://api.acme.test/v1/x', (call) =>
      call.headers.authorization === 'Bearer token-number-1'
        ? { status: 401, delayMs: (call.callNumber % 5) * 15 }
        : { json: { ok: true } },
    );
    const client = createHttpClient({
      name: 'acme',
      baseURL: 'https://api.acme.test',
      auth: oauth2ClientCredentials({
        tokenURL: 'https://auth.acme.test/token',
        clientId: 'id',
        clientSecret: 'client-secret-value',
      }),
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => client.request({ method: 'GET', path: '/v1/x' })),
    );
    expect(results).toHaveLength(20);
    expect(issued).toBe(2);
  });

  it('a caller abort is not counted against provider health; metrics keys stay bounded', async () => {
    mock.route('GET', 'https://api.acme.test/v1/orders/:id', { json: {} });
    const metrics = createMetrics();
    const client = createHttpClient({ name: 'acme', baseURL: 'https://api.acme.test', metrics });
    for (let index = 0; index < 3; index += 1) {
      await expect(
        client.request({ method: 'GET', path: '/v1/orders/a', signal: AbortSignal.abort() }),
      ).rejects.toBeInstanceOf(AbortError);
    }
    expect(metrics.health('acme').health).toBe('unknown');
    for (let index = 0; index < 50; index += 1)
      await client.request({ method: 'GET', path: `/v1/orders/ord_${index}` });
    expect(metrics.snapshot().map((entry) => entry.operation)).toEqual(['GET']);
  });

  it('throwing observers change nothing', async () => {
    mock.route('POST', 'https://api.acme.test/v1/x', { json: { id: 1 } });
    const boom = () => {
      throw new Error('observer bug');
    };
    const client = createHttpClient({
      name: 'acme',
      baseURL: 'https://api.acme.test',
      hooks: { onRequest: boom, onResponse: boom, onError: boom },
    });
    await expect(client.request({ method: 'POST', path: '/v1/x', body: {} })).resolves.toEqual({
      id: 1,
    });
    expect(mock.calls).toHaveLength(1);
  });

  it('retrying an unreadable 2xx body honours the deadline', async () => {
    mock.route('GET', 'https://api.acme.test/v1/x', { body: '{"trunc' });
    const clock = createTestClock();
    const client = createHttpClient({
      name: 'acme',
      baseURL: 'https://api.acme.test',
      clock,
      random: () => 0.99,
      retry: { deadlineMs: 100 },
    });
    await expect(client.request({ method: 'GET', path: '/v1/x' })).rejects.toBeInstanceOf(
      ResponseParseError,
    );
    expect(clock.sleeps).toEqual([]);
    expect(mock.calls).toHaveLength(1);
  });

  it('Retry-After that is neither seconds nor a date is ignored', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '-1' }), 0)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after': '2026' }), 0)).toBe(2_026_000);
  });

  it('a NaN webhook tolerance is refused instead of accepting any timestamp', async () => {
    await expect(
      verifyStandardWebhook({
        payload: '{}',
        headers: { 'webhook-id': 'm', 'webhook-timestamp': '1', 'webhook-signature': 'v1,AAAA' },
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        toleranceSeconds: Number.NaN,
      } as never),
    ).rejects.toMatchObject({ name: 'WebhookVerificationError', reason: 'invalid_time' });
  });
});
