import { toBase64Url } from '../base64url.js';
import { ValidationError } from '../errors.js';
import * as platform from '../platform/platform.js';

/** A PKCE pair (RFC 7636): keep `codeVerifier` secret until the code exchange. */
export interface PkcePair {
  codeVerifier: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256';
}

// RFC 7636 §4.1: 43 to 128 characters from the unreserved set.
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

function randomToken(bytes: number): string {
  return toBase64Url(platform.randomBytes(bytes));
}

/** The S256 challenge of a verifier: base64url(SHA-256(ASCII(verifier))). */
export async function pkceChallenge(codeVerifier: string): Promise<string> {
  if (typeof codeVerifier !== 'string' || !VERIFIER.test(codeVerifier)) {
    throw new ValidationError([
      {
        path: ['codeVerifier'],
        message: 'must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636)',
      },
    ]);
  }
  return toBase64Url(await platform.hash('sha256', codeVerifier));
}

/** A fresh verifier (32 random bytes, 43 characters) and its S256 challenge. */
export async function createPkcePair(): Promise<PkcePair> {
  const codeVerifier = randomToken(32);
  return {
    codeVerifier,
    codeChallenge: await pkceChallenge(codeVerifier),
    codeChallengeMethod: 'S256',
  };
}

/** An unguessable `state` for the authorization request (32 random bytes, base64url). */
export function createState(): string {
  return randomToken(32);
}
