import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, createHttpClient, ValidationError } from '../src/index.js';
import { createMockServer } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

function configurationError(make: () => unknown): ConfigurationError {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

describe('bad options give a ConfigurationError that names the option', () => {
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['missing baseURL', {}, 'baseURL', /baseURL is required/],
    ['relative baseURL', { baseURL: '/v1' }, 'baseURL', /baseURL must be an absolute URL/],
    ['ftp baseURL', { baseURL: 'ftp://x.test' }, 'baseURL', /https/],
    [
      'plain http to a remote host',
      { baseURL: 'http://api.acme.test' },
      'baseURL',
      /allowInsecureHttp/,
    ],
    [
      'negative timeout',
      { baseURL: 'https://a.test', timeoutMs: -1 },
      'timeoutMs',
      /timeoutMs must be a positive/,
    ],
    ['NaN timeout', { baseURL: 'https://a.test', timeoutMs: Number.NaN }, 'timeoutMs', /timeoutMs/],
    [
      'a timeout a timer cannot hold (it would fire at once)',
      { baseURL: 'https://a.test', timeoutMs: 3_000_000_000 },
      'timeoutMs',
      /up to 2147483647/,
    ],
    [
      'fractional maxRetries',
      { baseURL: 'https://a.test', retry: { maxRetries: 1.5 } },
      'retry.maxRetries',
      /non-negative integer/,
    ],
    [
      'negative maxRetries',
      { baseURL: 'https://a.test', retry: { maxRetries: -1 } },
      'retry.maxRetries',
      /non-negative integer/,
    ],
    [
      'string maxRetries',
      { baseURL: 'https://a.test', retry: { maxRetries: '2' } },
      'retry.maxRetries',
      /non-negative integer/,
    ],
    [
      'negative delay',
      { baseURL: 'https://a.test', retry: { baseDelayMs: -5 } },
      'retry.baseDelayMs',
      /baseDelayMs/,
    ],
  ];
  for (const [name, options, option, message] of cases) {
    it(name, () => {
      const error = configurationError(() =>
        createHttpClient({ name: 'acme', ...options } as never),
      );
      expect(error.option).toBe(option);
      expect(error.message).toMatch(message);
      expect(error.provider).toBe('acme');
    });
  }

  it('a missing name', () => {
    expect(
      configurationError(() => createHttpClient({ baseURL: 'https://a.test' } as never)).option,
    ).toBe('name');
  });

  it('loopback http is allowed; allowInsecureHttp allows the rest', () => {
    for (const baseURL of ['http://localhost:3000', 'http://127.0.0.1:9', 'http://[::1]:8080']) {
      expect(createHttpClient({ name: 'acme', baseURL }).baseURL).toBe(new URL(baseURL).toString());
    }
    expect(() =>
      createHttpClient({ name: 'acme', baseURL: 'http://api.acme.test', allowInsecureHttp: true }),
    ).not.toThrow();
  });
});

describe('nothing is sent for bad requests', () => {
  const client = createHttpClient({ name: 'acme', baseURL: 'https://api.acme.test' });

  it('an absolute http:// path to a remote host is refused before sending', async () => {
    await expect(
      client.request({ method: 'GET', path: 'http://evil.test/steal' }),
    ).rejects.toBeInstanceOf(ConfigurationError);
    expect(mock.calls).toHaveLength(0);
  });

  it('a per-request negative timeout', async () => {
    await expect(
      client.request({ method: 'GET', path: '/x', timeoutMs: -3 }),
    ).rejects.toMatchObject({
      option: 'timeoutMs',
    });
    expect(mock.calls).toHaveLength(0);
  });

  it('a GET with a body, an unknown method, an empty path, a non-object form body', async () => {
    const bad = [
      { method: 'GET', path: '/x', body: { a: 1 } },
      { method: 'FETCH', path: '/x' },
      { method: 'GET', path: '' },
      { method: 'POST', path: '/x', body: [1, 2], bodyEncoding: 'form' },
      { method: 'POST', path: '/x', idempotencyKey: '' },
    ];
    for (const request of bad) {
      const error = await client.request(request as never).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.length).toBeGreaterThan(0);
    }
    expect(mock.calls).toHaveLength(0);
  });
});
