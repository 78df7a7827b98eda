import { ConfigurationError, ValidationError } from '@int/core';
import {
  type CallOutcome,
  FUZZ_ANYTHING,
  fuzzOutcomeProblem,
  fuzzSeed,
  settleCall,
} from '@int/core/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  constructEvent,
  createStripe,
  currencyExponent,
  fromMinorUnits,
  generateTestHeader,
  toMinorUnits,
} from '../src/index.js';
import { SECRET_KEY, setupFake } from './helpers.js';

const SEED = fuzzSeed(1129);
const { mock, client } = setupFake();

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => process.on('unhandledRejection', onUnhandled));
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

/** Any JavaScript value, including the ones JSON and form encoders trip on. */
const weird = fc.anything(FUZZ_ANYTHING);

/** Success or a typed error; a ValidationError means nothing went over the wire. */
function expectTyped(outcome: CallOutcome, sentBefore: number, label: string): void {
  const counts = { sentBefore, sentAfter: mock.calls.length };
  expect(fuzzOutcomeProblem(outcome, counts), label).toBeUndefined();
}

describe('inputs fuzzing found (regressions)', () => {
  it('typed errors, nothing sent: a BigInt in an id, a lone surrogate in an id or a query, odd values in messages', async () => {
    const stripe = client({ retry: { maxRetries: 0 } });
    const before = mock.calls.length;
    await expect(stripe.paymentIntents.cancel([0n] as never)).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(stripe.customers.retrieve('cus_\uD800')).rejects.toBeInstanceOf(ValidationError);
    await expect(stripe.events.list({ type: '\uDC00' } as never)).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(mock.calls.length).toBe(before);
    expect(() => fromMinorUnits(Object.create(null), 'usd')).toThrow(ValidationError);
    expect(() => currencyExponent({ code: 1n } as never)).toThrow(ValidationError);
    expect(() => createStripe(null as never)).toThrow(ConfigurationError);
    expect(() => createStripe({ timeoutMs: Object.create(null) })).toThrow(ConfigurationError);
  });

  it('constructEvent takes null options as none', async () => {
    const payload = JSON.stringify({ id: 'evt_1', object: 'event', type: 'customer.created' });
    const header = await generateTestHeader({ payload, secret: 'whsec_fuzz' });
    const event = await constructEvent(payload, header, 'whsec_fuzz', null as never);
    expect(event.id).toBe('evt_1');
  });
});

describe('fuzzing every @int/stripe method (fast-check)', () => {
  it('resource methods: success or a typed error, never a request with input that failed validation', async () => {
    const stripe = client({ retry: { maxRetries: 0 }, timeoutMs: 5_000 });
    const customer = await stripe.customers.create({ email: 'fuzz@example.com' });
    const intent = await stripe.paymentIntents.create({
      amount: 2000,
      currency: 'usd',
      customer: customer.id,
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const ids = [customer.id, intent.id, String(intent.latest_charge ?? 'ch_missing'), 'evt_1'];
    const id = fc.oneof(fc.constantFrom(...ids), fc.string({ maxLength: 20 }), weird);
    const nearValid = fc.record(
      {
        amount: fc.oneof(fc.integer({ min: -5, max: 10_000_000 }), fc.double(), weird),
        currency: fc.oneof(fc.constantFrom('usd', 'eur', 'jpy', 'kwd', 'isk', 'USD'), weird),
        customer: id,
        payment_intent: id,
        charge: id,
        payment_method: fc.oneof(fc.constantFrom('pm_card_visa', 'pm_card_chargeDeclined'), weird),
        metadata: fc.oneof(
          fc.dictionary(
            fc.string({ maxLength: 45 }),
            fc.oneof(fc.string({ maxLength: 8 }), weird),
            {
              maxKeys: 4,
            },
          ),
          weird,
        ),
        email: fc.oneof(fc.emailAddress(), weird),
        description: fc.oneof(fc.string({ maxLength: 30 }), weird),
        limit: fc.oneof(fc.integer({ min: -2, max: 120 }), weird),
        query: fc.oneof(
          fc.constantFrom("status:'succeeded'", "metadata['a']:'b'", 'email~"fuzz"', 'amount>1'),
          fc.string({ maxLength: 20 }),
        ),
        amount_to_capture: fc.oneof(fc.integer({ min: -1, max: 3000 }), weird),
        starting_after: id,
        expand: fc.oneof(fc.array(fc.constantFrom('customer', 'latest_charge')), weird),
        created: fc.oneof(fc.record({ gte: fc.integer(), lt: fc.integer() }), weird),
      },
      { requiredKeys: [] },
    );
    const params = fc.oneof(fc.constant(undefined), nearValid, weird);
    const options = fc.oneof(
      fc.constant(undefined),
      weird,
      fc.record(
        {
          idempotencyKey: fc.oneof(fc.string({ maxLength: 300 }), weird),
          maxRetries: fc.oneof(fc.constant(0), weird),
          timeoutMs: fc.oneof(fc.constant(5_000), weird),
          stripeAccount: fc.oneof(fc.constant('acct_1'), weird),
          apiVersion: fc.oneof(fc.constant('2026-10-28.endive'), weird),
        },
        { requiredKeys: [] },
      ),
    );
    const args = fc.oneof(
      fc.tuple(params, options),
      fc.tuple(id, params, options),
      fc.array(weird, { maxLength: 3 }),
    );

    const resources = ['paymentIntents', 'customers', 'refunds', 'charges', 'events'] as const;
    const methods: Array<[string, (...input: unknown[]) => unknown]> = [];
    for (const resource of resources) {
      const target = stripe[resource] as unknown as Record<string, unknown>;
      for (const [name, method] of Object.entries(target)) {
        if (typeof method === 'function') {
          methods.push([`${resource}.${name}`, (...input) => method.apply(target, input)]);
        }
      }
    }
    expect(methods.length).toBeGreaterThanOrEqual(24);

    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methods), args, async ([label, method], input) => {
        const before = mock.calls.length;
        const outcome = await settleCall(() => method(...input));
        expectTyped(outcome, before, label);
      }),
      { seed: SEED, numRuns: 600 },
    );
    expect(unhandled).toEqual([]);
  });

  it('createStripe options: a ConfigurationError at construction or a typed error at the call', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          weird,
          fc.record(
            {
              secretKey: fc.oneof(fc.constant(SECRET_KEY), weird),
              apiVersion: weird,
              stripeAccount: weird,
              baseURL: fc.oneof(fc.constant('https://api.stripe.com'), fc.webUrl(), weird),
              timeoutMs: weird,
              retry: fc.oneof(
                fc.record({ maxRetries: weird, baseDelayMs: weird }, { requiredKeys: [] }),
                weird,
              ),
            },
            { requiredKeys: [] },
          ),
        ),
        async (options) => {
          const before = mock.calls.length;
          const outcome = await settleCall(() =>
            createStripe(options as never).customers.retrieve('cus_missing', undefined, {
              maxRetries: 0,
            }),
          );
          expectTyped(outcome, before, 'createStripe');
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
    expect(unhandled).toEqual([]);
  });

  it('money helpers and webhooks: a value or a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom('usd', 'jpy', 'kwd', 'isk'), weird),
        fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 12 }), weird),
        async (currency, amount) => {
          for (const [label, run] of [
            ['currencyExponent', () => currencyExponent(currency as string)],
            ['toMinorUnits', () => toMinorUnits(amount as number, currency as string)],
            ['fromMinorUnits', () => fromMinorUnits(amount as number, currency as string)],
          ] as const) {
            expectTyped(await settleCall(run), mock.calls.length, label);
          }
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(weird, weird, weird, weird, async (body, header, secret, options) => {
        expectTyped(
          await settleCall(() =>
            constructEvent(body as never, header as never, secret as never, options as never),
          ),
          mock.calls.length,
          'constructEvent',
        );
        expectTyped(
          await settleCall(() => generateTestHeader(body as never)),
          mock.calls.length,
          'generateTestHeader',
        );
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(unhandled).toEqual([]);
  });
});
