import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  apiKey,
  basicAuth,
  ConfigurationError,
  createHttpClient,
  createMetrics,
  pathSegment,
  REDACTED,
  redactValue,
  SecretScrubber,
  signStandardWebhook,
  ValidationError,
  verifyStandardWebhook,
  WebhookVerificationError,
} from '../src/index.js';
import { captureLogger, createTestClock } from '../src/testing/index.js';

// Issue 15: the examples the outside review used, one per point (3 to 5).
// The property behind point 3 is in secret-echo.property.test.ts.

describe('issue 15, point 3: secrets the review saw escape', () => {
  const observe = () => {
    const logger = Object.assign(captureLogger(), { isLevelEnabled: () => true });
    const metrics = createMetrics();
    const hooks: unknown[] = [];
    return {
      logger,
      metrics,
      hooks,
      options: {
        logger,
        metrics,
        clock: createTestClock(),
        hooks: {
          onRequest: (info: unknown) => hooks.push(info),
          onResponse: (info: unknown) => hooks.push(info),
          onRetry: (info: unknown) => hooks.push(info),
          onError: (error: unknown) => hooks.push(error),
        },
      },
      text: (error: unknown) =>
        [
          String(error),
          JSON.stringify(error),
          inspect(error, { depth: null }),
          logger.text(),
          JSON.stringify(metrics.snapshot()),
          inspect(hooks, { depth: null }),
        ].join('\n'),
    };
  };

  it('(a) a basicAuth password echoed as "Bad credentials for user:PASSWORD"', async () => {
    const password = 'Pa55word-for-acme';
    const seen = observe();
    const http = createHttpClient({
      name: 'acme',
      baseURL: 'https://api.acme.test',
      auth: basicAuth('ops', password),
      fetch: async () =>
        new Response(JSON.stringify({ message: `Bad credentials for ops:${password}` }), {
          status: 401,
          headers: { 'content-type': 'application/json' },
        }),
      ...seen.options,
    });
    const error = (await http
      .request({ method: 'GET', path: '/v1/me' })
      .catch((caught: unknown) => caught)) as Error;
    expect(error.message).toBe(`acme GET /v1/me failed with 401: Bad credentials for ${REDACTED}`);
    expect(seen.text(error)).not.toContain(password);
  });

  it('(b) an apiKey({ query }) value with + / = never shows percent-encoded', async () => {
    const key = 'k3y+with/slash=eq';
    const encoded = 'k3y%2Bwith%2Fslash%3Deq';
    const seen = observe();
    const http = createHttpClient({
      name: 'acme',
      baseURL: 'https://api.acme.test',
      auth: apiKey({ query: 'access' }, key),
      fetch: async (input) =>
        new Response(JSON.stringify({ message: `unknown key in ${String(input)}` }), {
          status: 403,
          headers: { 'content-type': 'application/json' },
        }),
      ...seen.options,
    });
    const error = (await http
      .request({ method: 'GET', path: '/v1/me' })
      .catch((caught: unknown) => caught)) as Error;
    const everything = seen.text(error);
    expect(everything).toContain('access=[REDACTED]');
    expect(everything).not.toContain(encoded);
    expect(everything).not.toContain(key);
  });
});

describe('issue 15, point 4: redactValue and a JSON __proto__ key', () => {
  it('keeps __proto__ as a data key of a null-prototype copy', () => {
    const parsed = JSON.parse(
      '{"__proto__":{"polluted":true,"token":"tok_abcdef123"},"nested":{"__proto__":{"x":1}}}',
    ) as object;
    const copy = redactValue(parsed, new SecretScrubber()) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBeNull();
    expect(Object.keys(copy)).toEqual(['__proto__', 'nested']);
    expect((copy as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual(
      Object.assign(Object.create(null), { polluted: true, token: REDACTED }),
    );
    expect(JSON.stringify(copy)).toBe(
      '{"__proto__":{"polluted":true,"token":"[REDACTED]"},"nested":{"__proto__":{"x":1}}}',
    );
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe('issue 15, point 5: loopback is localhost, 127.0.0.0/8 and [::1] only', () => {
  const build = (baseURL: string) => () => createHttpClient({ name: 'acme', baseURL });

  it('refuses plain http:// to *.localhost names, which a resolver may send anywhere', () => {
    for (const host of ['api.localhost', 'evil.localhost', 'a.b.localhost', 'localhost.']) {
      expect(build(`http://${host}:8080`)).toThrow(ConfigurationError);
    }
  });

  it('accepts localhost, all of 127.0.0.0/8 and [::1]; refuses look-alikes', () => {
    for (const host of [
      'localhost',
      '127.0.0.1',
      '127.1.2.3',
      '127.255.255.254',
      '[::1]',
      '127.1',
    ]) {
      expect(build(`http://${host}:8080`)).not.toThrow();
    }
    for (const host of [
      '128.0.0.1',
      '127.0.0.1.nip.io',
      'localhost.evil.com',
      '[::ffff:127.0.0.1]',
      '0.0.0.0',
    ]) {
      expect(build(`http://${host}:8080`)).toThrow(ConfigurationError);
    }
  });
});

describe('issue 15, point 8: Standard Webhooks time checks fail closed', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const T = 1_614_265_330;
  /** A delivery signed an hour before `T`: stale under any finite window of 300 s. */
  const stale = async () => ({
    payload: '{"type":"order.paid"}',
    headers: {
      ...(await signStandardWebhook({
        id: 'msg_1',
        payload: '{"type":"order.paid"}',
        secret,
        timestamp: T - 3600,
      })),
    } as Record<string, string>,
    secret,
  });
  const reasonOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (error: unknown) =>
        WebhookVerificationError.isInstance(error) ? error.reason : String(error),
    );

  it('takes time as now: () => epoch milliseconds, like every verifier', async () => {
    const delivery = await stale();
    expect(await reasonOf(verifyStandardWebhook({ ...delivery, now: () => T * 1000 }))).toBe(
      'timestamp_too_old',
    );
    await expect(
      verifyStandardWebhook({ ...delivery, now: () => (T - 3600) * 1000 }),
    ).resolves.toMatchObject({ id: 'msg_1' });
  });

  it('a now() that is not a finite number, or is not a function, is a rejection', async () => {
    const delivery = await stale();
    for (const now of [
      () => Number.NaN,
      () => Number.POSITIVE_INFINITY,
      () => '1614265330000' as unknown as number,
      (T * 1000) as unknown as () => number,
    ]) {
      expect(await reasonOf(verifyStandardWebhook({ ...delivery, now }))).toBe('invalid_time');
    }
  });

  it('a tolerance that is NaN, infinite, negative or not a number is a rejection', async () => {
    const delivery = await stale();
    for (const toleranceSeconds of [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      -1,
      '999999' as unknown as number,
    ]) {
      expect(
        await reasonOf(
          verifyStandardWebhook({ ...delivery, now: () => T * 1000, toleranceSeconds }),
        ),
      ).toBe('invalid_time');
    }
  });
});

describe('issue 15, point 6: a path never climbs through a "." or ".." segment', () => {
  it('the pipeline refuses such a path with a ValidationError, before anything is sent', async () => {
    const sent: string[] = [];
    const http = createHttpClient({
      name: 'acme',
      baseURL: 'https://api.acme.test/v1',
      fetch: async (input) => {
        sent.push(String(input));
        return new Response('{}', { headers: { 'content-type': 'application/json' } });
      },
    });
    for (const path of [
      '/customers/..',
      '/customers/.',
      '/customers/%2e%2E',
      '/customers/.%2e/x',
      '/customers\\..',
      '/customers/../cancel?x=1',
      'https://api.acme.test/v1/..',
    ]) {
      const error = await http
        .request({ method: 'DELETE', path, operation: 'customers.del' })
        .catch((caught: unknown) => caught);
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).issues[0]?.path).toEqual(['path']);
    }
    expect(sent).toEqual([]);
    await http.request({ method: 'GET', path: '/files/report..v2.pdf?q=..' });
    expect(sent).toEqual(['https://api.acme.test/v1/files/report..v2.pdf?q=..']);
  });

  it('pathSegment() is the one check providers use for ids', () => {
    expect(pathSegment('cus_1/2', 'id')).toBe('cus_1%2F2');
    expect(pathSegment(42, 'id')).toBe('42');
    for (const id of ['.', '..', '', undefined, null, {}, Number.NaN, '\uD800']) {
      expect(() => pathSegment(id, 'id', { provider: 'acme', operation: 'things.get' })).toThrow(
        ValidationError,
      );
    }
  });
});
