/** Where a fake delivers its provider's events: your app's URL and the secret it verifies with. */
export interface FakeWebhookEndpoint {
  /** Your app's webhook URL, e.g. `http://127.0.0.1:3000/webhooks/acme`. */
  url: string;
  /** The secret your app verifies the signature with. */
  secret: string;
  /** Default: the global `fetch` at delivery time. */
  fetch?: typeof fetch | undefined;
}

/** One delivery attempt, as recorded; a provider adds the event's own fields. */
export interface FakeWebhookAttempt {
  url: string;
  /** The HTTP status your endpoint answered, when it answered. */
  status?: number | undefined;
  /** Why the delivery did not reach the endpoint. */
  error?: string | undefined;
}

export interface FakeWebhookDeliveryOptions<Event, Attempt extends FakeWebhookAttempt> {
  /** Where events go until `setEndpoint()` changes it. Default: nowhere. */
  endpoint?: FakeWebhookEndpoint | undefined;
  /** The record of one delivery, before it is sent (its `url` is where it goes). */
  attempt: (event: Event, endpoint: FakeWebhookEndpoint) => Attempt;
  /** The signed request, as the provider sends it. */
  request: (
    event: Event,
    endpoint: FakeWebhookEndpoint,
  ) => Promise<{ headers: Record<string, string>; body: string }>;
}

export interface FakeWebhookDelivery<Event, Attempt extends FakeWebhookAttempt> {
  /** Every delivery attempted, in order; a fake's `reset()` may empty it. */
  readonly attempts: Attempt[];
  endpoint(): FakeWebhookEndpoint | undefined;
  /** Where events are delivered from now on; `undefined` stops deliveries. */
  setEndpoint(endpoint: FakeWebhookEndpoint | undefined): void;
  /** Queues the event's delivery; nothing happens without an endpoint. */
  deliver(event: Event): void;
  /** Resolves when every delivery started so far has finished. */
  flush(): Promise<void>;
}

/**
 * Signed webhook deliveries from a fake to the app under test, one at a time in
 * event order. A failure to reach the app is recorded on the attempt, never thrown:
 * the fake's API answer does not depend on the app's webhook handler.
 */
export function createFakeWebhookDelivery<Event, Attempt extends FakeWebhookAttempt>(
  options: FakeWebhookDeliveryOptions<Event, Attempt>,
): FakeWebhookDelivery<Event, Attempt> {
  let current = options.endpoint;
  let chain: Promise<void> = Promise.resolve();
  const attempts: Attempt[] = [];
  return {
    attempts,
    endpoint: () => current,
    setEndpoint(endpoint) {
      current = endpoint;
    },
    deliver(event) {
      // Read per event, so an endpoint set after the fake was made applies from then on.
      const endpoint = current;
      if (!endpoint) return;
      chain = chain.then(async () => {
        const entry = options.attempt(event, endpoint);
        attempts.push(entry);
        try {
          const { headers, body } = await options.request(event, endpoint);
          const send = endpoint.fetch ?? globalThis.fetch;
          const response = await send(entry.url, { method: 'POST', headers, body });
          entry.status = response.status;
          await response.arrayBuffer().catch(() => undefined);
        } catch (error) {
          entry.error = (error as Error)?.message ?? String(error);
        }
      });
    },
    flush: () => chain,
  };
}
