import { readFileSync } from 'node:fs';
import { createMockServer, createTestClock } from '@int/core/testing';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import {
  CardError,
  constructEvent,
  createStripe,
  generateTestHeader,
  type Stripe,
} from '../src/index.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../__fixtures__/${name}`, import.meta.url), 'utf8');

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

const stripe = createStripe({ secretKey: 'sk_test_fixtures', clock: createTestClock() });

it("reads Stripe's documented PaymentIntent, extra fields kept", async () => {
  mock.route('GET', 'https://api.stripe.com/v1/payment_intents/pi_3MtwBwLkdIwHu7ix28a3tqPa', {
    body: fixture('payment-intent.json'),
  });
  const intent = await stripe.paymentIntents.retrieve('pi_3MtwBwLkdIwHu7ix28a3tqPa');
  expect(intent).toMatchObject({ amount: 2000, status: 'requires_payment_method' });
  expect(intent.payment_method_options).toBeDefined();
});

it("maps Stripe's documented decline body to a CardError", async () => {
  mock.route(
    'POST',
    'https://api.stripe.com/v1/payment_intents/pi_3MtwBwLkdIwHu7ix28a3tqPa/confirm',
    {
      status: 402,
      body: fixture('card-declined-error.json'),
      headers: { 'request-id': 'req_xyz123' },
    },
  );
  const error = await stripe.paymentIntents
    .confirm('pi_3MtwBwLkdIwHu7ix28a3tqPa', { payment_method: 'pm_card_visa' })
    .catch((caught: unknown) => caught);
  expect(CardError.isInstance(error)).toBe(true);
  expect(error).toMatchObject({
    code: 'card_declined',
    declineCode: 'insufficient_funds',
    chargeId: 'ch_3MtwBwLkdIwHu7ix2hD2lMbn',
    paymentIntentId: 'pi_3MtwBwLkdIwHu7ix28a3tqPa',
    docUrl: 'https://stripe.com/docs/error-codes/card-declined',
    requestId: 'req_xyz123',
    attempts: 1,
  });
});

it('verifies and types a documented payment_intent.succeeded event', async () => {
  const body = fixture('event-payment-intent-succeeded.json');
  const header = await generateTestHeader({
    payload: body,
    secret: 'whsec_fixture',
    timestamp: 1680800510,
  });
  const event = await constructEvent(body, header, 'whsec_fixture', { now: () => 1680800510_000 });
  if (event.type !== 'payment_intent.succeeded') throw new Error(`unexpected ${event.type}`);
  const intent: Stripe.PaymentIntent = event.data.object;
  expect(intent.amount_received).toBe(2000);
  expect(intent.metadata.order).toBe('42');
});
