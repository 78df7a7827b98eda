import {
  computeHmac,
  ResponseTooLargeError,
  ValidationError,
  WebhookVerificationError,
} from '@int/core';
import { describe, expect, it } from 'vitest';
import { constructEvent, createStripe, generateTestHeader } from '../src/index.js';

// Issue 15: the outside review's findings on this package (points 6, 8, 9).

const SECRET = 'whsec_test_secret';
const T = 1_700_000_000;
const BODY = '{"id":"evt_1","object":"event","type":"payment_intent.succeeded"}';
const at = (seconds: number) => () => seconds * 1000;

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!WebhookVerificationError.isInstance(error)) return `not refused: ${String(error)}`;
  return error.reason;
}

describe('point 6: an id of "." or ".." never climbs the URL path', () => {
  const sent: string[] = [];
  const stripe = createStripe({
    secretKey: 'sk_test_review_0123456789',
    fetch: async (input, init) => {
      sent.push(`${init?.method} ${String(input)}`);
      return new Response('{}', { headers: { 'content-type': 'application/json' } });
    },
  });

  const calls: Array<[string, (id: string) => Promise<unknown>]> = [
    ['customers.del', (id) => stripe.customers.del(id)],
    ['customers.retrieve', (id) => stripe.customers.retrieve(id)],
    ['customers.update', (id) => stripe.customers.update(id, { name: 'x' })],
    ['paymentIntents.cancel', (id) => stripe.paymentIntents.cancel(id)],
    ['paymentIntents.confirm', (id) => stripe.paymentIntents.confirm(id)],
    ['paymentIntents.retrieve', (id) => stripe.paymentIntents.retrieve(id)],
    ['charges.retrieve', (id) => stripe.charges.retrieve(id)],
    ['refunds.retrieve', (id) => stripe.refunds.retrieve(id)],
    ['events.retrieve', (id) => stripe.events.retrieve(id)],
  ];

  for (const [name, call] of calls) {
    it(`${name}: '.', '..' and '' are a ValidationError and nothing is sent`, async () => {
      for (const id of ['..', '.', '']) {
        const error = await call(id).catch((caught: unknown) => caught);
        expect(ValidationError.isInstance(error)).toBe(true);
        expect((error as ValidationError).issues[0]?.path).toEqual(['id']);
      }
      expect(sent).toEqual([]);
    });
  }

  it('an ordinary id still goes out, encoded as one segment', async () => {
    await stripe.customers.del('cus_..1');
    expect(sent).toEqual([`DELETE https://api.stripe.com/v1/customers/cus_..1`]);
    sent.length = 0;
  });
});

describe('point 8: the time check fails closed', () => {
  it('now: () => epoch ms is the one convention; a non-finite now() is refused', async () => {
    const header = await generateTestHeader({ payload: BODY, secret: SECRET, timestamp: T });
    await expect(constructEvent(BODY, header, SECRET, { now: at(T) })).resolves.toMatchObject({
      id: 'evt_1',
    });
    for (const now of [
      () => Number.NaN,
      () => Number.POSITIVE_INFINITY,
      () => 'soon' as unknown as number,
      (T * 1000) as unknown as () => number,
    ]) {
      expect(await reasonOf(constructEvent(BODY, header, SECRET, { now }))).toBe('invalid_time');
    }
  });

  it('a stale signature is never let through by a NaN or infinite tolerance', async () => {
    const stale = await generateTestHeader({
      payload: BODY,
      secret: SECRET,
      timestamp: T - 86_400,
    });
    for (const toleranceSec of [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      -1,
      '300' as unknown as number,
    ]) {
      expect(
        await reasonOf(constructEvent(BODY, stale, SECRET, { now: at(T), toleranceSec })),
      ).toBe('invalid_time');
    }
  });

  it('a timestamp too long to be a finite number is refused', async () => {
    const digits = '9'.repeat(400);
    const signature = await computeHmac({ payload: `${digits}.${BODY}`, secret: SECRET });
    expect(
      await reasonOf(constructEvent(BODY, `t=${digits},v1=${signature}`, SECRET, { now: at(T) })),
    ).toBe('malformed_header');
  });
});

describe('point 9: the raw t text is what is signed and compared', () => {
  it('t=00<ts> does not verify against a signature over <ts>', async () => {
    const signature = await computeHmac({ payload: `${T}.${BODY}`, secret: SECRET });
    await expect(
      constructEvent(BODY, `t=${T},v1=${signature}`, SECRET, { now: at(T) }),
    ).resolves.toBeDefined();
    expect(
      await reasonOf(constructEvent(BODY, `t=00${T},v1=${signature}`, SECRET, { now: at(T) })),
    ).toBe('no_matching_signature');
  });

  it('a signature over the padded text verifies only with that text', async () => {
    const signature = await computeHmac({ payload: `00${T}.${BODY}`, secret: SECRET });
    await expect(
      constructEvent(BODY, `t=00${T},v1=${signature}`, SECRET, { now: at(T) }),
    ).resolves.toBeDefined();
    expect(
      await reasonOf(constructEvent(BODY, `t=${T},v1=${signature}`, SECRET, { now: at(T) })),
    ).toBe('no_matching_signature');
  });
});

describe('point 1: maxResponseBytes reaches core', () => {
  it('an answer past the limit is a ResponseTooLargeError, not retried', async () => {
    let calls = 0;
    const stripe = createStripe({
      secretKey: 'sk_test_review_0123456789',
      maxResponseBytes: 1024,
      fetch: async () => {
        calls += 1;
        return new Response(JSON.stringify({ id: 'cus_1', note: 'x'.repeat(4096) }), {
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    const error = await stripe.customers.retrieve('cus_1').catch((caught: unknown) => caught);
    expect(ResponseTooLargeError.isInstance(error)).toBe(true);
    expect((error as ResponseTooLargeError).limitBytes).toBe(1024);
    expect(calls).toBe(1);
  });
});
