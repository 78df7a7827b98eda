import { ConfigurationError, memoryTokenStore } from '@int/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createUPS } from '../src/index.js';
import {
  ACCOUNT,
  CLIENT_ID,
  CLIENT_SECRET,
  rateInput,
  setup,
  shipmentInput,
  useMockServer,
} from './helpers.js';

const mock = useMockServer();

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('OAuth client credentials', () => {
  it('50 concurrent calls with no token make one token request', async () => {
    const { ups, fake } = setup(mock);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => ups.rates.quote(rateInput())),
    );
    expect(results).toHaveLength(50);
    expect(fake.calls({ path: '/security/v1/oauth/token' })).toBe(1);
  });

  it('N concurrent calls on an expired token: one new token, each call repeated once, none failed', async () => {
    const { ups, fake } = setup(mock);
    await ups.rates.quote(rateInput());
    fake.expireTokens();
    const results = await Promise.all(
      Array.from({ length: 30 }, () => ups.rates.quote(rateInput())),
    );
    expect(results).toHaveLength(30);
    expect(fake.calls({ path: '/security/v1/oauth/token' })).toBe(2);
    expect(fake.calls({ path: '/api/rating/' })).toBe(1 + 30 + 30);
  });

  it('expires_in (a string, seconds) is honoured: refreshed 60 s before expiry, on the injected clock', async () => {
    const { ups, fake, clock } = setup(mock, {}, { expiresIn: 600 });
    await ups.rates.quote(rateInput());
    clock.set(clock.now() + (600 - 61) * 1000);
    await ups.rates.quote(rateInput());
    expect(fake.calls({ path: '/security/v1/oauth/token' })).toBe(1);
    clock.set(clock.now() + 2_000);
    await ups.rates.quote(rateInput());
    expect(fake.calls({ path: '/security/v1/oauth/token' })).toBe(2);
  });

  it('a shared token store serves a second client without a token request', async () => {
    const tokenStore = memoryTokenStore();
    const { ups, fake, clock } = setup(mock, { tokenStore });
    await ups.rates.quote(rateInput());
    const other = createUPS({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      accountNumber: ACCOUNT,
      tokenStore,
      clock,
    });
    await other.rates.quote(rateInput());
    expect(fake.calls({ path: '/security/v1/oauth/token' })).toBe(1);
  });

  it('a wrong secret is a 401 ClientId/authentication error from the token endpoint, nothing else sent', async () => {
    const { ups, fake } = setup(mock, { clientSecret: 'wrong-secret-value' });
    await expect(ups.rates.quote(rateInput())).rejects.toMatchObject({ status: 401 });
    expect(fake.calls({ path: '/api/' })).toBe(0);
  });

  it('credentials are read lazily from UPS_CLIENT_ID / UPS_CLIENT_SECRET / UPS_ACCOUNT_NUMBER', async () => {
    vi.stubEnv('UPS_CLIENT_ID', CLIENT_ID);
    vi.stubEnv('UPS_CLIENT_SECRET', CLIENT_SECRET);
    vi.stubEnv('UPS_ACCOUNT_NUMBER', ACCOUNT);
    const { fake } = setup(mock);
    const ups = createUPS();
    await ups.rates.quote(rateInput());
    expect(fake.calls({ path: '/api/rating/' })).toBe(1);
    vi.stubEnv('UPS_ACCOUNT_NUMBER', '');
    await expect(createUPS().rates.quote(rateInput())).rejects.toThrow(/UPS_ACCOUNT_NUMBER/);
  });

  it('options are checked when the client is created; a bad account number at the first call', async () => {
    expect(() => createUPS({ environment: 'sandbox' as 'test' })).toThrow(ConfigurationError);
    expect(() => createUPS({ trackingConcurrency: 0 })).toThrow(/trackingConcurrency/);
    expect(() => createUPS({ locale: 'english' })).toThrow(/locale/);
    const { fake } = setup(mock);
    const ups = createUPS({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      accountNumber: '12345',
    });
    await expect(ups.rates.quote(rateInput())).rejects.toMatchObject({
      name: 'ConfigurationError',
      option: 'accountNumber',
    });
    expect(fake.calls({ path: '/api/' })).toBe(0);
  });

  it('production uses onlinetools.ups.com for the token and the API', async () => {
    const { ups } = setup(mock, { environment: 'production' });
    await ups.rates.quote(rateInput());
    expect(mock.calls.map((call) => call.url.origin)).toEqual([
      'https://onlinetools.ups.com',
      'https://onlinetools.ups.com',
    ]);
  });
});

describe('secrets never leave', () => {
  it('the client secret, its Basic header and the access token appear in no log line, error or metric', async () => {
    const { ups: client, fake, logger: captured } = setup(mock);
    const errors: unknown[] = [];
    await client.rates.quote(rateInput());
    // UPS echoing the token or the secret in an error body.
    const token = mock.calls
      .find((call) => call.url.pathname.startsWith('/api/'))!
      .headers.authorization!.slice(7);
    fake.fail({
      status: 400,
      path: '/ship',
      message: `bad token ${token} for secret ${CLIENT_SECRET}`,
    });
    errors.push(await client.shipments.create(shipmentInput()).catch((error: unknown) => error));
    fake.fail({ status: 401, times: 3, message: `expired ${token}` });
    errors.push(await client.rates.quote(rateInput()).catch((error: unknown) => error));
    fake.clearFaults();
    fake.fail({
      status: 400,
      path: '/security/',
      message: `client ${CLIENT_SECRET} refused`,
      times: 5,
    });
    fake.expireTokens();
    errors.push(await client.rates.quote(rateInput()).catch((error: unknown) => error));
    expect(errors.filter(Boolean)).toHaveLength(3);
    const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');
    const texts = [
      captured.text(),
      ...errors.flatMap((error) => [
        String(error),
        JSON.stringify(error),
        (error as Error).stack ?? '',
        JSON.stringify((error as { details?: unknown }).details) ?? '',
      ]),
    ];
    for (const secret of [CLIENT_SECRET, token, basic, encodeURIComponent(CLIENT_SECRET)]) {
      for (const text of texts)
        expect(text.includes(secret), `${secret} in ${text.slice(0, 200)}`).toBe(false);
    }
    expect(captured.lines.length).toBeGreaterThan(0);
  });
});
