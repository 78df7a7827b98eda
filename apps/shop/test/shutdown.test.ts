import { afterEach, describe, expect, it } from 'vitest';
import { ORDER_BODY, postOrder, startTestShop, type TestShop, waitFor } from './helpers.js';

let running: TestShop | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('shutdown', () => {
  it('stops taking requests, answers the one in flight, then stops the queue and the stores', async () => {
    // The order's first Stripe call is held, so the request is in flight when shutdown starts.
    let held = 0;
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    running = await startTestShop({
      intercept: {
        stripe: async ({ request, respond }) => {
          if (new URL(request.url).pathname === '/v1/customers') {
            held += 1;
            await released;
          }
          return respond();
        },
      },
    });
    const { shop } = running;
    const inFlight = postOrder(shop.url, ORDER_BODY);
    await waitFor('the order request to wait on Stripe', () => held === 1);

    let closed = false;
    const closing = shop.close().then(() => {
      closed = true;
    });
    // A new request is not taken: the listener is closed (or a kept-alive socket gets a 503).
    const refused = await fetch(`${shop.url}/api/health`).then(
      (response) => response.status,
      (error: unknown) => (error as Error).name,
    );
    expect([503, 'TypeError']).toContain(refused);
    // The request in flight still has its store: nothing closed under it yet.
    expect(closed).toBe(false);
    expect(shop.context.orders.list()).toHaveLength(1);

    release();
    const answered = await inFlight;
    expect(answered.status).toBe(201);
    expect((answered.json.order as { status: string }).status).toBe('confirmed');
    await closing;
    expect(closed).toBe(true);
    // Then the stores went: the order store is closed.
    expect(() => shop.context.orders.list()).toThrow(/not open/);
    // A second close is the same shutdown, not a second one.
    await expect(shop.close()).resolves.toBeUndefined();
  });
});
