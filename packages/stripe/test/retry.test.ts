import { AbortError, ConnectionError, RateLimitError, ServerError, TimeoutError } from '@int/core';
import { createMockServer, createTestClock, startLocalServer } from '@int/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CardError, createStripe, STRIPE_RETRY_STATUSES } from '../src/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

const URL_PI = 'https://api.stripe.com/v1/payment_intents';
const OK = { json: { id: 'pi_1', object: 'payment_intent' } };
const errorBody = (type: string, message: string, extra: Record<string, unknown> = {}) => ({
  json: { error: { type, message, ...extra } },
});

function stripeWith(clock = createTestClock()) {
  return { clock, stripe: createStripe({ secretKey: 'sk_test_retry', clock }) };
}
const create = (stripe: ReturnType<typeof createStripe>, options = {}) =>
  stripe.paymentIntents.create({ amount: 100, currency: 'usd' }, options);

describe('retries', () => {
  it('retries 500 with the same Idempotency-Key on every attempt, then gives up after 2 retries', async () => {
    mock.route('POST', URL_PI, {
      status: 500,
      ...errorBody('api_error', 'boom'),
      headers: { 'request-id': 'req_500' },
    });
    const { stripe, clock } = stripeWith();
    const error = await create(stripe).catch((e: unknown) => e);
    expect(ServerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      attempts: 3,
      requestId: 'req_500',
      details: { type: 'api_error' },
    });
    const keys = mock.calls.map((call) => call.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(clock.sleeps).toHaveLength(2);
    // Full jitter: no floor, within the exponential ceiling.
    expect(clock.sleeps[0]).toBeLessThan(500);
    expect(clock.sleeps[1]).toBeLessThan(1000);
  });

  it('retries 409, and Stripe-Should-Retry decides over the status both ways', async () => {
    mock.route('POST', URL_PI, [
      { status: 409, ...errorBody('invalid_request_error', 'lock') },
      OK,
    ]);
    const { stripe } = stripeWith();
    await create(stripe);
    expect(mock.calls).toHaveLength(2);

    mock.reset();
    mock.route('POST', URL_PI, {
      status: 503,
      headers: { 'stripe-should-retry': 'false' },
      ...errorBody('api_error', 'no'),
    });
    expect(await create(stripe).catch((e: unknown) => e)).toMatchObject({
      status: 503,
      attempts: 1,
    });

    mock.reset();
    mock.route('POST', URL_PI, [
      {
        status: 400,
        headers: { 'stripe-should-retry': 'true' },
        ...errorBody('invalid_request_error', 'lock_timeout', { code: 'lock_timeout' }),
      },
      OK,
    ]);
    await create(stripe);
    expect(mock.calls).toHaveLength(2);
  });

  it('retries 429 honouring Retry-After (stripe-node does not)', async () => {
    mock.route('POST', URL_PI, [
      {
        status: 429,
        headers: { 'retry-after': '3' },
        ...errorBody('invalid_request_error', 'Too many requests', { code: 'rate_limit' }),
      },
      OK,
    ]);
    const { stripe, clock } = stripeWith();
    await create(stripe);
    expect(mock.calls).toHaveLength(2);
    expect(clock.sleeps).toEqual([3000]);
  });

  it('a rate limit that persists is a RateLimitError with retryAfterMs', async () => {
    mock.route('GET', URL_PI, {
      status: 429,
      headers: { 'retry-after': '1' },
      ...errorBody('invalid_request_error', 'slow', { code: 'rate_limit' }),
    });
    const { stripe } = stripeWith();
    const error = await stripe.paymentIntents.list().catch((e: unknown) => e);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryAfterMs: 1000, attempts: 3, retryable: true });
  });

  it('a 400 with code rate_limit is a RateLimitError and is retried', async () => {
    mock.route('GET', URL_PI, [
      { status: 400, ...errorBody('invalid_request_error', 'slow', { code: 'rate_limit' }) },
      { json: { object: 'list', data: [], has_more: false } },
    ]);
    const { stripe } = stripeWith();
    await stripe.paymentIntents.list();
    expect(mock.calls).toHaveLength(2);
    mock.reset();
    mock.route('GET', URL_PI, {
      status: 400,
      ...errorBody('invalid_request_error', 'slow', { code: 'rate_limit' }),
    });
    expect(
      RateLimitError.isInstance(
        await stripe.paymentIntents.list({}, { maxRetries: 0 }).catch((e: unknown) => e),
      ),
    ).toBe(true);
  });

  it('never retries a card error, even when told to', async () => {
    mock.route('POST', URL_PI, {
      status: 402,
      headers: { 'stripe-should-retry': 'true' },
      ...errorBody('card_error', 'Your card was declined.', {
        code: 'card_declined',
        decline_code: 'do_not_honor',
        charge: 'ch_1',
        payment_intent: { id: 'pi_9' },
      }),
    });
    const { stripe } = stripeWith();
    const error = await create(stripe).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CardError);
    expect(error).toMatchObject({
      declineCode: 'do_not_honor',
      chargeId: 'ch_1',
      paymentIntentId: 'pi_9',
      attempts: 1,
    });
    expect(mock.calls).toHaveLength(1);
    expect(STRIPE_RETRY_STATUSES).not.toContain(402);
  });

  it('retries connection errors on a POST (it carries a key)', async () => {
    mock.route('POST', URL_PI, [{ error: 'network' }, OK]);
    const { stripe } = stripeWith();
    await create(stripe);
    expect(mock.calls).toHaveLength(2);
    expect(mock.calls[0]?.headers['idempotency-key']).toBe(
      mock.calls[1]?.headers['idempotency-key'],
    );
  });

  it('maxRetries per call', async () => {
    mock.route('POST', URL_PI, { status: 500, ...errorBody('api_error', 'boom') });
    const { stripe } = stripeWith();
    expect(await create(stripe, { maxRetries: 0 }).catch((e: unknown) => e)).toMatchObject({
      attempts: 1,
    });
    expect(mock.calls).toHaveLength(1);
    const tight = createStripe({
      secretKey: 'sk_test_x',
      clock: createTestClock(),
      retry: { maxRetries: 5 },
    });
    mock.calls.length = 0;
    await tight.paymentIntents.create({ amount: 1, currency: 'usd' }).catch(() => undefined);
    expect(mock.calls).toHaveLength(6);
  });
});

describe('cancellation and timeouts', () => {
  it('a signal cancels a call in flight (stripe-node has no signal)', async () => {
    const server = await startLocalServer(() => {
      /* never answers */
    });
    try {
      const stripe = createStripe({ secretKey: 'sk_test_x', baseURL: server.url });
      const controller = new AbortController();
      const pending = stripe.customers.retrieve('cus_1', undefined, { signal: controller.signal });
      while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort(new Error('user left'));
      const error = await pending.catch((e: unknown) => e);
      expect(AbortError.isInstance(error)).toBe(true);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('a signal cancels the wait before a retry', async () => {
    mock.route('GET', `${URL_PI}/pi_1`, { status: 503, headers: { 'retry-after': '30' } });
    const clock = createTestClock({ mode: 'manual' });
    const stripe = createStripe({ secretKey: 'sk_test_x', clock });
    const controller = new AbortController();
    const pending = stripe.paymentIntents.retrieve('pi_1', undefined, {
      signal: controller.signal,
    });
    while (clock.pending === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await expect(pending).rejects.toSatisfy((error) => AbortError.isInstance(error));
    expect(mock.calls).toHaveLength(1);
  });

  it('timeoutMs per call gives a TimeoutError, retried with the same key', async () => {
    const server = await startLocalServer((_request, response) => {
      if (server.requests.length < 2) return; // first attempt hangs
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ id: 'pi_2', object: 'payment_intent' }));
    });
    try {
      const stripe = createStripe({
        secretKey: 'sk_test_x',
        baseURL: server.url,
        clock: createTestClock(),
      });
      const result = await stripe.paymentIntents.create(
        { amount: 1, currency: 'usd' },
        { timeoutMs: 1_000 },
      );
      expect(result.id).toBe('pi_2');
      expect(server.requests).toHaveLength(2);
      expect(server.requests[0]?.headers['idempotency-key']).toBe(
        server.requests[1]?.headers['idempotency-key'],
      );
    } finally {
      await server.close();
    }
    const hanging = await startLocalServer(() => undefined);
    try {
      const stripe = createStripe({ secretKey: 'sk_test_x', baseURL: hanging.url });
      const error = await stripe.customers
        .retrieve('cus_1', undefined, { timeoutMs: 20, maxRetries: 0 })
        .catch((e: unknown) => e);
      expect(TimeoutError.isInstance(error)).toBe(true);
    } finally {
      await hanging.close();
    }
  });

  it('a refused connection is a ConnectionError after retries', async () => {
    const { unusedPort } = await import('@int/core/testing');
    const port = await unusedPort();
    const stripe = createStripe({
      secretKey: 'sk_test_x',
      baseURL: `http://127.0.0.1:${port}`,
      clock: createTestClock(),
    });
    const error = await stripe.customers.create({}).catch((e: unknown) => e);
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ attempts: 3 });
  });
});
