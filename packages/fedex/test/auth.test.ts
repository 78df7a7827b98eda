import { AuthenticationError, ConfigurationError, memoryTokenStore } from '@int/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFedEx, defaultTokenGuard } from '../src/index.js';
import { beverlyHills, CLIENT_SECRET, memphis, SANDBOX, setup, useMockServer } from './helpers.js';

const mock = useMockServer();
const quote = {
  shipper: memphis,
  recipient: beverlyHills,
  packages: [{ weight: { units: 'LB' as const, value: 3 } }],
};

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('OAuth token care', () => {
  it('100 concurrent quotes with an empty token cache make one token request', async () => {
    const { fedex, fake } = setup(mock);
    const results = await Promise.all(Array.from({ length: 100 }, () => fedex.rates.quote(quote)));
    expect(results).toHaveLength(100);
    expect(fake.calls({ path: '/oauth/token' })).toBe(1);
    expect(mock.callsTo('POST', `${SANDBOX}/oauth/token`)).toHaveLength(1);
    expect(fake.calls({ path: '/rate/v1/rates/quotes' })).toBe(100);
  });

  it('a token expired mid-run is refreshed once with no failed call', async () => {
    const { fedex, fake } = setup(mock);
    const first = await Promise.all(Array.from({ length: 20 }, () => fedex.rates.quote(quote)));
    fake.expireTokens();
    const second = await Promise.all(Array.from({ length: 50 }, () => fedex.rates.quote(quote)));
    expect(first.length + second.length).toBe(70);
    expect(fake.calls({ path: '/oauth/token' })).toBe(2);
    // 50 rejected with the expired token, each repeated once with the new one.
    expect(fake.calls({ path: '/rate/v1/rates/quotes' })).toBe(20 + 50 + 50);
  });

  it('expiry while calls are in flight: every call still succeeds, one refresh', async () => {
    const { fedex, fake } = setup(mock);
    await fedex.rates.quote(quote);
    const calls = Array.from({ length: 30 }, (_, index) => {
      if (index === 10) fake.expireTokens();
      return fedex.rates.quote(quote);
    });
    await expect(Promise.all(calls)).resolves.toHaveLength(30);
    expect(fake.calls({ path: '/oauth/token' })).toBe(2);
  });

  it('refreshes 60 s before expires_in without a 401', async () => {
    const { fedex, fake, clock } = setup(mock);
    await fedex.tracking.track(['1']);
    clock.set(clock.now() + (3599 - 61) * 1000);
    await fedex.tracking.track(['1']);
    expect(fake.calls({ path: '/oauth/token' })).toBe(1);
    clock.set(clock.now() + 2_000);
    await fedex.tracking.track(['1']);
    expect(fake.calls({ path: '/oauth/token' })).toBe(2);
    expect(fake.calls({ path: '/track/v1/trackingnumbers' })).toBe(3);
  });

  it('401 NOT.AUTHORIZED.ERROR, one forced refresh, then success', async () => {
    const { fedex, fake, logger } = setup(mock);
    await fedex.tracking.track(['1']);
    fake.expireTokens();
    const [result] = await fedex.tracking.track(['1']);
    expect(result!.ok).toBe(false);
    const calls = mock.callsTo('POST', `${SANDBOX}/track/v1/trackingnumbers`);
    expect(calls.map((call) => call.headers.authorization)).toEqual([
      'Bearer fake-fedex-access-1',
      'Bearer fake-fedex-access-1',
      'Bearer fake-fedex-access-2',
    ]);
    expect(logger.lines.some((line) => line.object.event === 'auth.refresh')).toBe(true);
  });

  it('two 401s in a row surface AuthenticationError', async () => {
    // FedEx refuses every token on this path: the call is rejected after its one refresh.
    const { fedex, fake } = setup(mock);
    fake.fail({
      status: 401,
      path: '/track/v1/trackingnumbers',
      code: 'NOT.AUTHORIZED.ERROR',
      message: 'Access token expired.',
      times: Number.POSITIVE_INFINITY,
    });
    const error = await fedex.tracking.track(['1']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).code).toBe('NOT.AUTHORIZED.ERROR');
    expect((error as AuthenticationError).message).toContain('NOT.AUTHORIZED.ERROR');
    expect(fake.calls({ path: '/track/v1/trackingnumbers' })).toBe(2);
  });

  it('wrong credentials fail the token request with AuthenticationError, secret not in logs', async () => {
    const { fedex, logger } = setup(mock, { clientSecret: 'not-the-secret-123' });
    const error = await fedex.rates.quote(quote).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(String((error as Error).message)).not.toContain('not-the-secret-123');
    expect(logger.text()).not.toContain('not-the-secret-123');
    expect(logger.text()).not.toContain(CLIENT_SECRET);
  });

  it('never logs the access token or the client secret', async () => {
    const { fedex, logger, fake, clock } = setup(mock, { logger: undefined });
    void logger;
    const { captureLogger } = await import('@int/core/testing');
    const captured = captureLogger();
    // The fake issues and expires tokens on the test clock: every client reads the same one.
    const debugFedex = createFedEx({
      clientId: 'test-client-id',
      clientSecret: CLIENT_SECRET,
      accountNumber: '1',
      logger: captured,
      clock,
    });
    await debugFedex.tracking.track(['1']);
    fake.expireTokens();
    await debugFedex.tracking.track(['1']);
    await fedex.tracking.track(['1']);
    expect(captured.lines.length).toBeGreaterThan(0);
    expect(captured.text()).not.toContain('fake-fedex-access');
    expect(captured.text()).not.toContain(CLIENT_SECRET);
  });

  it('caches tokens per environment + client id + child key in a shared store', async () => {
    const tokenStore = memoryTokenStore();
    const a = setup(mock, { tokenStore });
    await a.fedex.tracking.track(['1']);
    // One clock for every client: the shared store's expiry is judged on the clock that wrote it.
    const b = createFedEx({
      clientId: 'test-client-id',
      clientSecret: CLIENT_SECRET,
      accountNumber: '1',
      tokenStore,
      clock: a.clock,
    });
    await b.tracking.track(['1']);
    expect(a.fake.calls({ path: '/oauth/token' })).toBe(1);
    const production = createFedEx({
      clientId: 'test-client-id',
      clientSecret: CLIENT_SECRET,
      accountNumber: '1',
      environment: 'production',
      tokenStore,
      clock: a.clock,
    });
    await production.tracking.track(['1']);
    const child = createFedEx({
      clientId: 'test-client-id',
      clientSecret: CLIENT_SECRET,
      accountNumber: '1',
      childKey: 'ck',
      childSecret: 'cs',
      tokenStore,
      clock: a.clock,
    });
    await child.tracking.track(['1']);
    expect(a.fake.calls({ path: '/oauth/token' })).toBe(3);
  });

  it('the local guard paces token requests: 5 per 10 s, then waits', async () => {
    const { createTestClock } = await import('@int/core/testing');
    const clock = createTestClock({ mode: 'manual' });
    const guard = defaultTokenGuard(clock);
    const granted: number[] = [];
    const waits = Array.from({ length: 7 }, (_, index) =>
      guard.acquire().then(() => granted.push(index)),
    );
    await clock.advance(0);
    expect(granted).toEqual([0, 1, 2, 3, 4]);
    await clock.advance(9_999);
    expect(granted).toHaveLength(5);
    await clock.advance(1);
    await Promise.all(waits);
    expect(granted).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('every client shares one token request through a shared guard and store', async () => {
    const { fake, clock } = setup(mock);
    const tokenStore = memoryTokenStore();
    const tokenGuard = defaultTokenGuard(clock);
    const clients = Array.from({ length: 7 }, () =>
      createFedEx({
        clientId: 'test-client-id',
        clientSecret: CLIENT_SECRET,
        accountNumber: '1',
        clock,
        tokenGuard,
        tokenStore,
      }),
    );
    await Promise.all(clients.map((client) => client.tracking.track(['1'])));
    expect(fake.calls({ path: '/oauth/token' })).toBe(1);
  });
});

describe('settings', () => {
  it('reads credentials from the environment lazily, at the first call', async () => {
    const { fake, clock } = setup(mock);
    const fedex = createFedEx({ clock });
    vi.stubEnv('FEDEX_CLIENT_ID', 'test-client-id');
    vi.stubEnv('FEDEX_CLIENT_SECRET', CLIENT_SECRET);
    vi.stubEnv('FEDEX_ACCOUNT_NUMBER', '999');
    await fedex.rates.quote(quote);
    expect(fake.calls({ path: '/oauth/token' })).toBe(1);
    expect(mock.callsTo('POST', `${SANDBOX}/rate/v1/rates/quotes`)[0]!.json()).toMatchObject({
      accountNumber: { value: '999' },
    });
  });

  it('a missing credential is a ConfigurationError naming the option and env var', async () => {
    vi.stubEnv('FEDEX_CLIENT_ID', '');
    vi.stubEnv('FEDEX_CLIENT_SECRET', '');
    const fedex = createFedEx({ accountNumber: '1' });
    const error = await fedex.rates.quote(quote).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).option).toBe('clientId');
    expect((error as Error).message).toBe(
      'FedEx client id (API key) is missing. Pass `clientId` or set FEDEX_CLIENT_ID.',
    );
    const noAccount = createFedEx({ clientId: 'a', clientSecret: 'b' });
    vi.stubEnv('FEDEX_ACCOUNT_NUMBER', '');
    await expect(noAccount.rates.quote(quote)).rejects.toThrow(/FEDEX_ACCOUNT_NUMBER/);
    expect(mock.calls).toHaveLength(0);
  });

  it('childKey without childSecret is a ConfigurationError', async () => {
    const fedex = createFedEx({
      clientId: 'a',
      clientSecret: 'b',
      accountNumber: '1',
      childKey: 'k',
    });
    await expect(fedex.tracking.track(['1'])).rejects.toBeInstanceOf(ConfigurationError);
  });
});

describe('client limits and options', () => {
  it('an unknown environment is a ConfigurationError at once', () => {
    expect(() => createFedEx({ environment: 'staging' as 'sandbox' })).toThrow(ConfigurationError);
  });

  it('a blank customerTransactionId is a ValidationError', async () => {
    const { fedex } = setup(mock);
    await expect(fedex.tracking.track(['1'], { customerTransactionId: ' ' })).rejects.toThrow(
      /customerTransactionId/,
    );
    expect(mock.calls).toHaveLength(0);
  });

  it('the default limiter holds the 1 401st call of a 10-second window', async () => {
    const { fedex, clock } = setup(mock);
    const start = clock.now();
    const numbers = Array.from({ length: 1401 * 30 }, (_, index) => String(index));
    const results = await fedex.tracking.track(numbers, { concurrency: 1401 });
    expect(results).toHaveLength(1401 * 30);
    // The limiter slept until the first start left the window.
    expect(clock.sleeps.some((ms) => ms > 9_000 && ms <= 10_000)).toBe(true);
    expect(clock.now() - start).toBeGreaterThanOrEqual(10_000);
  }, 60_000);
});
