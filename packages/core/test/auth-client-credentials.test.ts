import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  createHttpClient,
  type IntegrationError,
  memoryTokenStore,
  type OAuth2ClientCredentialsOptions,
  oauth2ClientCredentials,
  ResponseParseError,
  type TokenStore,
} from '../src/index.js';
import {
  captureLogger,
  createMockServer,
  createTestClock,
  type RecordedCall,
} from '../src/testing/index.js';

const TOKEN_URL = 'https://auth.test/oauth/token';
const CLIENT_ID = 'client-id-123';
const CLIENT_SECRET = 'sh#h: s3cret+/=é';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

/** Issues `access-N` for the Nth token request. */
function tokenRoute(expiresIn = 3600, delayMs = 0) {
  mock.route('POST', TOKEN_URL, (call: RecordedCall) => ({
    json: {
      access_token: `access-${call.callNumber}`,
      token_type: 'Bearer',
      expires_in: expiresIn,
    },
    delayMs,
  }));
}

function strategy(overrides: Partial<OAuth2ClientCredentialsOptions> = {}) {
  return oauth2ClientCredentials({
    tokenURL: TOKEN_URL,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    ...overrides,
  });
}

/** The rejection of a promise that must fail. */
function failure<T = AuthenticationError>(promise: Promise<unknown>): Promise<T> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as T,
  );
}

const tokenCalls = () => mock.callsTo('POST', TOKEN_URL);

function expectNoSecrets(haystack: string, secrets: string[]) {
  for (const secret of secrets) expect(haystack).not.toContain(secret);
}

describe('oauth2ClientCredentials: wire format', () => {
  it('sends client credentials in the form body (clientAuth: body)', async () => {
    tokenRoute();
    const auth = strategy({
      clientAuth: 'body',
      scope: ['read', 'write'],
      extraParams: { audience: 'https://api.test' },
    });
    expect(await auth.getToken()).toBe('access-1');
    const [call] = tokenCalls();
    expect(call!.method).toBe('POST');
    expect(call!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(call!.headers.accept).toBe('application/json');
    expect(call!.headers.authorization).toBeUndefined();
    expect(call!.form()).toEqual([
      ['grant_type', 'client_credentials'],
      ['scope', 'read write'],
      ['audience', 'https://api.test'],
      ['client_id', CLIENT_ID],
      ['client_secret', CLIENT_SECRET],
    ]);
    expect(call!.body).toBe(
      'grant_type=client_credentials&scope=read%20write&audience=https%3A%2F%2Fapi.test' +
        `&client_id=client-id-123&client_secret=${encodeURIComponent(CLIENT_SECRET)}`,
    );
  });

  it('sends client credentials as HTTP Basic by default, form-encoded first (RFC 6749 §2.3.1)', async () => {
    tokenRoute();
    const auth = strategy({ scope: 'read' });
    await auth.getToken();
    const [call] = tokenCalls();
    const expected = Buffer.from(`client-id-123:sh%23h%3A+s3cret%2B%2F%3D%C3%A9`).toString(
      'base64',
    );
    expect(call!.headers.authorization).toBe(`Basic ${expected}`);
    expect(call!.form()).toEqual([
      ['grant_type', 'client_credentials'],
      ['scope', 'read'],
    ]);
  });

  it('applies the token as a bearer header on API calls and caches it', async () => {
    tokenRoute();
    mock.route('GET', 'https://api.test/v1/things', { json: [] });
    const client = createHttpClient({ name: 'api', baseURL: 'https://api.test', auth: strategy() });
    await client.request({ method: 'GET', path: '/v1/things' });
    await client.request({ method: 'GET', path: '/v1/things' });
    const apiCalls = mock.callsTo('GET', '/v1/things');
    expect(apiCalls.map((call) => call.headers.authorization)).toEqual([
      'Bearer access-1',
      'Bearer access-1',
    ]);
    expect(tokenCalls()).toHaveLength(1);
  });
  it('sends token requests through the given fetch with its timeout option', async () => {
    tokenRoute();
    const seen: string[] = [];
    const auth = strategy({
      timeoutMs: 5_000,
      fetch: (input, init) => {
        seen.push(`${init?.method} ${String(input)}`);
        return globalThis.fetch(input, init);
      },
    });
    await auth.getToken();
    expect(seen).toEqual([`POST ${TOKEN_URL}`]);
    expect(() => strategy({ timeoutMs: -1 })).toThrow(ConfigurationError);
  });
});

describe('oauth2ClientCredentials: expiry and single flight', () => {
  it('renews 60 s before expires_in, on the injected clock', async () => {
    tokenRoute(3600);
    const clock = createTestClock({ now: 1_700_000_000_000 });
    const auth = strategy({ clock });
    expect(await auth.getToken()).toBe('access-1');
    clock.set(1_700_000_000_000 + 3_600_000 - 60_000 - 1);
    expect(await auth.getToken()).toBe('access-1');
    expect(tokenCalls()).toHaveLength(1);
    clock.set(1_700_000_000_000 + 3_600_000 - 60_000);
    expect(await auth.getToken()).toBe('access-2');
    expect(tokenCalls()).toHaveLength(2);
  });

  it('honours a custom skew and a token without expires_in', async () => {
    mock.route('POST', TOKEN_URL, { json: { access_token: 'forever', token_type: 'bearer' } });
    const clock = createTestClock();
    const auth = strategy({ clock, expirySkewMs: 5_000 });
    await auth.getToken();
    clock.set(clock.now() + 10 * 365 * 86_400_000);
    expect(await auth.getToken()).toBe('forever');
    expect(tokenCalls()).toHaveLength(1);
  });

  it('keeps half the life of a token shorter than twice the skew', async () => {
    tokenRoute(60);
    const clock = createTestClock({ now: 0 });
    const auth = strategy({ clock });
    await auth.getToken();
    clock.set(29_999);
    expect(await auth.getToken()).toBe('access-1');
    clock.set(30_000);
    expect(await auth.getToken()).toBe('access-2');
  });

  it('200 concurrent calls with no cached token make exactly one token request', async () => {
    tokenRoute(3600, 20);
    mock.route('GET', 'https://api.test/v1/items', { json: { ok: true } });
    const client = createHttpClient({ name: 'api', baseURL: 'https://api.test', auth: strategy() });
    const results = await Promise.all(
      Array.from({ length: 200 }, () => client.request({ method: 'GET', path: '/v1/items' })),
    );
    expect(results).toHaveLength(200);
    expect(tokenCalls()).toHaveLength(1);
    const headers = new Set(
      mock.callsTo('GET', '/v1/items').map((call) => call.headers.authorization),
    );
    expect([...headers]).toEqual(['Bearer access-1']);
  });

  it('serialises processes sharing a store through withLock and re-reads inside the lock', async () => {
    tokenRoute(3600, 10);
    const shared = memoryTokenStore();
    const locks: string[] = [];
    // Two distinct store objects over one backend stand for two processes:
    // they share no in-process flight, only the store and its lock.
    const processStore = (): TokenStore => ({
      get: (key) => shared.get(key),
      set: (key, token) => shared.set(key, token),
      delete: (key) => shared.delete(key),
      withLock: (key, fn, options) => {
        locks.push(key);
        return shared.withLock(key, fn, options);
      },
    });
    const first = strategy({ tokenStore: processStore() });
    const second = strategy({ tokenStore: processStore() });
    const tokens = await Promise.all([first.getToken(), second.getToken(), first.getToken()]);
    expect(tokens).toEqual(['access-1', 'access-1', 'access-1']);
    expect(tokenCalls()).toHaveLength(1);
    expect(locks).toHaveLength(2);
    expect(locks[0]).toContain(CLIENT_ID);
    expect(locks[0]).toContain(TOKEN_URL);
  });

  it('keys the store by client so two clients never share a token; tokenKey overrides', async () => {
    tokenRoute();
    const store = memoryTokenStore();
    const one = strategy({ tokenStore: store });
    const two = strategy({ tokenStore: store, clientId: 'other-client' });
    expect(await one.getToken()).toBe('access-1');
    expect(await two.getToken()).toBe('access-2');
    const custom = strategy({ tokenStore: store, clientId: 'third', tokenKey: 'my-key' });
    expect(await custom.getToken()).toBe('access-3');
    expect((await store.get('my-key'))?.accessToken).toBe('access-3');
  });
});

describe('oauth2ClientCredentials: 401 handling through createHttpClient', () => {
  it('a 401 leads to one refresh and one repeat', async () => {
    tokenRoute();
    mock.route('GET', 'https://api.test/v1/me', [
      { status: 401, json: { error: 'expired' } },
      { json: { id: 1 } },
    ]);
    const auth = strategy();
    const client = createHttpClient({ name: 'api', baseURL: 'https://api.test', auth });
    await expect(client.request({ method: 'GET', path: '/v1/me' })).resolves.toEqual({ id: 1 });
    expect(mock.callsTo('GET', '/v1/me').map((call) => call.headers.authorization)).toEqual([
      'Bearer access-1',
      'Bearer access-2',
    ]);
    expect(tokenCalls()).toHaveLength(2);
  });

  it('a second 401 surfaces AuthenticationError without a loop', async () => {
    tokenRoute();
    mock.route('GET', 'https://api.test/v1/me', { status: 401, json: { message: 'nope' } });
    const client = createHttpClient({ name: 'api', baseURL: 'https://api.test', auth: strategy() });
    const error = await failure(client.request({ method: 'GET', path: '/v1/me' }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(401);
    expect(mock.callsTo('GET', '/v1/me')).toHaveLength(2);
    expect(tokenCalls()).toHaveLength(2);
  });

  it('concurrent 401s share one forced refresh', async () => {
    tokenRoute(3600, 10);
    mock.route('GET', 'https://api.test/v1/me', (call) =>
      call.headers.authorization === 'Bearer access-1' ? { status: 401 } : { json: {} },
    );
    const client = createHttpClient({ name: 'api', baseURL: 'https://api.test', auth: strategy() });
    await Promise.all(
      Array.from({ length: 20 }, () => client.request({ method: 'GET', path: '/v1/me' })),
    );
    expect(tokenCalls()).toHaveLength(2);
  });
});

describe('oauth2ClientCredentials: errors and redaction', () => {
  it('turns an RFC 6749 error into a typed error carrying error and error_description', async () => {
    mock.route('POST', TOKEN_URL, {
      status: 401,
      json: { error: 'invalid_client', error_description: 'Client authentication failed' },
      headers: { 'x-request-id': 'req_42' },
    });
    const error = await failure(strategy().getToken());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain('invalid_client');
    expect(error.message).toContain('Client authentication failed');
    expect(error.message).toContain('req_42');
    expect(error.code).toBe('invalid_client');
    expect(error.operation).toBe('oauth2.token');
  });

  it('keeps the status class for other RFC 6749 codes', async () => {
    mock.route('POST', TOKEN_URL, {
      status: 400,
      json: { error: 'invalid_scope', error_description: 'Unknown scope admin' },
    });
    const error = await failure(strategy({ scope: 'admin' }).getToken());
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toMatch(/invalid_scope \(Unknown scope admin\)/);
  });

  it('rejects a 200 without access_token, without echoing the body', async () => {
    mock.route('POST', TOKEN_URL, { json: { refresh_token: 'rt-should-not-leak' } });
    const error = await failure(strategy().getToken());
    expect(error).toBeInstanceOf(ResponseParseError);
    expect(error.message).not.toContain('rt-should-not-leak');
  });

  it('refuses missing credentials and a plain http token URL', () => {
    expect(() => strategy({ clientSecret: '' })).toThrow(ConfigurationError);
    expect(() => strategy({ clientId: '' })).toThrow(ConfigurationError);
    expect(() => strategy({ tokenURL: 'http://auth.example.com/token' })).toThrow(
      ConfigurationError,
    );
    expect(() =>
      strategy({ tokenURL: 'http://auth.example.com/token', allowInsecureHttp: true }),
    ).not.toThrow();
  });

  it('never logs or throws the client secret or a token (debug lines included)', async () => {
    const logger = captureLogger();
    mock.route('POST', TOKEN_URL, [
      {
        json: { access_token: 'access-secret-AAA111', expires_in: 3600, id_token: 'idtok-BBB222' },
      },
      {
        status: 401,
        json: {
          error: 'invalid_client',
          error_description: `bad secret ${CLIENT_SECRET}`,
          access_token: 'x',
        },
      },
    ]);
    mock.route('GET', 'https://api.test/v1/me', {
      status: 401,
      json: { echo: 'Bearer access-secret-AAA111' },
    });
    const auth = strategy({ logger, clientAuth: 'body' });
    const client = createHttpClient({ name: 'api', baseURL: 'https://api.test', auth, logger });
    const errors: IntegrationError[] = [];
    errors.push(await failure(client.request({ method: 'GET', path: '/v1/me' })));
    errors.push(await failure(strategy({ logger }).getToken()));
    expect(errors).toHaveLength(2);
    expect(logger.lines.some((line) => line.level === 'debug')).toBe(true);
    const secrets = [
      CLIENT_SECRET,
      encodeURIComponent(CLIENT_SECRET),
      'access-secret-AAA111',
      'idtok-BBB222',
    ];
    expectNoSecrets(logger.text(), secrets);
    for (const error of errors) {
      expectNoSecrets(error.message, secrets);
      expectNoSecrets(JSON.stringify((error as AuthenticationError).body ?? ''), secrets);
    }
  });
});

describe('grantType', () => {
  it('sends a provider variant of the grant and keys the cache by it', async () => {
    tokenRoute();
    const store = memoryTokenStore();
    const variant = strategy({
      grantType: 'csp_credentials',
      clientAuth: 'body',
      extraParams: { child_Key: 'child' },
      tokenStore: store,
    });
    await variant.getToken();
    await strategy({ clientAuth: 'body', tokenStore: store }).getToken();
    const forms = mock.calls.map((call) => call.form());
    expect(forms[0]?.[0]).toEqual(['grant_type', 'csp_credentials']);
    expect(forms[0]).toContainEqual(['child_Key', 'child']);
    expect(forms[1]?.[0]).toEqual(['grant_type', 'client_credentials']);
  });
});
