/** How the sandbox redelivers a MercadoPago notification the shop did not take. */
export interface NotificationRetryOptions {
  /** Deliveries in all, the first included. Default 40. */
  attempts?: number | undefined;
  /** Wait before the first redelivery, doubled each time up to `maxDelayMs`. Default 250 ms. */
  delayMs?: number | undefined;
  /** Default 5 000 ms. */
  maxDelayMs?: number | undefined;
  /** Stops waiting and redelivering (the sandbox closing). */
  signal: AbortSignal;
}

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * A `fetch` for the MercadoPago fake's notification delivery that redelivers
 * until the endpoint answers 2xx, as MercadoPago does (it retries a
 * notification that was not acknowledged, on a schedule of its own): a shop
 * that was down when a Pix was paid gets the notification once it is back.
 * The sandbox compresses the schedule into seconds. Each redelivery sends the
 * same signed request, so it must arrive within the verifier's tolerance (300 s).
 */
export function retryingNotificationFetch(options: NotificationRetryOptions): typeof fetch {
  const attempts = options.attempts ?? 40;
  const firstDelay = options.delayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 5_000;
  return async (input, init) => {
    const body = typeof init?.body === 'string' ? init.body : undefined;
    let delay = firstDelay;
    let last: unknown;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      if (attempt > 1) {
        await wait(delay, options.signal);
        delay = Math.min(maxDelay, delay * 2);
      }
      if (options.signal.aborted) break;
      try {
        const response = await fetch(input, { ...init, ...(body ? { body } : {}) });
        if (response.ok || attempt === attempts) return response;
        await response.arrayBuffer().catch(() => undefined);
        last = new Error(`endpoint answered ${response.status}`);
      } catch (error) {
        last = error;
      }
    }
    throw last instanceof Error ? last : new Error('notification not delivered');
  };
}
