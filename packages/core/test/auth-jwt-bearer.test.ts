import { decodeProtectedHeader, exportJWK, exportPKCS8, generateKeyPair, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  createHttpClient,
  type JwtAlgorithm,
  jwtBearer,
} from '../src/index.js';
import { createMockServer, createTestClock } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

const NOW = 1_700_000_000_000;
const claims = { iss: 'int-app', sub: 'service@int.test', aud: 'https://api.test' };

// jose verifies against the real time; these tokens are signed on an injected clock.
const verifyAt = { currentDate: new Date(NOW + 1_000) };

describe('jwtBearer', () => {
  it.each<JwtAlgorithm>(['RS256', 'ES256'])(
    '%s: signs with a PEM private key; the JWT verifies with the public key',
    async (algorithm) => {
      const { privateKey, publicKey } = await generateKeyPair(algorithm, { extractable: true });
      const pem = await exportPKCS8(privateKey);
      const clock = createTestClock({ now: NOW });
      const auth = jwtBearer({
        key: pem,
        algorithm,
        claims,
        expiresInSec: 600,
        keyId: 'key-2026',
        clock,
      });
      const jwt = await auth.getToken();
      const { payload, protectedHeader } = await jwtVerify(jwt, publicKey, {
        ...verifyAt,
        algorithms: [algorithm],
        issuer: 'int-app',
        audience: 'https://api.test',
      });
      expect(protectedHeader).toEqual({ alg: algorithm, typ: 'JWT', kid: 'key-2026' });
      expect(payload).toEqual({ ...claims, iat: NOW / 1000, exp: NOW / 1000 + 600 });
    },
  );

  it('RS256: also takes a CryptoKey and a private JWK', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = await exportJWK(privateKey);
    for (const key of [privateKey, jwk]) {
      const jwt = await jwtBearer({
        key,
        algorithm: 'RS256',
        claims,
        clock: createTestClock({ now: NOW }),
      }).getToken();
      const { payload } = await jwtVerify(jwt, publicKey, verifyAt);
      expect(payload.exp).toBe(NOW / 1000 + 300);
      expect(decodeProtectedHeader(jwt).kid).toBeUndefined();
    }
  });

  it('HS256: signs with a shared secret and applies Authorization: Bearer', async () => {
    const secret = 'a-shared-secret-of-at-least-32-bytes!!';
    mock.route('GET', 'https://api.test/v1/reports', { json: [] });
    const clock = createTestClock({ now: NOW });
    const auth = jwtBearer({
      key: secret,
      algorithm: 'HS256',
      claims: { sub: 'svc' },
      expiresInSec: 120,
      clock,
    });
    const client = createHttpClient({ name: 'api', baseURL: 'https://api.test', auth });
    await client.request({ method: 'GET', path: '/v1/reports' });
    const header = mock.calls[0]!.headers.authorization!;
    expect(header).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    const { payload, protectedHeader } = await jwtVerify(
      header.slice(7),
      new TextEncoder().encode(secret),
      verifyAt,
    );
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toEqual({ sub: 'svc', iat: NOW / 1000, exp: NOW / 1000 + 120 });
  });

  it('caches the token until shortly before exp, then signs a new one', async () => {
    const clock = createTestClock({ now: NOW });
    let signed = 0;
    const auth = jwtBearer({
      key: 'secret-for-caching-test-0123456789',
      algorithm: 'HS256',
      claims: () => ({ jti: `id-${++signed}` }),
      expiresInSec: 300,
      clock,
    });
    const first = await auth.getToken();
    clock.set(NOW + 240_000 - 1);
    expect(await auth.getToken()).toBe(first);
    clock.set(NOW + 240_000);
    const second = await auth.getToken();
    expect(second).not.toBe(first);
    expect(signed).toBe(2);
    await auth.refresh();
    expect(await auth.getToken()).not.toBe(second);
    expect(signed).toBe(3);
  });

  it('concurrent callers share one signature', async () => {
    let signed = 0;
    const auth = jwtBearer({
      key: 'secret-for-caching-test-0123456789',
      algorithm: 'HS256',
      claims: () => ({ jti: `id-${++signed}` }),
    });
    const tokens = await Promise.all(Array.from({ length: 50 }, () => auth.getToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(signed).toBe(1);
  });

  it('a short lifetime keeps half of it', async () => {
    const clock = createTestClock({ now: NOW });
    const auth = jwtBearer({
      key: 'k'.repeat(32),
      algorithm: 'HS256',
      claims: {},
      expiresInSec: 60,
      clock,
    });
    const first = await auth.getToken();
    clock.set(NOW + 29_999);
    expect(await auth.getToken()).toBe(first);
  });

  it('refuses bad options and unusable keys without echoing the key', async () => {
    expect(() => jwtBearer({ key: 'x', algorithm: 'none' as JwtAlgorithm, claims })).toThrow(
      ConfigurationError,
    );
    expect(() => jwtBearer({ key: '', algorithm: 'HS256', claims })).toThrow(ConfigurationError);
    expect(() => jwtBearer({ key: 'x', algorithm: 'HS256', claims, expiresInSec: 0 })).toThrow(
      ConfigurationError,
    );
    const badPem =
      '-----BEGIN PRIVATE KEY-----\nTk9UQUtFWS1zZWNyZXQtbWF0ZXJpYWw=\n-----END PRIVATE KEY-----';
    const error = await jwtBearer({ key: badPem, algorithm: 'RS256', claims })
      .getToken()
      .then(
        () => undefined,
        (caught: unknown) => caught as ConfigurationError,
      );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error!.message).not.toContain('Tk9UQUtFWS1zZWNyZXQtbWF0ZXJpYWw');
  });
});
