import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../src/errors.js';
import { createFakeApi, createTestClock, type FakeErrorInfo } from '../src/testing/index.js';

const BASE = 'https://api.acme.test';
const SANDBOX = 'https://sandbox.acme.test/api';
const KEY = 'sk_test_acme_1';

const clock = createTestClock();
const resets: string[] = [];
const envelope = (error: FakeErrorInfo) => ({
  error: { message: error.message, code: error.code, request_id: error.requestId, ...error.extra },
});

const api = createFakeApi({
  name: 'acme',
  baseURL: [BASE, SANDBOX],
  clock,
  errorEnvelope: envelope,
  auth: {
    bearer: (token) =>
      token === KEY ||
      (token === 'sk_live_1' ? api.error(401, 'Live keys are refused here.', 'live_key') : false),
    tokenEndpoint: {
      path: '/oauth/token',
      clients: { 'client-1': 'secret-1' },
      ttlSeconds: 60,
      extra: { scope: 'all' },
      grant: (context) =>
        context.grantType === 'refresh_token'
          ? context.form.get('refresh_token') === 'refresh-1'
            ? context.issue({ ttlSeconds: 30, extra: { refresh_token: 'refresh-2' } })
            : context.error(400, 'The refresh token is invalid.', 'invalid_grant')
          : undefined,
    },
  },
  idempotency: { header: 'Idempotency-Key' },
  onReset: () => resets.push('reset'),
});

let gate: Promise<void> = Promise.resolve();
api
  .route('GET', '/v1/things/:id', ({ params, token, requestId }) =>
    api.json({ id: params.id, token, requestId }),
  )
  .route('GET', '/v1/things/search', () => api.json({ search: true }))
  .route('POST', '/v1/things', ({ body, rawBody }) =>
    api.json({ id: api.nextId('thing'), body, rawBody }, 201),
  )
  .route('POST', '/v1/slow', async () => {
    await gate;
    return api.json({ done: true });
  })
  .route('POST', '/v1/decline', () => {
    throw api.error(402, 'Your card was declined.', 'card_declined', { decline_code: 'generic' });
  })
  .route('POST', '/v1/crash', () => api.json({ status: 'boom' }, 500))
  .route('*', '/v1/files/*', ({ params, method }) => api.json({ rest: params['*'], method }))
  .route('DELETE', '/v1/things/:id', () => api.json(undefined, 204));

const server = setupServer(...api.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  api.reset();
  resets.length = 0;
  gate = Promise.resolve();
});
afterAll(() => server.close());

const auth = { authorization: `Bearer ${KEY}` };
const get = (path: string, headers: Record<string, string> = auth, base = BASE) =>
  fetch(`${base}${path}`, { headers });
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const token = async (form: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${BASE}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
const CLIENT = {
  grant_type: 'client_credentials',
  client_id: 'client-1',
  client_secret: 'secret-1',
};

describe('routes', () => {
  it('matches patterns, decodes parameters and prefers a literal segment', async () => {
    expect(await (await get('/v1/things/abc')).json()).toMatchObject({ id: 'abc', token: KEY });
    expect(await (await get('/v1/things/a%20b%2Fc%C3%BC')).json()).toMatchObject({
      id: 'a b/cü',
    });
    // Registered after `:id`, the literal still wins.
    expect(await (await get('/v1/things/search')).json()).toEqual({ search: true });
    expect(await (await get('/v1/files/a/b%20c')).json()).toEqual({ rest: 'a/b c', method: 'GET' });
    const put = await fetch(`${BASE}/v1/files/x`, { method: 'PUT', headers: auth });
    expect(await put.json()).toEqual({ rest: 'x', method: 'PUT' });
  });

  it('serves every base URL, including one with a path', async () => {
    expect(await (await get('/v1/things/1', auth, SANDBOX)).json()).toMatchObject({ id: '1' });
    // Outside the base path the fake does not answer: MSW's unhandled-request error.
    await expect(get('/v1/things/1', auth, 'https://sandbox.acme.test')).rejects.toThrow();
  });

  it('answers a broken escape with a 400 envelope, never a thrown handler', async () => {
    const response = await get('/v1/things/%E0%A4%A');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_path' } });
  });

  it('answers an unknown route with a 404 envelope carrying the request id', async () => {
    const response = await get('/v1/nothing');
    expect(response.status).toBe(404);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toBe('acme_req_000001');
    expect(await response.json()).toEqual({
      error: { message: 'No route for GET /v1/nothing.', code: 'not_found', request_id: requestId },
    });
    // The path exists, the method does not.
    expect((await post('/v1/things/abc', {})).status).toBe(404);
  });

  it('parses JSON and form bodies, refuses malformed JSON, keeps the raw body', async () => {
    const json = await post('/v1/things', { name: 'x' });
    expect(json.status).toBe(201);
    expect(await json.json()).toMatchObject({ body: { name: 'x' }, rawBody: '{"name":"x"}' });
    const form = await fetch(`${BASE}/v1/things`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1&b=x%20y&a=2',
    });
    expect(await form.json()).toMatchObject({ body: { a: ['1', '2'], b: 'x y' } });
    const broken = await fetch(`${BASE}/v1/things`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{"name":',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { code: 'invalid_body' } });
  });

  it('renders thrown and returned errors with the envelope and its extra fields', async () => {
    const response = await post('/v1/decline', {});
    expect(response.status).toBe(402);
    expect(await response.json()).toEqual({
      error: {
        message: 'Your card was declined.',
        code: 'card_declined',
        decline_code: 'generic',
        request_id: response.headers.get('x-request-id'),
      },
    });
  });

  it('sends no body for a 204', async () => {
    const response = await fetch(`${BASE}/v1/things/1`, { method: 'DELETE', headers: auth });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(response.headers.get('content-type')).toBeNull();
  });

  it('refuses bad patterns and options at once', () => {
    expect(() => api.route('GET', 'v1/x', () => api.json({}))).toThrow(ConfigurationError);
    expect(() => api.route('GET', '/v1/*/x', () => api.json({}))).toThrow(ConfigurationError);
    const envelopeless = { name: 'x', baseURL: BASE } as Parameters<typeof createFakeApi>[0];
    expect(() => createFakeApi(envelopeless)).toThrow(/errorEnvelope/);
    expect(() => createFakeApi({ name: 'x', baseURL: 'ftp://x', errorEnvelope: envelope })).toThrow(
      /baseURL/,
    );
  });
});

describe('auth', () => {
  it('refuses a missing or unknown credential with a 401 that does not echo it', async () => {
    const missing = await get('/v1/things/1', {});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { code: 'missing_credentials' } });
    const wrong = await get('/v1/things/1', { authorization: 'Bearer sk_test_wrong_key' });
    expect(wrong.status).toBe(401);
    const text = await wrong.text();
    expect(text).toContain('invalid_credentials');
    expect(text).not.toContain('sk_test_wrong_key');
  });

  it('lets the bearer check answer a refusal of its own', async () => {
    const live = await get('/v1/things/1', { authorization: 'Bearer sk_live_1' });
    expect(live.status).toBe(401);
    expect(await live.json()).toMatchObject({ error: { code: 'live_key' } });
  });

  it('issues OAuth tokens from the form or Basic credentials', async () => {
    const response = await token(CLIENT);
    expect(response.status).toBe(200);
    const issued = (await response.json()) as { access_token: string };
    expect(issued).toEqual({
      access_token: 'fake-acme-access-1',
      token_type: 'bearer',
      expires_in: 60,
      scope: 'all',
    });
    const basic = await token(
      { grant_type: 'client_credentials' },
      { authorization: `Basic ${btoa('client-1:secret-1')}` },
    );
    expect(basic.status).toBe(200);
    const used = await get('/v1/things/1', { authorization: `Bearer ${issued.access_token}` });
    expect(await used.json()).toMatchObject({ token: issued.access_token });
  });

  it('refuses wrong clients, grants and content types', async () => {
    const wrong = await token({ ...CLIENT, client_secret: 'nope' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: 'invalid_client' } });
    const grant = await token({ ...CLIENT, grant_type: 'password' });
    expect(grant.status).toBe(400);
    expect(await grant.json()).toMatchObject({ error: { code: 'unsupported_grant_type' } });
    const json = await fetch(`${BASE}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(CLIENT),
    });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('lets a provider handle grants of its own', async () => {
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: 'refresh-1' });
    expect(await refreshed.json()).toMatchObject({ expires_in: 30, refresh_token: 'refresh-2' });
    const refused = await token({ grant_type: 'refresh_token', refresh_token: 'old' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: 'invalid_grant' } });
  });

  it('expires tokens on the fake clock and on expireTokens()', async () => {
    const first = ((await (await token(CLIENT)).json()) as { access_token: string }).access_token;
    const bearer = { authorization: `Bearer ${first}` };
    expect((await get('/v1/things/1', bearer)).status).toBe(200);
    clock.set(clock.now() + 59_999);
    expect((await get('/v1/things/1', bearer)).status).toBe(200);
    clock.set(clock.now() + 1);
    const expired = await get('/v1/things/1', bearer);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ error: { code: 'token_expired' } });

    const second = ((await (await token(CLIENT)).json()) as { access_token: string }).access_token;
    const issued = api.issueToken();
    expect((await get('/v1/things/1', { authorization: `Bearer ${second}` })).status).toBe(200);
    api.expireTokens();
    expect(api.now()).toBe(clock.now());
    for (const value of [second, issued.accessToken]) {
      expect((await get('/v1/things/1', { authorization: `Bearer ${value}` })).status).toBe(401);
    }
    // Static keys are not tokens: they keep working.
    expect((await get('/v1/things/1')).status).toBe(200);
    // New tokens are valid again.
    const third = ((await (await token(CLIENT)).json()) as { access_token: string }).access_token;
    expect((await get('/v1/things/1', { authorization: `Bearer ${third}` })).status).toBe(200);
  });
});

describe('faults', () => {
  it('answers the provider envelope with 503 once by default, then the normal answer', async () => {
    api.fail({});
    const faulted = await get('/v1/things/1');
    expect(faulted.status).toBe(503);
    expect(await faulted.json()).toEqual({
      error: {
        message: 'injected fault 503',
        code: 'fault',
        request_id: faulted.headers.get('x-request-id'),
      },
    });
    expect((await get('/v1/things/1')).status).toBe(200);
  });

  it('honours status, times, message, code, body and headers', async () => {
    api.fail({
      status: 429,
      times: 2,
      message: 'Slow down.',
      code: 'rate_limited',
      headers: { 'retry-after': '7' },
    });
    for (let index = 0; index < 2; index += 1) {
      const response = await get('/v1/things/1');
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(await response.json()).toMatchObject({
        error: { message: 'Slow down.', code: 'rate_limited' },
      });
    }
    expect((await get('/v1/things/1')).status).toBe(200);

    api.fail({ status: 500, body: { raw: 'provider text' } });
    const custom = await get('/v1/things/1');
    expect(custom.status).toBe(500);
    expect(await custom.json()).toEqual({ raw: 'provider text' });
  });

  it('filters by path (string or RegExp) and method', async () => {
    api.fail({ path: '/v1/files', status: 502 });
    api.fail({ path: /\/things\/2$/g, status: 504 });
    api.fail({ method: 'post', status: 500 });
    expect((await get('/v1/things/1')).status).toBe(200);
    expect((await get('/v1/things/2')).status).toBe(504);
    expect((await get('/v1/things/2')).status).toBe(200);
    expect((await get('/v1/files/a')).status).toBe(502);
    expect((await post('/v1/things', {})).status).toBe(500);
    expect((await post('/v1/things', {})).status).toBe(201);
  });

  it('keeps an Infinity fault until clearFaults()', async () => {
    api.fail({ times: Number.POSITIVE_INFINITY, status: 500 });
    for (let index = 0; index < 3; index += 1) {
      expect((await get('/v1/things/1')).status).toBe(500);
    }
    api.clearFaults();
    expect((await get('/v1/things/1')).status).toBe(200);
  });

  it('serves a network error', async () => {
    api.fail({ error: 'network' });
    await expect(get('/v1/things/1')).rejects.toThrow(TypeError);
    expect((await get('/v1/things/1')).status).toBe(200);
  });

  it('delays the normal answer when the fault only has delayMs', async () => {
    api.fail({ delayMs: 40 });
    const started = performance.now();
    const response = await get('/v1/things/1');
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
  });

  it('delays a faulted answer, and the wait ends when the request is aborted', async () => {
    api.fail({ delayMs: 20, status: 503 });
    expect((await get('/v1/things/1')).status).toBe(503);

    api.fail({ delayMs: 60_000 });
    const started = performance.now();
    const controller = new AbortController();
    const pending = fetch(`${BASE}/v1/things/1`, { headers: auth, signal: controller.signal });
    await until(() => api.calls() === 2);
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('clearFaults() ends a delay being served', async () => {
    api.fail({ delayMs: 60_000 });
    const started = performance.now();
    const pending = get('/v1/things/1');
    await until(() => api.calls() === 1);
    api.clearFaults();
    expect((await pending).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('comes after the auth check, and reaches the token endpoint only when it names its path', async () => {
    api.fail({ status: 500 });
    expect((await get('/v1/things/1', {})).status).toBe(401);
    expect((await token(CLIENT)).status).toBe(200);
    expect((await get('/v1/things/1')).status).toBe(500);

    api.fail({ path: '/oauth/token', status: 503 });
    expect((await token(CLIENT)).status).toBe(503);
    expect((await token(CLIENT)).status).toBe(200);
  });

  it('refuses a malformed fault', () => {
    expect(() => api.fail({ times: 0 })).toThrow(ConfigurationError);
    expect(() => api.fail({ status: 99 })).toThrow(/status/);
    expect(() => api.fail({ delayMs: -1 })).toThrow(/delayMs/);
  });
});

describe('calls', () => {
  it('counts every request on the base URLs before the auth check, with filters', async () => {
    await get('/v1/things/1');
    await get('/v1/things/2', {});
    await post('/v1/things', {});
    await token(CLIENT);
    await get('/v1/things/3', auth, SANDBOX);
    expect(api.calls()).toBe(5);
    expect(api.calls({ method: 'get' })).toBe(3);
    expect(api.calls({ path: '/v1/things/' })).toBe(3);
    expect(api.calls({ path: /^\/api\// })).toBe(1);
    expect(api.calls({ method: 'POST', path: '/oauth/token' })).toBe(1);
  });
});

describe('idempotent replay', () => {
  const key = { 'idempotency-key': 'key-1' };

  it('replays the same request with the same key, and refuses other parameters', async () => {
    const first = await post('/v1/things', { amount: 1 }, key);
    const body = await first.json();
    const replay = await post('/v1/things', { amount: 1 }, key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    expect(await replay.json()).toEqual(body);
    expect(api.nextId('thing')).toBe('thing_000002');

    const mismatch = await post('/v1/things', { amount: 2 }, key);
    expect(mismatch.status).toBe(400);
    expect(await mismatch.json()).toMatchObject({ error: { code: 'idempotency_mismatch' } });
  });

  it('saves 2xx and 5xx answers, not 4xx ones, nor faults', async () => {
    expect((await post('/v1/decline', {}, key)).status).toBe(402);
    expect((await post('/v1/decline', {}, key)).headers.get('idempotent-replayed')).toBeNull();

    const crash = { 'idempotency-key': 'key-2' };
    expect((await post('/v1/crash', {}, crash)).status).toBe(500);
    expect((await post('/v1/crash', {}, crash)).headers.get('idempotent-replayed')).toBe('true');

    const faulted = { 'idempotency-key': 'key-3' };
    api.fail({ status: 503 });
    expect((await post('/v1/things', {}, faulted)).status).toBe(503);
    const retried = await post('/v1/things', {}, faulted);
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
  });

  it('answers 409 while the first request with the key is running', async () => {
    let open: () => void = () => {};
    gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const first = post('/v1/slow', {}, key);
    await until(() => api.calls() === 1);
    const second = await post('/v1/slow', {}, key);
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ error: { code: 'idempotency_in_progress' } });
    open();
    expect((await first).status).toBe(200);
    expect((await post('/v1/slow', {}, key)).headers.get('idempotent-replayed')).toBe('true');
  });

  it('ignores keys on GET', async () => {
    await get('/v1/things/1', { ...auth, ...key });
    const again = await get('/v1/things/1', { ...auth, ...key });
    expect(again.headers.get('idempotent-replayed')).toBeNull();
  });
});

describe('ids and reset', () => {
  it('numbers ids per prefix and per sequence', () => {
    expect([api.nextId('cus'), api.nextId('cus'), api.nextId('pi')]).toEqual([
      'cus_000001',
      'cus_000002',
      'pi_000001',
    ]);
    expect([api.nextNumber(), api.nextNumber(), api.nextNumber('tracking')]).toEqual([1, 2, 1]);
  });

  it('reset() forgets faults, tokens, counts, ids and replays, and keeps the routes', async () => {
    const issued = ((await (await token(CLIENT)).json()) as { access_token: string }).access_token;
    await post('/v1/things', { n: 1 }, { 'idempotency-key': 'key-9' });
    api.fail({ times: Number.POSITIVE_INFINITY });
    api.nextNumber();
    api.reset();
    expect(resets).toEqual(['reset']);
    expect(api.calls()).toBe(0);
    expect((await get('/v1/things/1', { authorization: `Bearer ${issued}` })).status).toBe(401);
    const again = await post('/v1/things', { n: 2 }, { 'idempotency-key': 'key-9' });
    expect(again.status).toBe(201);
    expect(await again.json()).toMatchObject({ id: 'thing_000001', body: { n: 2 } });
    expect(api.nextNumber()).toBe(1);
  });

  it('exposes the controls alone, to spread into a provider fake', () => {
    const fake = { ...api.controls, extra: true };
    expect(Object.keys(api.controls).sort()).toEqual(
      ['calls', 'clearFaults', 'expireTokens', 'fail', 'handlers', 'now', 'reset'].sort(),
    );
    expect(fake.handlers).toBe(api.handlers);
    fake.fail({});
    fake.reset();
    expect(fake.calls()).toBe(0);
  });
});

/** Polls a condition the fake changes from its handlers (bounded, a few ms at a time). */
async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('a token endpoint on several paths (a RegExp)', () => {
  it('answers every path the pattern matches, and no other', async () => {
    const versioned = createFakeApi({
      name: 'crm',
      baseURL: 'https://crm.acme.test',
      errorEnvelope: envelope,
      auth: {
        tokenEndpoint: {
          // With `g`: a pattern that remembers where it stopped must still match every time.
          path: /^\/oauth\/(v1|\d{4}-\d{2})\/token$/g,
          clients: { 'client-1': 'secret-1' },
          ttlSeconds: 60,
        },
      },
    });
    const local = setupServer(...versioned.handlers);
    server.close();
    local.listen({ onUnhandledRequest: 'error' });
    try {
      const ask = (path: string) =>
        fetch(`https://crm.acme.test${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'grant_type=client_credentials&client_id=client-1&client_secret=secret-1',
        });
      for (const path of ['/oauth/v1/token', '/oauth/v1/token', '/oauth/2026-03/token']) {
        const answer = await ask(path);
        expect(answer.status, path).toBe(200);
        expect((await answer.json()).access_token).toMatch(/\S/);
      }
      // Not a token path: the bearer check answers (no token was sent).
      expect((await ask('/oauth/v2/token')).status).toBe(401);
    } finally {
      local.close();
      server.listen({ onUnhandledRequest: 'error' });
    }
  });
});
