import type { PagePromise } from '@int/core';
import { expectTypeOf, it } from 'vitest';
import type { Stripe, StripeEvent } from '../src/index.js';
import { createStripe } from '../src/index.js';

it('exposes Stripe-named types and typed results', () => {
  const stripe = createStripe({ secretKey: 'sk_test_types' });
  expectTypeOf(stripe.paymentIntents.create).returns.resolves.toEqualTypeOf<Stripe.PaymentIntent>();
  expectTypeOf(stripe.customers.list).returns.toEqualTypeOf<
    PagePromise<Stripe.ListResult<Stripe.Customer>, Stripe.Customer>
  >();
  expectTypeOf<Stripe.Event>().toEqualTypeOf<StripeEvent>();
  type Succeeded = Extract<Stripe.Event, { type: 'payment_intent.succeeded' }>;
  expectTypeOf<Succeeded['data']['object']>().toEqualTypeOf<Stripe.PaymentIntent>();
  type Refunded = Extract<Stripe.Event, { type: 'charge.refunded' }>;
  expectTypeOf<Refunded['data']['object']>().toEqualTypeOf<Stripe.Charge>();
  // Unknown response fields pass through.
  expectTypeOf<Stripe.Customer['some_future_field']>().toEqualTypeOf<unknown>();
});
