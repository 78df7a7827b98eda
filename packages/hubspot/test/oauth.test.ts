import { createHash } from 'node:crypto';
import { captureLogger, createMockServer, createTestClock } from '@int/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpot } from '../src/index.js';
import { createHubSpotFake } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

const APP = {
  clientId: 'client-123',
  clientSecret: 'secret-456',
  redirectURI: 'https://app.example.com/callback',
};

function setup(tokenVersion?: '2026-03' | 'v1' | 'v3') {
  const clock = createTestClock({ now: Date.UTC(2026, 10, 29) });
  const fake = createHubSpotFake({ clock, oauth: APP });
  mock.use(...fake.handlers);
  const logger = captureLogger();
  const hubspot = createHubSpot({
    oauth: { ...APP, ...(tokenVersion ? { tokenVersion } : {}) },
    clock,
    logger,
  });
  return { clock, fake, hubspot, logger };
}

describe('oauth', () => {
  it('authorizationUrl with scopes, optional scopes, state and a PKCE challenge', async () => {
    const { hubspot } = setup();
    const url = new URL(
      await hubspot.oauth!.authorizationUrl({
        scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write'],
        optionalScopes: ['crm.objects.deals.read'],
        state: 'st-1',
        codeVerifier: 'verifier-0123456789-0123456789-0123456789-abcd',
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe('https://app.hubspot.com/oauth/authorize');
    expect(url.searchParams.get('client_id')).toBe('client-123');
    expect(url.searchParams.get('redirect_uri')).toBe(APP.redirectURI);
    expect(url.searchParams.get('scope')).toBe(
      'crm.objects.contacts.read crm.objects.contacts.write',
    );
    expect(url.searchParams.get('optional_scope')).toBe('crm.objects.deals.read');
    expect(url.searchParams.get('state')).toBe('st-1');
    const expected = createHash('sha256')
      .update('verifier-0123456789-0123456789-0123456789-abcd')
      .digest('base64url');
    expect(url.searchParams.get('code_challenge')).toBe(expected);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('response_type')).toBe('code');
  });

  it('exchangeCode on the date-versioned endpoint, then calls with the token, refreshed ahead of 30 minutes', async () => {
    const { clock, fake, hubspot, logger } = setup();
    const verifier = 'verifier-abcdefghijklmnopqrstuvwxyz-0123456789';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const code = fake.issueAuthorizationCode({ codeChallenge: challenge });
    const token = await hubspot.oauth!.exchangeCode(code, { codeVerifier: verifier });
    expect(token.accessToken).toMatch(/^fake-hubspot-access-/);
    const exchange = mock.calls[0]!;
    expect(exchange.method).toBe('POST');
    expect(exchange.url.toString()).toBe('https://api.hubapi.com/oauth/2026-03/token');
    expect(exchange.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(exchange.form())).toEqual({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      client_id: 'client-123',
      client_secret: 'secret-456',
      redirect_uri: APP.redirectURI,
    });

    await hubspot.contacts.create({ properties: { email: 'o@example.com' } });
    expect(mock.calls[1]!.headers.authorization).toBe(`Bearer ${token.accessToken}`);

    // 29 minutes and 30 seconds later: inside the refresh margin, so refreshed first.
    clock.set(clock.now() + 1_770_000);
    await Promise.all([
      hubspot.contacts.list().toArray({ limit: 1_000 }),
      hubspot.contacts.list().toArray({ limit: 1_000 }),
    ]);
    const refreshes = mock.calls
      .filter((call) => call.url.pathname === '/oauth/2026-03/token')
      .slice(1);
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]!.form()).toContainEqual(['grant_type', 'refresh_token']);
    expect(refreshes[0]!.form()).toContainEqual(['refresh_token', token.refreshToken]);
    const last = mock.calls[mock.calls.length - 1]!;
    expect(last.headers.authorization).not.toBe(`Bearer ${token.accessToken}`);
    expect(logger.text()).not.toContain('secret-456');
    expect(logger.text()).not.toContain(token.accessToken);
  });

  it('refreshes once after a 401 and repeats the call', async () => {
    const { fake, hubspot } = setup();
    await hubspot.oauth!.exchangeCode(fake.issueAuthorizationCode());
    fake.expireTokens();
    const list = await hubspot.contacts.list().toArray({ limit: 1_000 });
    expect(list).toEqual([]);
    expect(mock.calls.map((call) => `${call.method} ${call.url.pathname}`)).toEqual([
      'POST /oauth/2026-03/token',
      'GET /crm/objects/2026-09/contacts',
      'POST /oauth/2026-03/token',
      'GET /crm/objects/2026-09/contacts',
    ]);
  });

  it('v1 token endpoint is selectable; a bad code is an AuthenticationError with the OAuth error', async () => {
    const { fake, hubspot } = setup('v1');
    await hubspot.oauth!.exchangeCode(fake.issueAuthorizationCode());
    expect(mock.calls[0]!.url.pathname).toBe('/oauth/v1/token');
    const error = await hubspot.oauth!.exchangeCode('nope').catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      name: 'AuthenticationError',
      status: 400,
      code: 'invalid_grant',
    });
    expect((error as Error).message).not.toContain('secret-456');
  });

  it('refresh with a stored refresh token', async () => {
    const clock = createTestClock();
    const fake = createHubSpotFake({ clock, oauth: APP });
    mock.use(...fake.handlers);
    const code = fake.issueAuthorizationCode();
    const first = createHubSpot({ oauth: APP, clock });
    const token = await first.oauth!.exchangeCode(code);
    const second = createHubSpot({ oauth: { ...APP, refreshToken: token.refreshToken }, clock });
    const refreshed = await second.oauth!.refresh();
    expect(refreshed.accessToken).not.toBe(token.accessToken);
    await expect(second.contacts.list().toArray({ limit: 1_000 })).resolves.toEqual([]);
  });
});
