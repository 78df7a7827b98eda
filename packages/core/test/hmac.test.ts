import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WebhookVerificationError } from '../src/errors.js';
import { computeHmac, signHmac, verifyHmac } from '../src/webhooks/hmac.js';

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'accepted',
    (error: unknown) => {
      if (WebhookVerificationError.isInstance(error)) return error.reason;
      throw error;
    },
  );
}

describe('computeHmac / verifyHmac', () => {
  it('matches node:crypto for every algorithm and encoding (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary' }),
        fc.string({ minLength: 1 }),
        fc.constantFrom('sha256' as const, 'sha512' as const),
        fc.constantFrom('hex' as const, 'base64' as const),
        async (payload, secret, algorithm, encoding) => {
          const expected = createHmac(algorithm, secret).update(payload).digest(encoding);
          expect(await computeHmac({ payload, secret, algorithm, encoding })).toBe(expected);
          await verifyHmac({ payload, secret, algorithm, encoding, signature: expected });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('works on raw bytes and defaults to sha256 hex', async () => {
    const body = new Uint8Array([0, 255, 10, 13, 200]);
    const expected = createHmac('sha256', 'key').update(body).digest('hex');
    expect(await signHmac({ payload: body, secret: 'key' })).toBe(expected);
    expect(
      await computeHmac({ payload: body.buffer, secret: new TextEncoder().encode('key') }),
    ).toBe(expected);
    await verifyHmac({ payload: body, secret: 'key', signature: expected.toUpperCase() });
  });

  it('accepts any one of several signatures (rotation)', async () => {
    const good = await computeHmac({ payload: 'body', secret: 'new' });
    const old = await computeHmac({ payload: 'body', secret: 'old' });
    await verifyHmac({ payload: 'body', secret: 'new', signature: [old, good] });
  });

  it('gives a reason for every rejection, never echoing payload or secret', async () => {
    const signature = await computeHmac({ payload: 'the-body', secret: 'the-secret' });
    const base = { payload: 'the-body', secret: 'the-secret', signature };
    expect(await reasonOf(verifyHmac({ ...base, payload: 'the-bodY' }))).toBe(
      'no_matching_signature',
    );
    expect(await reasonOf(verifyHmac({ ...base, signature: '' }))).toBe('missing_header');
    expect(await reasonOf(verifyHmac({ ...base, signature: [] }))).toBe('missing_header');
    expect(await reasonOf(verifyHmac({ ...base, signature: 'zz-not-hex' }))).toBe(
      'malformed_header',
    );
    expect(await reasonOf(verifyHmac({ ...base, secret: '' }))).toBe('missing_secret');
    expect(await reasonOf(verifyHmac({ ...base, payload: { a: 1 } as unknown as string }))).toBe(
      'payload_not_raw',
    );
    const error = await verifyHmac({ ...base, payload: 'the-bodY' }).catch(
      (caught: Error) => caught,
    );
    expect(String(error)).not.toMatch(/the-body|the-secret|the-bodY/);
  });

  it('rejects a signature truncated or with one byte changed (property)', async () => {
    const signature = await computeHmac({
      payload: 'payload',
      secret: 'secret',
      encoding: 'base64',
    });
    const bytes = Buffer.from(signature, 'base64');
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: bytes.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (index, xor) => {
          const mutated = Buffer.from(bytes);
          mutated[index] = (mutated[index] ?? 0) ^ xor;
          const reason = await reasonOf(
            verifyHmac({
              payload: 'payload',
              secret: 'secret',
              encoding: 'base64',
              signature: mutated.toString('base64'),
            }),
          );
          expect(reason).toBe('no_matching_signature');
        },
      ),
    );
    const truncated = bytes.subarray(0, 16).toString('base64');
    expect(
      await reasonOf(
        verifyHmac({
          payload: 'payload',
          secret: 'secret',
          encoding: 'base64',
          signature: truncated,
        }),
      ),
    ).toBe('no_matching_signature');
  });
});
