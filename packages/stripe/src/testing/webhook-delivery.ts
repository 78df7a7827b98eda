import type { StripeEvent } from '../stripe-events.js';
import { generateTestHeader } from '../stripe-webhooks.js';

/** Where the fake delivers events, signed like Stripe does. */
export interface WebhookEndpoint {
  /** Your app's webhook URL, e.g. `http://127.0.0.1:3000/webhooks/stripe`. */
  url: string;
  /** The endpoint secret your app verifies with (`whsec_...`). */
  secret: string;
  /** Default: the global `fetch` at delivery time. */
  fetch?: typeof fetch | undefined;
}

export interface WebhookDelivery {
  eventId: string;
  type: string;
  url: string;
  /** The HTTP status your endpoint answered, when it answered. */
  status?: number;
  /** Why the delivery failed to reach the endpoint. */
  error?: string;
}

export function createWebhookDelivery(
  currentEndpoint: () => WebhookEndpoint | undefined,
  deliveries: WebhookDelivery[],
  now: () => number,
) {
  // One chain keeps deliveries in event order.
  let chain: Promise<void> = Promise.resolve();
  return {
    deliver(event: StripeEvent): void {
      // Read per event, so an endpoint set after the fake was made applies from then on.
      const endpoint = currentEndpoint();
      if (!endpoint) return;
      chain = chain.then(async () => {
        const entry: WebhookDelivery = { eventId: event.id, type: event.type, url: endpoint.url };
        deliveries.push(entry);
        try {
          const payload = JSON.stringify(event, null, 2);
          const signature = await generateTestHeader({
            payload,
            secret: endpoint.secret,
            timestamp: Math.floor(now() / 1000),
          });
          const send = endpoint.fetch ?? globalThis.fetch;
          const response = await send(endpoint.url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json; charset=utf-8',
              'stripe-signature': signature,
              'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
            },
            body: payload,
          });
          entry.status = response.status;
          await response.arrayBuffer().catch(() => undefined);
        } catch (error) {
          entry.error = (error as Error)?.message ?? String(error);
        }
      });
    },
    flush(): Promise<void> {
      return chain;
    },
  };
}
