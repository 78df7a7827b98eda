import type { FakeWebhookAttempt, FakeWebhookEndpoint } from '@int/core/testing';
import type { StripeEvent } from '../stripe-events.js';
import { generateTestHeader } from '../stripe-webhooks.js';

/** Where the fake delivers events, signed like Stripe does; `secret` is the endpoint's `whsec_...`. */
export type WebhookEndpoint = FakeWebhookEndpoint;

export interface WebhookDelivery extends FakeWebhookAttempt {
  eventId: string;
  type: string;
}

/** The request Stripe sends for one event: its JSON, signed in `Stripe-Signature` at the fake's time. */
export async function stripeWebhookRequest(
  event: StripeEvent,
  endpoint: WebhookEndpoint,
  nowSeconds: number,
) {
  const body = JSON.stringify(event, null, 2);
  const signature = await generateTestHeader({
    payload: body,
    secret: endpoint.secret,
    timestamp: nowSeconds,
  });
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    'stripe-signature': signature,
    'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
  };
  return { headers, body };
}
