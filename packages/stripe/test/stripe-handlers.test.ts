import {
  createWebhookInbox,
  memoryInboxStore,
  memoryQueue,
  type WebhookHandlerContext,
} from '@int/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  generateTestHeader,
  type Stripe,
  type StripeWebhookEvent,
  stripeHandlers,
  stripeWebhookVerifier,
} from '../src/index.js';

const SECRET = 'whsec_handlers';

async function delivery(event: Record<string, unknown>) {
  const payload = JSON.stringify(event);
  const header = await generateTestHeader({ payload, secret: SECRET });
  return { payload, headers: { 'stripe-signature': header } };
}

describe('stripeHandlers', () => {
  it('types each handler’s event by its type, with no cast', () => {
    stripeHandlers({
      'payment_intent.succeeded': (event) => {
        expectTypeOf(event).toEqualTypeOf<StripeWebhookEvent<'payment_intent.succeeded'>>();
        expectTypeOf(event.payload.data.object).toEqualTypeOf<Stripe.PaymentIntent>();
        expectTypeOf(event.payload.type).toEqualTypeOf<'payment_intent.succeeded'>();
      },
      'charge.refunded': (event, context) => {
        expectTypeOf(event.payload.data.object).toEqualTypeOf<Stripe.Charge>();
        expectTypeOf(context).toEqualTypeOf<WebhookHandlerContext>();
      },
      'invoice.paid': (event) => {
        // A type this package does not describe: the loose event shape.
        expectTypeOf(event.payload.data.object).toMatchTypeOf<{ id?: string }>();
      },
      '*': (event) => {
        expectTypeOf(event.type).toEqualTypeOf<string>();
      },
    });
    stripeHandlers({
      // @ts-expect-error: a PaymentIntent event's object has no `amount_refunded`.
      'payment_intent.succeeded': (event) => event.payload.data.object.amount_refunded.toFixed(),
    });
  });

  it('runs in the inbox with the typed Stripe event and its shipping details', async () => {
    const seen: Array<{ order: string | undefined; city: string | null | undefined }> = [];
    const queue = memoryQueue();
    const inbox = createWebhookInbox({
      queue,
      store: memoryInboxStore(),
      verifiers: { stripe: stripeWebhookVerifier(SECRET) },
      handlers: {
        stripe: stripeHandlers({
          'payment_intent.succeeded': (event) => {
            const intent = event.payload.data.object;
            seen.push({ order: intent.metadata.order, city: intent.shipping?.address.city });
          },
        }),
      },
    });
    await inbox.start();
    const { payload, headers } = await delivery({
      id: 'evt_typed',
      object: 'event',
      type: 'payment_intent.succeeded',
      data: {
        object: {
          id: 'pi_1',
          object: 'payment_intent',
          metadata: { order: '42' },
          shipping: { name: 'Ada', address: { city: 'London' } },
        },
      },
    });
    expect((await inbox.receive('stripe', payload, headers)).status).toBe('accepted');
    await inbox.settled();
    expect(seen).toEqual([{ order: '42', city: 'London' }]);
  });
});
