import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  createHttpClient,
  memoryTokenStore,
  type OAuth2AuthorizationCodeOptions,
  OAuthCallbackError,
  oauth2AuthorizationCode,
  type TokenStore,
  ValidationError,
} from '../src/index.js';
import {
  captureLogger,
  createMockServer,
  createTestClock,
  type RecordedCall,
} from '../src/testing/index.js';

const AUTHORIZE_URL = 'https://auth.test/oauth/authorize?tenant=acme';
const TOKEN_URL = 'https://auth.test/oauth/token';
const CLIENT_ID = 'app-client-1';
const CLIENT_SECRET = 'app-secret-XYZ789';
const REDIRECT_URI = 'https://app.test/callback';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const STATE = 'state-Q8wLz1';
const KEY = 'user-42';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

function failure<T = AuthenticationError>(promise: Promise<unknown>): Promise<T> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as T,
  );
}

function strategy(overrides: Partial<OAuth2AuthorizationCodeOptions> = {}) {
  return oauth2AuthorizationCode({
    authorizeURL: AUTHORIZE_URL,
    tokenURL: TOKEN_URL,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectURI: REDIRECT_URI,
    scope: ['contacts.read', 'deals.write'],
    tokenKey: KEY,
    ...overrides,
  });
}

/** Answers the Nth token request with `access-N` and, when rotating, `refresh-N`. */
function tokenRoute(options: { rotate?: boolean; expiresIn?: number; delayMs?: number } = {}) {
  mock.route('POST', TOKEN_URL, (call: RecordedCall) => ({
    json: {
      access_token: `access-${call.callNumber}`,
      token_type: 'bearer',
      expires_in: options.expiresIn ?? 1800,
      ...(options.rotate === false ? {} : { refresh_token: `refresh-${call.callNumber}` }),
    },
    delayMs: options.delayMs,
  }));
}

const tokenCalls = () => mock.callsTo('POST', TOKEN_URL);

async function seeded(store: TokenStore, token: Record<string, unknown> = {}) {
  await store.set(KEY, {
    accessToken: 'access-0',
    refreshToken: 'refresh-0',
    expiresAt: 0,
    ...token,
  });
  return store;
}

describe('authorizationUrl', () => {
  it('builds the RFC 6749 §4.1.1 request with the PKCE S256 challenge', async () => {
    const url = new URL(
      await strategy().authorizationUrl({
        state: STATE,
        codeVerifier: VERIFIER,
        extraParams: { prompt: 'consent', state: 'attacker', client_id: 'other' },
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe('https://auth.test/oauth/authorize');
    expect([...url.searchParams.entries()]).toEqual([
      ['tenant', 'acme'],
      ['prompt', 'consent'],
      ['state', STATE],
      ['client_id', CLIENT_ID],
      ['response_type', 'code'],
      ['redirect_uri', REDIRECT_URI],
      ['scope', 'contacts.read deals.write'],
      ['code_challenge', CHALLENGE],
      ['code_challenge_method', 'S256'],
    ]);
    expect(url.toString()).not.toContain(VERIFIER);
  });

  it('requires a state', async () => {
    await expect(strategy().authorizationUrl({ state: '' })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});

describe('handleCallback: state is checked', () => {
  const callback = (query: string) => `${REDIRECT_URI}?${query}`;

  it('exchanges the code when the state matches, with the exact form body', async () => {
    tokenRoute();
    const store = memoryTokenStore();
    const auth = strategy({ tokenStore: store, clientAuth: 'body' });
    const token = await auth.handleCallback(callback(`code=authcode-123&state=${STATE}`), {
      expectedState: STATE,
      codeVerifier: VERIFIER,
    });
    expect(token).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1' });
    const [call] = tokenCalls();
    expect(call!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(call!.headers.authorization).toBeUndefined();
    expect(call!.form()).toEqual([
      ['grant_type', 'authorization_code'],
      ['code', 'authcode-123'],
      ['redirect_uri', REDIRECT_URI],
      ['code_verifier', VERIFIER],
      ['client_id', CLIENT_ID],
      ['client_secret', CLIENT_SECRET],
    ]);
    expect((await store.get(KEY))?.refreshToken).toBe('refresh-1');
  });

  it('rejects a mismatched state before any token request', async () => {
    tokenRoute();
    const error = await failure<OAuthCallbackError>(
      strategy().handleCallback(callback('code=c1&state=state-Q8wLz2'), { expectedState: STATE }),
    );
    expect(error).toBeInstanceOf(OAuthCallbackError);
    expect(error.reason).toBe('state_mismatch');
    expect(error.message).not.toContain('c1');
    expect(tokenCalls()).toHaveLength(0);
  });

  it('rejects a missing state, and a missing expected state', async () => {
    const missing = await failure<OAuthCallbackError>(
      strategy().handleCallback(callback('code=c1'), { expectedState: STATE }),
    );
    expect(missing.reason).toBe('missing_state');
    const noExpected = await failure<OAuthCallbackError>(
      strategy().handleCallback(callback(`code=c1&state=${STATE}`), { expectedState: '' }),
    );
    expect(noExpected.reason).toBe('missing_state');
    expect(tokenCalls()).toHaveLength(0);
  });

  it('surfaces error and error_description from the callback', async () => {
    const error = await failure<OAuthCallbackError>(
      strategy().handleCallback(
        callback(`error=access_denied&error_description=The+user+said+no&state=${STATE}`),
        { expectedState: STATE },
      ),
    );
    expect(error.reason).toBe('authorization_error');
    expect(error.error).toBe('access_denied');
    expect(error.errorDescription).toBe('The user said no');
    expect(error.message).toContain('access_denied');
    expect(error.message).toContain('The user said no');
  });

  it('rejects a callback without a code', async () => {
    const error = await failure<OAuthCallbackError>(
      strategy().handleCallback(callback(`state=${STATE}`), { expectedState: STATE }),
    );
    expect(error.reason).toBe('missing_code');
  });
});

describe('exchangeCode', () => {
  it('sends client auth as Basic by default and accepts the verifier positionally', async () => {
    tokenRoute();
    await strategy().exchangeCode('authcode-9', VERIFIER);
    const [call] = tokenCalls();
    expect(call!.headers.authorization).toBe(
      `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
    );
    expect(call!.form()).toEqual([
      ['grant_type', 'authorization_code'],
      ['code', 'authcode-9'],
      ['redirect_uri', REDIRECT_URI],
      ['code_verifier', VERIFIER],
    ]);
  });

  it('a public client sends only client_id', async () => {
    tokenRoute();
    await strategy({ clientSecret: undefined }).exchangeCode('authcode-9', {
      codeVerifier: VERIFIER,
    });
    const [call] = tokenCalls();
    expect(call!.headers.authorization).toBeUndefined();
    expect(call!.form()).toContainEqual(['client_id', CLIENT_ID]);
    expect(call!.form().map(([name]) => name)).not.toContain('client_secret');
  });
});

describe('refresh', () => {
  it('sends the refresh grant and a rotated refresh token replaces the old one', async () => {
    tokenRoute();
    const store = await seeded(memoryTokenStore());
    const auth = strategy({ tokenStore: store });
    await auth.refresh();
    expect(tokenCalls()[0]!.form()).toEqual([
      ['grant_type', 'refresh_token'],
      ['refresh_token', 'refresh-0'],
    ]);
    expect(await store.get(KEY)).toMatchObject({
      accessToken: 'access-1',
      refreshToken: 'refresh-1',
    });
    await auth.refresh();
    expect(tokenCalls()[1]!.form()).toContainEqual(['refresh_token', 'refresh-1']);
    expect((await store.get(KEY))?.refreshToken).toBe('refresh-2');
  });

  it('keeps the old refresh token when the server does not rotate', async () => {
    tokenRoute({ rotate: false });
    const store = await seeded(memoryTokenStore());
    await strategy({ tokenStore: store }).refresh();
    expect(await store.get(KEY)).toMatchObject({
      accessToken: 'access-1',
      refreshToken: 'refresh-0',
    });
  });

  it('refreshes ahead of expiry (60 s skew) on the injected clock', async () => {
    tokenRoute({ expiresIn: 1800 });
    const clock = createTestClock({ now: 1_000_000 });
    const store = await seeded(memoryTokenStore(), {
      accessToken: 'access-0',
      expiresAt: 1_000_000 + 120_000,
    });
    const auth = strategy({ tokenStore: store, clock });
    expect(await auth.getToken()).toBe('access-0');
    clock.set(1_000_000 + 60_000 - 1);
    expect(await auth.getToken()).toBe('access-0');
    clock.set(1_000_000 + 60_000);
    expect(await auth.getToken()).toBe('access-1');
    expect(tokenCalls()).toHaveLength(1);
  });

  it('concurrent callers with an expiring token share one refresh (rotation-safe)', async () => {
    tokenRoute({ delayMs: 10 });
    const store = await seeded(memoryTokenStore());
    mock.route('GET', 'https://api.test/crm/contacts', { json: { results: [] } });
    const client = createHttpClient({
      name: 'crm',
      baseURL: 'https://api.test',
      auth: strategy({ tokenStore: store }),
    });
    await Promise.all(
      Array.from({ length: 50 }, () => client.request({ method: 'GET', path: '/crm/contacts' })),
    );
    expect(tokenCalls()).toHaveLength(1);
    expect(
      new Set(mock.callsTo('GET', '/crm/contacts').map((call) => call.headers.authorization)),
    ).toEqual(new Set(['Bearer access-1']));
  });

  it('invalid_grant on refresh gives an AuthenticationError saying the user must authorize again', async () => {
    mock.route('POST', TOKEN_URL, {
      status: 400,
      json: { error: 'invalid_grant', error_description: 'Refresh token revoked' },
    });
    const store = await seeded(memoryTokenStore());
    const error = await failure(strategy({ tokenStore: store }).refresh());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(/must authorize again/);
    expect(error.code).toBe('invalid_grant');
    expect(error.message).not.toContain('refresh-0');
    expect(await store.get(KEY)).toBeUndefined();
  });

  it('a 401 whose refresh fails with invalid_grant surfaces the re-authorize error through createHttpClient', async () => {
    mock.route('POST', TOKEN_URL, { status: 400, json: { error: 'invalid_grant' } });
    mock.route('GET', 'https://api.test/crm/me', { status: 401 });
    const store = await seeded(memoryTokenStore(), { expiresAt: undefined });
    const client = createHttpClient({
      name: 'crm',
      baseURL: 'https://api.test',
      auth: strategy({ tokenStore: store }),
    });
    const error = await failure(client.request({ method: 'GET', path: '/crm/me' }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(/must authorize again/);
    expect(mock.callsTo('GET', '/crm/me')).toHaveLength(1);
    expect(tokenCalls()).toHaveLength(1);
  });

  it('with nothing stored, asks for authorization without calling the token endpoint', async () => {
    tokenRoute();
    const error = await failure(strategy().getToken());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.code).toBe('authorization_required');
    expect(error.message).toMatch(/must authorize again/);
    expect(tokenCalls()).toHaveLength(0);
  });
});

describe('redaction', () => {
  it('never logs or throws the client secret, code, verifier or tokens (debug lines included)', async () => {
    const logger = captureLogger();
    mock.route('POST', TOKEN_URL, [
      {
        json: {
          access_token: 'at-SECRET-111',
          refresh_token: 'rt-SECRET-222',
          id_token: 'idt-SECRET-333',
          expires_in: 1,
        },
      },
      {
        status: 400,
        json: {
          error: 'invalid_grant',
          error_description: 'refresh token rt-SECRET-222 revoked',
          refresh_token: 'rt-SECRET-222',
        },
      },
    ]);
    mock.route('GET', 'https://api.test/crm/me', {
      status: 401,
      json: { message: 'bad token at-SECRET-111' },
    });
    const store = memoryTokenStore();
    const auth = strategy({ tokenStore: store, logger, clientAuth: 'body' });
    await auth.handleCallback(`${REDIRECT_URI}?code=code-SECRET-444&state=${STATE}`, {
      expectedState: STATE,
      codeVerifier: VERIFIER,
    });
    const client = createHttpClient({ name: 'crm', baseURL: 'https://api.test', auth, logger });
    const error = await failure(client.request({ method: 'GET', path: '/crm/me' }));
    expect(error.message).toMatch(/must authorize again/);
    expect(logger.lines.filter((line) => line.level === 'debug').length).toBeGreaterThan(2);
    const text = `${logger.text()}\n${error.message}\n${JSON.stringify(error.body)}\n${String((error.cause as Error)?.message)}`;
    for (const secret of [
      CLIENT_SECRET,
      'at-SECRET-111',
      'rt-SECRET-222',
      'idt-SECRET-333',
      'code-SECRET-444',
      VERIFIER,
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
