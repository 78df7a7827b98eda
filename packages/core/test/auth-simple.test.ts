import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuthStrategy } from '../src/index.js';
import { apiKey, basicAuth, bearer, ConfigurationError, createHttpClient } from '../src/index.js';
import { captureLogger, createMockServer } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

async function callWith(auth: AuthStrategy) {
  mock.route('GET', 'https://api.test/v1/me', { json: { ok: true } });
  const client = createHttpClient({ name: 'test', baseURL: 'https://api.test', auth });
  await client.request({ method: 'GET', path: '/v1/me', query: { limit: 1 } });
  const call = mock.callsTo('GET', '/v1/me').at(-1)!;
  return call;
}

describe('bearer', () => {
  it('sends Authorization: Bearer with a fixed token', async () => {
    const call = await callWith(bearer('tok_fixed_123'));
    expect(call.headers.authorization).toBe('Bearer tok_fixed_123');
  });

  it('reads the token from a function before every attempt', async () => {
    let n = 0;
    const auth = bearer(async () => `tok_rotating_${++n}`);
    mock.route('GET', 'https://api.test/v1/me', [{ status: 503 }, { json: {} }]);
    const client = createHttpClient({
      name: 'test',
      baseURL: 'https://api.test',
      auth,
      retry: { baseDelayMs: 1 },
    });
    await client.request({ method: 'GET', path: '/v1/me' });
    expect(mock.calls.map((call) => call.headers.authorization)).toEqual([
      'Bearer tok_rotating_1',
      'Bearer tok_rotating_2',
    ]);
  });

  it('refuses an empty token', () => {
    expect(() => bearer('')).toThrow(ConfigurationError);
  });
});

describe('apiKey', () => {
  it('puts the key in a header, lower-cased', async () => {
    const call = await callWith(apiKey({ header: 'X-Api-Key' }, 'key_abc123'));
    expect(call.headers['x-api-key']).toBe('key_abc123');
    expect(call.url.search).toBe('?limit=1');
  });

  it('puts the key in a query parameter, keeping the others', async () => {
    const call = await callWith(apiKey({ query: 'api_key' }, 'key_q 1&2'));
    expect(call.url.searchParams.get('api_key')).toBe('key_q 1&2');
    expect(call.url.searchParams.get('limit')).toBe('1');
    expect(call.headers.authorization).toBeUndefined();
  });

  it('sends several headers (key and secret)', async () => {
    const call = await callWith(
      apiKey({ headers: { 'X-Key': 'k_123456', 'x-secret': 's_654321' } }),
    );
    expect(call.headers['x-key']).toBe('k_123456');
    expect(call.headers['x-secret']).toBe('s_654321');
  });

  it('refuses a missing value or placement', () => {
    expect(() => apiKey({ header: 'x-api-key' }, '')).toThrow(ConfigurationError);
    expect(() => apiKey({ headers: {} })).toThrow(ConfigurationError);
    expect(() => apiKey({} as { header: string }, 'v')).toThrow(ConfigurationError);
  });
});

describe('basicAuth', () => {
  it('sends base64(user:password) as UTF-8', async () => {
    const call = await callWith(basicAuth('Aladdin', 'open sesame'));
    expect(call.headers.authorization).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
    const utf8 = await callWith(basicAuth('jürgen', 'pässwörd:x'));
    const decoded = Buffer.from(utf8.headers.authorization!.slice(6), 'base64').toString('utf8');
    expect(decoded).toBe('jürgen:pässwörd:x');
  });

  it('refuses a user containing a colon', () => {
    expect(() => basicAuth('a:b', 'p')).toThrow(ConfigurationError);
  });
});

describe('credentials under any header name stay out of what is observed', () => {
  it('an apiKey header whose name looks harmless is still redacted in hooks, logs and errors', async () => {
    mock.route('GET', 'https://api.acme.test/v1/x', {
      status: 403,
      json: { message: 'key custom-key-value-123 lacks scope' },
    });
    const seen: unknown[] = [];
    const logger = captureLogger();
    const client = createHttpClient({
      name: 'acme',
      baseURL: 'https://api.acme.test',
      auth: apiKey({ headers: { 'x-app': 'custom-key-value-123' } }),
      logger,
      hooks: { onRequest: (info) => seen.push(info) },
    });
    const error = await client
      .request({ method: 'GET', path: '/v1/x' })
      .catch((caught: Error) => caught);
    expect(mock.calls[0]?.headers['x-app']).toBe('custom-key-value-123');
    const text = [JSON.stringify(seen), logger.text(), String((error as Error).message)].join('\n');
    expect(text).not.toContain('custom-key-value-123');
    expect(JSON.stringify(seen)).toContain('[REDACTED]');
  });
});
