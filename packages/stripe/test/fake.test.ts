import { createMetrics, memoryRateLimiter, RateLimitError } from '@int/core';
import { describe, expect, it } from 'vitest';
import type { Stripe } from '../src/index.js';
import { createStripeFake } from '../src/testing/index.js';
import { SECRET_KEY, setupFake } from './helpers.js';

const { mock, fake, client } = setupFake();

async function raw(method: string, path: string, init: RequestInit = {}) {
  const response = await fetch(`https://api.stripe.com${path}`, {
    method,
    ...init,
    headers: { authorization: `Bearer ${SECRET_KEY}`, ...(init.headers as Record<string, string>) },
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as { error?: Record<string, unknown> },
  };
}

describe('the fake as a server', () => {
  it('checks auth: no key, a live key', async () => {
    const none = await fetch('https://api.stripe.com/v1/customers');
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { message: string } }).error.message).toContain(
      'did not provide an API key',
    );
    const live = await raw('GET', '/v1/customers', {
      headers: { authorization: 'Bearer sk_live_abcdefgh12345678' },
    });
    expect(live.status).toBe(401);
    expect(JSON.stringify(live.body)).not.toContain('sk_live_abcdefgh12345678');
    const basic = await raw('GET', '/v1/customers', {
      headers: { authorization: `Basic ${btoa(`${SECRET_KEY}:`)}` },
    });
    expect(basic.status).toBe(200);
  });

  it('accepts only the configured key when one is set', async () => {
    const strict = createStripeFake({
      secretKey: 'sk_test_only',
      baseURL: 'https://strict.stripe.test',
    });
    mock.use(...strict.handlers);
    const response = await fetch('https://strict.stripe.test/v1/customers', {
      headers: { authorization: `Bearer ${SECRET_KEY}` },
    });
    expect(response.status).toBe(401);
  });

  it('refuses JSON bodies, unknown routes and bad limits in Stripe shape with a Request-Id', async () => {
    const json = await raw('POST', '/v1/customers', {
      body: '{"email":"a@b.c"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(json.status).toBe(400);
    expect(json.body.error?.type).toBe('invalid_request_error');
    expect(json.headers.get('request-id')).toMatch(/^req_\d+$/);
    const unknown = await raw('GET', '/v1/subscriptions');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.message).toContain('Unrecognized request URL');
    const limit = await raw('GET', '/v1/customers?limit=101');
    expect(limit.status).toBe(400);
    expect(limit.body.error?.param).toBe('limit');
  });

  it('marks replays with Idempotent-Replayed', async () => {
    const init = {
      body: 'email=a%40b.c',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'k1' },
    };
    const first = await raw('POST', '/v1/customers', init);
    const second = await raw('POST', '/v1/customers', init);
    expect(second.body).toEqual(first.body);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(fake.state.customers.size).toBe(1);
  });
});

describe('customers in the fake', () => {
  it('updates merge metadata, deletes, and records events with previous attributes', async () => {
    const stripe = client();
    const customer = await stripe.customers.create({
      email: 'a@example.com',
      metadata: { a: '1', b: '2' },
    });
    const updated = await stripe.customers.update(customer.id, {
      email: 'b@example.com',
      metadata: { a: '', c: '3' },
    });
    expect(updated.metadata).toEqual({ b: '2', c: '3' });
    const [event] = (await stripe.events.list({ type: 'customer.updated' })).data;
    expect(event?.data.previous_attributes).toMatchObject({ email: 'a@example.com' });
    await stripe.customers.del(customer.id);
    expect(await stripe.customers.retrieve(customer.id)).toEqual({
      id: customer.id,
      object: 'customer',
      deleted: true,
    });
    await expect(stripe.customers.update(customer.id, { name: 'x' })).rejects.toMatchObject({
      status: 404,
    });
    expect((await stripe.customers.list()).data).toHaveLength(0);
    expect(
      (await stripe.events.list({ types: ['customer.created', 'customer.deleted'] })).data.map(
        (item) => item.type,
      ),
    ).toEqual(['customer.deleted', 'customer.created']);
  });

  it('filters payment intents and charges by customer', async () => {
    const stripe = client();
    const ada = await stripe.customers.create({ name: 'Ada' });
    const bob = await stripe.customers.create({ name: 'Bob' });
    await stripe.paymentIntents.create({
      amount: 100,
      currency: 'usd',
      customer: ada.id,
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    await stripe.paymentIntents.create({
      amount: 200,
      currency: 'usd',
      customer: bob.id,
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const intents = await stripe.paymentIntents.list({ customer: ada.id });
    expect(intents.data.map((intent: Stripe.PaymentIntent) => intent.amount)).toEqual([100]);
    const charges = await stripe.charges.list({ customer: bob.id });
    expect(charges.data.map((charge) => charge.amount)).toEqual([200]);
    await expect(
      stripe.paymentIntents.create({ amount: 1, currency: 'usd', customer: 'cus_nope' }),
    ).rejects.toMatchObject({ status: 404, details: { param: 'customer' } });
  });
});

describe('client options reach the pipeline', () => {
  it('records metrics per operation and goes through the rate limiter', async () => {
    const metrics = createMetrics();
    let acquired = 0;
    const limiter = memoryRateLimiter({ limit: 100, intervalMs: 1000 });
    const stripe = client({
      metrics,
      rateLimiter: {
        acquire: (key, options) => {
          acquired += 1;
          return limiter.acquire(key, options);
        },
      },
    });
    const customer = await stripe.customers.create({});
    await stripe.customers.retrieve(customer.id);
    await stripe.customers.retrieve('cus_missing').catch(() => undefined);
    expect(acquired).toBe(3);
    const operations = metrics
      .snapshot()
      .filter((stats) => stats.provider === 'stripe')
      .map((stats) => [stats.operation, stats.count]);
    expect(operations).toEqual(
      expect.arrayContaining([
        ['customers.create', 1],
        ['customers.retrieve', 2],
      ]),
    );
    expect(metrics.health('stripe').health).toBe('ok');
  });
});

describe('tracing', () => {
  it('one client span per attempt, named operation attributes, no secret', async () => {
    const spans: Array<{ name: string; attributes: Record<string, unknown> }> = [];
    const tracer = {
      startSpan(
        name: string,
        options?: { attributes?: Record<string, string | number | boolean> },
      ) {
        const span = { name, attributes: { ...options?.attributes } as Record<string, unknown> };
        spans.push(span);
        return {
          setAttribute: (key: string, value: unknown) => {
            span.attributes[key] = value;
          },
          setStatus: () => undefined,
          recordException: () => undefined,
          end: () => undefined,
        };
      },
    };
    const stripe = client({ tracer });
    await stripe.customers.create({ email: 'a@b.c' });
    expect(spans).toHaveLength(1);
    expect(spans[0]?.attributes).toMatchObject({
      'http.request.method': 'POST',
      'server.address': 'api.stripe.com',
      'int.provider': 'stripe',
      'int.operation': 'customers.create',
      'http.response.status_code': 200,
    });
    expect(JSON.stringify(spans)).not.toContain(SECRET_KEY);
  });
});

describe("faults and replays on core's fake toolkit", () => {
  it('fail() answers in Stripe shape; the client retries with the same key; clearFaults() ends it', async () => {
    const stripe = client();
    fake.fail({ path: '/v1/payment_intents', method: 'POST', status: 503 });
    const intent = await stripe.paymentIntents.create({ amount: 100, currency: 'usd' });
    expect(intent.status).toBe('requires_payment_method');
    const posts = mock.calls.filter((call) => call.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[1]?.headers['idempotency-key']).toBe(posts[0]?.headers['idempotency-key']);
    expect(fake.calls({ method: 'POST', path: '/v1/payment_intents' })).toBe(2);
    expect(fake.state.paymentIntents.size).toBe(1);

    fake.fail({ path: '/v1/customers', status: 429, code: 'rate_limit', times: Infinity });
    const limited = await stripe.customers
      .list(undefined, { maxRetries: 0 })
      .catch((error: unknown) => error);
    expect(RateLimitError.isInstance(limited)).toBe(true);
    expect(limited).toMatchObject({
      status: 429,
      code: 'rate_limit',
      details: { type: 'invalid_request_error' },
    });
    fake.clearFaults();
    expect((await stripe.customers.list()).data).toEqual([]);
  });

  it('keys are scoped per Stripe-Account, and a 4xx is not saved', async () => {
    const stripe = client();
    const params = { email: 'same@example.com' };
    const first = await stripe.customers.create(params, {
      idempotencyKey: 'k',
      stripeAccount: 'acct_a',
    });
    const other = await stripe.customers.create(params, {
      idempotencyKey: 'k',
      stripeAccount: 'acct_b',
    });
    expect(other.id).not.toBe(first.id);
    const bad = { amount: 100, currency: 'usd', customer: 'cus_nope' };
    await expect(
      stripe.paymentIntents.create(bad, { idempotencyKey: 'fix-me' }),
    ).rejects.toMatchObject({
      status: 404,
    });
    // A corrected request may reuse the key of a refused one.
    const fixed = await stripe.paymentIntents.create(
      { amount: 100, currency: 'usd', customer: first.id },
      { idempotencyKey: 'fix-me' },
    );
    expect(fixed.customer).toBe(first.id);
  });

  it('reset() forgets objects, events, faults and saved keys; ids start again', async () => {
    const stripe = client();
    const before = await stripe.customers.create({}, { idempotencyKey: 'again' });
    fake.fail({ status: 500, times: Infinity });
    fake.reset();
    expect(fake.state.customers.size).toBe(0);
    expect(fake.state.events.size).toBe(0);
    expect(fake.calls()).toBe(0);
    const after = await stripe.customers.create({ name: 'x' }, { idempotencyKey: 'again' });
    expect(after.id).toBe(before.id);
    expect(after.name).toBe('x');
  });
});
