import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPkcePair, createState, pkceChallenge, ValidationError } from '../src/index.js';

describe('PKCE (RFC 7636)', () => {
  it('matches the Appendix B test vector', async () => {
    await expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).resolves.toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('creates a 43-character verifier and its S256 challenge', async () => {
    const pair = await createPkcePair();
    expect(pair.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pair.codeChallengeMethod).toBe('S256');
    expect(pair.codeChallenge).toBe(await pkceChallenge(pair.codeVerifier));
    expect((await createPkcePair()).codeVerifier).not.toBe(pair.codeVerifier);
  });

  it('refuses verifiers outside 43..128 unreserved characters', async () => {
    await expect(pkceChallenge('short')).rejects.toBeInstanceOf(ValidationError);
    await expect(pkceChallenge('a'.repeat(129))).rejects.toBeInstanceOf(ValidationError);
    await expect(pkceChallenge(`${'a'.repeat(42)}+`)).rejects.toBeInstanceOf(ValidationError);
  });

  it('challenges are base64url SHA-256 digests (43 chars, no padding)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[A-Za-z0-9\-._~]{43,128}$/), async (verifier) => {
        expect(await pkceChallenge(verifier)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      }),
      { numRuns: 50 },
    );
  });

  it('creates unguessable distinct states', () => {
    const states = new Set(Array.from({ length: 100 }, () => createState()));
    expect(states.size).toBe(100);
    for (const state of states) expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
