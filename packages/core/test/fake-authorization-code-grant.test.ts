import { describe, expect, it } from 'vitest';
import { createPkcePair } from '../src/auth/pkce.js';
import { createFakeAuthorizationCodeGrant } from '../src/testing/index.js';

const app = { clientId: 'app-1', clientSecret: 'app-secret', redirectURI: 'https://shop.test/cb' };
const form = (fields: Record<string, string>) =>
  new URLSearchParams({ client_id: app.clientId, client_secret: app.clientSecret, ...fields });

describe('createFakeAuthorizationCodeGrant', () => {
  it('redeems a code once, with the app redirect URI, and issues refresh tokens that refresh', async () => {
    const grant = createFakeAuthorizationCodeGrant({ name: 'acme', app });
    const code = grant.issueCode();
    expect(code).toBe('fake-acme-code-1');
    const exchange = form({
      grant_type: 'authorization_code',
      code,
      redirect_uri: app.redirectURI,
    });
    expect(await grant.redeem(exchange)).toEqual({ refreshToken: 'fake-acme-refresh-1' });
    expect(await grant.redeem(exchange)).toEqual({
      status: 400,
      error: 'invalid_grant',
      message: 'The authorization code is invalid or was used already.',
    });
    const refresh = form({ grant_type: 'refresh_token', refresh_token: 'fake-acme-refresh-1' });
    expect(await grant.redeem(refresh)).toEqual({ refreshToken: 'fake-acme-refresh-2' });
    expect(
      await grant.redeem(form({ grant_type: 'refresh_token', refresh_token: 'made-up' })),
    ).toMatchObject({ status: 400, error: 'invalid_grant' });
  });

  it('refuses a wrong redirect URI, and a code issued with its own URI needs that one', async () => {
    const grant = createFakeAuthorizationCodeGrant({ name: 'acme', app });
    const wrong = form({
      grant_type: 'authorization_code',
      code: grant.issueCode(),
      redirect_uri: 'https://evil.test/cb',
    });
    expect(await grant.redeem(wrong)).toMatchObject({
      error: 'invalid_grant',
      message: 'redirect_uri does not match.',
    });
    const own = grant.issueCode({ redirectURI: 'https://shop.test/other' });
    expect(
      await grant.redeem(
        form({
          grant_type: 'authorization_code',
          code: own,
          redirect_uri: 'https://shop.test/other',
        }),
      ),
    ).toHaveProperty('refreshToken');
  });

  it('checks the PKCE verifier of a code issued with a challenge (RFC 7636 S256)', async () => {
    const grant = createFakeAuthorizationCodeGrant({ name: 'acme', app });
    const pair = await createPkcePair();
    const exchange = (code: string, verifier?: string) =>
      form({
        grant_type: 'authorization_code',
        code,
        redirect_uri: app.redirectURI,
        ...(verifier ? { code_verifier: verifier } : {}),
      });
    const refusal = {
      error: 'invalid_grant',
      message: 'code_verifier does not match the code challenge.',
    };
    const challenge = { codeChallenge: pair.codeChallenge };
    expect(await grant.redeem(exchange(grant.issueCode(challenge)))).toMatchObject(refusal);
    expect(
      await grant.redeem(exchange(grant.issueCode(challenge), `${pair.codeVerifier}x`)),
    ).toMatchObject(refusal);
    expect(
      await grant.redeem(exchange(grant.issueCode(challenge), pair.codeVerifier)),
    ).toHaveProperty('refreshToken');
  });

  it('refuses an unknown client (401) before the grant, and a grant type it does not answer', async () => {
    const grant = createFakeAuthorizationCodeGrant({ name: 'acme', app });
    const code = grant.issueCode();
    const wrongSecret = new URLSearchParams({
      client_id: app.clientId,
      client_secret: 'nope',
      grant_type: 'authorization_code',
      code,
    });
    expect(await grant.redeem(wrongSecret)).toEqual({
      status: 401,
      error: 'invalid_client',
      message: 'The client id or secret is wrong.',
    });
    expect(await grant.redeem(form({ grant_type: 'password' }))).toEqual({
      status: 400,
      error: 'unsupported_grant_type',
      message: 'grant_type password is not supported.',
    });
    const noApp = createFakeAuthorizationCodeGrant({ name: 'acme' });
    expect(await noApp.redeem(form({ grant_type: 'refresh_token' }))).toMatchObject({
      error: 'invalid_client',
    });
    // The code was not spent by the refused request.
    expect(
      await grant.redeem(
        form({ grant_type: 'authorization_code', code, redirect_uri: app.redirectURI }),
      ),
    ).toHaveProperty('refreshToken');
  });

  it('clear() forgets codes and refresh tokens and restarts the numbering', async () => {
    const grant = createFakeAuthorizationCodeGrant({ name: 'acme', app });
    const code = grant.issueCode();
    grant.clear();
    expect(
      await grant.redeem(
        form({ grant_type: 'authorization_code', code, redirect_uri: app.redirectURI }),
      ),
    ).toMatchObject({ error: 'invalid_grant' });
    expect(grant.issueCode()).toBe('fake-acme-code-1');
  });
});
