import type { AuthStrategy } from '../auth-strategy.js';
import { type Clock, systemClock } from '../clock.js';
import { ConfigurationError } from '../errors.js';
import { createSingleFlight } from './single-flight.js';

export type JwtAlgorithm = 'HS256' | 'RS256' | 'ES256';

/**
 * HS256: the shared secret as text or bytes. RS256/ES256: a PKCS#8 PEM
 * private key, a private JWK, a `CryptoKey` or a Node `KeyObject`.
 */
export type JwtSigningKey = string | Uint8Array | CryptoKey | JwtKeyObject | JwtJsonWebKey;

// The key and claim types are structural, not jose's: jose is ESM-only, and
// naming its types would break CommonJS consumers' type checks (TS1479).

/** A Node.js `KeyObject` (`crypto.createPrivateKey(...)`). */
export interface JwtKeyObject {
  readonly type: string;
  readonly asymmetricKeyType?: string | undefined;
}

/** A private JSON Web Key. */
export interface JwtJsonWebKey {
  kty?: string | undefined;
  [member: string]: unknown;
}

/** JWT claims; registered ones typed, any other allowed. */
export interface JwtClaims {
  iss?: string | undefined;
  sub?: string | undefined;
  aud?: string | string[] | undefined;
  jti?: string | undefined;
  nbf?: number | undefined;
  [claim: string]: unknown;
}

export interface JwtBearerOptions {
  key: JwtSigningKey;
  algorithm: JwtAlgorithm;
  /**
   * Claims to sign (`iss`, `sub`, `aud`, ...); a function is called for every
   * new token (for a fresh `jti`). `iat` and `exp` are set here.
   */
  claims: JwtClaims | (() => JwtClaims);
  /** Lifetime of each token. Default 300 s. */
  expiresInSec?: number | undefined;
  /** `kid` header, so the receiver can pick the verification key. Default: none. */
  keyId?: string | undefined;
  /** A token is replaced this long before `exp` (at most half its life). Default 60 000 ms. */
  expirySkewMs?: number | undefined;
  /** Injected time, for tests. Default: the system clock. */
  clock?: Clock | undefined;
}

export interface JwtBearer extends AuthStrategy {
  /** The current signed token, signing a new one when needed. */
  getToken(): Promise<string>;
  /** Signs a new token now (also what a 401 triggers). */
  refresh(): Promise<void>;
}

// Loaded on first use: clients without JWT auth never load jose, and a CJS
// consumer on a Node without require(esm) only fails if it uses jwtBearer.
let josePromise: Promise<typeof import('jose')> | undefined;
function loadJose(): Promise<typeof import('jose')> {
  josePromise ??= import('jose');
  return josePromise;
}

const ALGORITHMS = new Set<JwtAlgorithm>(['HS256', 'RS256', 'ES256']);

/** A self-signed JWT sent as `Authorization: Bearer <jwt>`, cached until shortly before `exp`. */
export function jwtBearer(options: JwtBearerOptions): JwtBearer {
  if (!options || !ALGORITHMS.has(options.algorithm)) {
    throw new ConfigurationError('jwtBearer() algorithm must be HS256, RS256 or ES256.', {
      option: 'algorithm',
    });
  }
  if (options.key === undefined || options.key === null || options.key === '') {
    throw new ConfigurationError('jwtBearer() needs a signing key.', { option: 'key' });
  }
  const expiresInSec = options.expiresInSec ?? 300;
  if (!Number.isFinite(expiresInSec) || expiresInSec <= 0) {
    throw new ConfigurationError('jwtBearer() expiresInSec must be a positive number.', {
      option: 'expiresInSec',
    });
  }
  const clock = options.clock ?? systemClock;
  const skewMs = Math.min(options.expirySkewMs ?? 60_000, (expiresInSec * 1000) / 2);
  const algorithm = options.algorithm;
  const flight = createSingleFlight();
  type SigningKey = Parameters<InstanceType<typeof import('jose').SignJWT>['sign']>[0];
  let keyPromise: Promise<SigningKey> | undefined;
  let current: { jwt: string; expiresAt: number } | undefined;

  const resolveKey = () => {
    keyPromise ??= (async () => {
      const key = options.key;
      if (typeof key !== 'string') return key as SigningKey;
      if (algorithm === 'HS256') return new TextEncoder().encode(key);
      try {
        return await (await loadJose()).importPKCS8(key, algorithm);
      } catch (cause) {
        // jose's message names the problem, never the key.
        throw new ConfigurationError(
          `jwtBearer() key is not a PKCS#8 PEM private key usable for ${algorithm}.`,
          { option: 'key', cause },
        );
      }
    })();
    keyPromise.catch(() => {
      keyPromise = undefined;
    });
    return keyPromise;
  };

  const sign = () =>
    flight.run('jwt', async () => {
      const key = await resolveKey();
      const { SignJWT } = await loadJose();
      const issuedAt = Math.floor(clock.now() / 1000);
      const claims = typeof options.claims === 'function' ? options.claims() : options.claims;
      const header = options.keyId
        ? { alg: algorithm, typ: 'JWT', kid: options.keyId }
        : { alg: algorithm, typ: 'JWT' };
      let jwt: string;
      try {
        jwt = await new SignJWT({ ...claims })
          .setProtectedHeader(header)
          .setIssuedAt(issuedAt)
          .setExpirationTime(issuedAt + expiresInSec)
          .sign(key);
      } catch (cause) {
        throw new ConfigurationError(
          `jwtBearer() could not sign with the ${algorithm} key given.`,
          {
            option: 'key',
            cause,
          },
        );
      }
      current = { jwt, expiresAt: (issuedAt + expiresInSec) * 1000 };
      return jwt;
    });

  const getToken = async () => {
    if (current && clock.now() < current.expiresAt - skewMs) return current.jwt;
    return sign();
  };

  return {
    async apply(request) {
      request.headers.authorization = `Bearer ${await getToken()}`;
    },
    getToken,
    async refresh() {
      current = undefined;
      await sign();
    },
    // An HS256 secret given as text; the signed JWT is scrubbed as its header.
    secrets: () => (algorithm === 'HS256' && typeof options.key === 'string' ? [options.key] : []),
  };
}
