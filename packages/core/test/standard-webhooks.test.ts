import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, WebhookVerificationError } from '../src/errors.js';
import { createTestClock } from '../src/testing/index.js';
import { signStandardWebhook, verifyStandardWebhook } from '../src/webhooks/standard-webhooks.js';

// The fixture every Standard Webhooks reference library tests.
const fixture = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  payload: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const clock = createTestClock({ now: fixture.timestamp * 1000 });
const now = clock.now;
const headers = {
  'webhook-id': fixture.id,
  'webhook-timestamp': String(fixture.timestamp),
  'webhook-signature': fixture.signature,
};

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (WebhookVerificationError.isInstance(error)) return error.reason;
    throw error;
  }
  return 'accepted';
}

describe('verifyStandardWebhook', () => {
  it('verifies the reference fixture', async () => {
    const verified = await verifyStandardWebhook({
      payload: fixture.payload,
      headers,
      secret: fixture.secret,
      now,
    });
    expect(verified).toEqual({
      id: fixture.id,
      timestamp: fixture.timestamp,
      payload: fixture.payload,
    });
  });

  it('signs the reference fixture to the published signature', async () => {
    const signed = await signStandardWebhook({
      id: fixture.id,
      timestamp: fixture.timestamp,
      payload: fixture.payload,
      secret: fixture.secret,
    });
    expect(signed).toEqual(headers);
  });

  it('accepts bytes, a Headers object, and any valid entry among several signatures', async () => {
    const webHeaders = new Headers({
      ...headers,
      'webhook-signature': `v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v1a,ZWQyNTUxOQ== ${fixture.signature}`,
    });
    const bytes = new TextEncoder().encode(fixture.payload);
    await expect(
      verifyStandardWebhook({ payload: bytes, headers: webHeaders, secret: fixture.secret, now }),
    ).resolves.toMatchObject({ id: fixture.id });
    // Node-style headers: any case, the secret without its prefix.
    await expect(
      verifyStandardWebhook({
        payload: Buffer.from(fixture.payload),
        headers: {
          'Webhook-Id': fixture.id,
          'WEBHOOK-TIMESTAMP': headers['webhook-timestamp'],
          'webhook-signature': fixture.signature,
        },
        secret: fixture.secret.slice('whsec_'.length),
        now,
      }),
    ).resolves.toMatchObject({ id: fixture.id });
  });

  it('checks the tolerance in both directions, 300 s by default', async () => {
    const at = (seconds: number) => createTestClock({ now: (fixture.timestamp + seconds) * 1000 });
    const verify = (seconds: number, toleranceSeconds?: number) =>
      reasonOf(
        verifyStandardWebhook({
          payload: fixture.payload,
          headers,
          secret: fixture.secret,
          now: at(seconds).now,
          toleranceSeconds,
        }),
      );
    expect(await verify(300)).toBe('accepted');
    expect(await verify(301)).toBe('timestamp_too_old');
    expect(await verify(-300)).toBe('accepted');
    expect(await verify(-301)).toBe('timestamp_too_new');
    expect(await verify(61, 60)).toBe('timestamp_too_old');
    expect(await verify(-61, 60)).toBe('timestamp_too_new');
  });

  it('produces every rejection reason', async () => {
    const base = { payload: fixture.payload, headers, secret: fixture.secret, now };
    const { 'webhook-signature': _dropped, ...withoutSignature } = headers;
    expect(await reasonOf(verifyStandardWebhook({ ...base, headers: withoutSignature }))).toBe(
      'missing_header',
    );
    expect(
      await reasonOf(
        verifyStandardWebhook({
          ...base,
          headers: { ...headers, 'webhook-timestamp': 'yesterday' },
        }),
      ),
    ).toBe('malformed_header');
    expect(
      await reasonOf(
        verifyStandardWebhook({ ...base, headers: { ...headers, 'webhook-signature': 'nocomma' } }),
      ),
    ).toBe('malformed_header');
    expect(
      await reasonOf(verifyStandardWebhook({ ...base, payload: '{"test": 2432232315}' })),
    ).toBe('no_matching_signature');
    expect(
      await reasonOf(
        verifyStandardWebhook({
          ...base,
          headers: { ...headers, 'webhook-timestamp': '1614264000' },
        }),
      ),
    ).toBe('timestamp_too_old');
    expect(
      await reasonOf(
        verifyStandardWebhook({
          ...base,
          headers: { ...headers, 'webhook-timestamp': '1614266000' },
        }),
      ),
    ).toBe('timestamp_too_new');
    expect(await reasonOf(verifyStandardWebhook({ ...base, secret: '' }))).toBe('missing_secret');
    expect(
      await reasonOf(
        verifyStandardWebhook({ ...base, payload: JSON.parse(fixture.payload) as string }),
      ),
    ).toBe('payload_not_raw');
  });

  it('explains how to get the raw body, and never echoes the payload or secret', async () => {
    const error = await verifyStandardWebhook({
      payload: { test: 2432232314 } as unknown as string,
      headers,
      secret: fixture.secret,
      now,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect((error as Error).message).toContain('express.raw({ type: "application/json" })');
    expect((error as Error).message).toContain('await request.text()');
    const failures = await Promise.all([
      verifyStandardWebhook({
        payload: '{"test": 1}',
        headers,
        secret: fixture.secret,
        now,
      }).catch((caught: Error) => caught),
      verifyStandardWebhook({
        payload: fixture.payload,
        headers,
        secret: fixture.secret,
        now: createTestClock().now,
      }).catch((caught: Error) => caught),
    ]);
    for (const failure of failures as Error[]) {
      expect(failure.message).not.toContain('2432232314');
      expect(failure.message).not.toContain('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
      expect(failure.message).not.toContain('g0hM9SsE');
    }
  });

  it('refuses non-canonical base64 that a lenient decoder maps to the same bytes', async () => {
    // `E` -> `F` only flips padding bits; unpadded decodes the same too.
    for (const signature of [
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OF=',
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE',
    ]) {
      const result = await reasonOf(
        verifyStandardWebhook({
          payload: fixture.payload,
          headers: { ...headers, 'webhook-signature': signature },
          secret: fixture.secret,
          now,
        }),
      );
      expect(result).toBe('no_matching_signature');
    }
  });

  it('reports an undecodable secret as a configuration error', async () => {
    await expect(
      verifyStandardWebhook({
        payload: fixture.payload,
        headers,
        secret: 'whsec_not*base64',
        now,
      }),
    ).rejects.toBeInstanceOf(ConfigurationError);
  });
});

describe('verifyStandardWebhook under random mutation (property)', () => {
  const verify = (payload: string | Uint8Array, id: string, timestamp: string, signature: string) =>
    verifyStandardWebhook({
      payload,
      headers: { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature },
      secret: fixture.secret,
      now,
    });

  // Accepted only if unchanged; any throw must be a WebhookVerificationError.
  async function expectRejected(run: Promise<unknown>) {
    const outcome = await run.then(
      () => 'accepted',
      (error: unknown) => (WebhookVerificationError.isInstance(error) ? 'rejected' : error),
    );
    expect(outcome).toBe('rejected');
  }

  const payloadBytes = new TextEncoder().encode(fixture.payload);

  it('rejects any changed payload byte', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: payloadBytes.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (index, xor) => {
          const mutated = payloadBytes.slice();
          mutated[index] = (mutated[index] ?? 0) ^ xor;
          await expectRejected(
            verify(mutated, fixture.id, String(fixture.timestamp), fixture.signature),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects any other payload, id or timestamp', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 64 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.integer({ min: -400, max: 400 }),
        fc.integer({ min: 0, max: 2 }),
        async (payload, id, shift, which) => {
          const args: [string, string, string] = [
            fixture.payload,
            fixture.id,
            String(fixture.timestamp),
          ];
          if (which === 0) {
            fc.pre(payload !== fixture.payload);
            args[0] = payload;
          } else if (which === 1) {
            fc.pre(id !== fixture.id);
            args[1] = id;
          } else {
            fc.pre(shift !== 0);
            args[2] = String(fixture.timestamp + shift);
          }
          await expectRejected(verify(args[0], args[1], args[2], fixture.signature));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects any mutated signature header', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: fixture.signature.length - 1 }),
        fc.string({ minLength: 0, maxLength: 3 }),
        fc.integer({ min: 0, max: 3 }),
        async (index, insert, deleteCount) => {
          const signature =
            fixture.signature.slice(0, index) +
            insert +
            fixture.signature.slice(index + deleteCount);
          // Only whitespace padding around the whole header leaves the same signature.
          fc.pre(signature.trim() !== fixture.signature);
          await expectRejected(
            verify(fixture.payload, fixture.id, String(fixture.timestamp), signature),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('throws nothing but WebhookVerificationError for arbitrary headers and bodies', async () => {
    const headerValue = fc.option(fc.string({ maxLength: 80 }), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.uint8Array(), fc.anything()),
        headerValue,
        headerValue,
        headerValue,
        async (payload, id, timestamp, signature) => {
          const result = await verifyStandardWebhook({
            payload: payload as string,
            headers: {
              'webhook-id': id,
              'webhook-timestamp': timestamp,
              'webhook-signature': signature,
            },
            secret: fixture.secret,
            now,
          }).then(
            () => 'accepted',
            (error: unknown) => (WebhookVerificationError.isInstance(error) ? 'rejected' : error),
          );
          expect(result).toBe('rejected');
        },
      ),
      { numRuns: 300 },
    );
  });
});
