import { encodeForm } from '@int/core';
import type { RecordedCall } from '@int/core/testing';
import { describe, expect, it } from 'vitest';
import { DEFAULT_API_VERSION, type Stripe } from '../src/index.js';
import { SECRET_KEY, setupFake } from './helpers.js';

const { mock, client } = setupFake();

const VECTOR_INPUT = {
  email: 'a@b.c',
  metadata: { order: '1', 'k k': 'v&v' },
  expand: ['x', 'y'],
  items: [{ price: 'p1', quantity: 2 }],
  trial_end: new Date(1700000000000),
  description: null,
};
const VECTOR_OUTPUT =
  'email=a%40b.c&metadata[order]=1&metadata[k%20k]=v%26v&expand[0]=x&expand[1]=y&items[0][price]=p1&items[0][quantity]=2&trial_end=1700000000&description=';

/** Stripe's escaping: encodeURIComponent plus ! ' ( ) * (as stripe-node sends them). */
const stripeEscape = (text: string) =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function expectHeaders(call: RecordedCall, method: 'GET' | 'POST' | 'DELETE') {
  expect(call.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
  expect(call.headers['stripe-version']).toBe(DEFAULT_API_VERSION);
  expect(call.headers['user-agent']).toMatch(/^int-stripe\/0\.1\.0 int-core\/\d+\.\d+\.\d+/);
  expect(call.headers.accept).toBe('application/json');
  expect(call.headers['stripe-account']).toBeUndefined();
  if (method === 'POST') {
    expect(call.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(call.headers['idempotency-key']).toMatch(UUID);
  } else {
    expect(call.headers['idempotency-key']).toBeUndefined();
    expect(call.body).toBe('');
  }
}

/** The last call's method, path (with query) and body. */
function lastCall() {
  const call = mock.calls.at(-1)!;
  return { call, line: `${call.method} ${call.url.pathname}${call.url.search}`, body: call.body };
}

async function seed(stripe: Stripe) {
  const customer = await stripe.customers.create({ email: 'seed@example.com' });
  const manual = await stripe.paymentIntents.create({
    amount: 5000,
    currency: 'usd',
    capture_method: 'manual',
    payment_method: 'pm_card_visa',
    confirm: true,
  });
  const paid = await stripe.paymentIntents.create({
    amount: 2000,
    currency: 'usd',
    payment_method: 'pm_card_visa',
    confirm: true,
  });
  const refund = await stripe.refunds.create({ payment_intent: paid.id, amount: 500 });
  const events = await stripe.events.list({ limit: 1 });
  return { customer, manual, paid, refund, event: events.data[0]! };
}

describe('the encoding vector', () => {
  it("core's encodeForm matches stripe-node byte for byte", () => {
    expect(encodeForm(VECTOR_INPUT)).toBe(VECTOR_OUTPUT);
  });

  it('goes over the wire byte for byte as the body of a POST', async () => {
    const stripe = client();
    await stripe.customers.create(VECTOR_INPUT);
    expect(lastCall().body).toBe(VECTOR_OUTPUT);
  });

  it('goes into the query of a GET with indexed arrays', async () => {
    const stripe = client();
    await stripe.customers.list({ limit: 3, expand: ['data.x', 'data.y'], created: { gte: 1 } });
    expect(lastCall().line).toBe(
      '/v1/customers?limit=3&expand[0]=data.x&expand[1]=data.y&created[gte]=1'.replace(/^/, 'GET '),
    );
  });
});

describe('every method: method, path, headers, exact body', () => {
  it('paymentIntents', async () => {
    const stripe = client();
    const { manual, customer } = await seed(stripe);
    const cases: Array<[() => Promise<unknown>, string, string]> = [
      [
        () =>
          stripe.paymentIntents.create({
            amount: 1999,
            currency: 'usd',
            customer: customer.id,
            metadata: { order: '42' },
            payment_method_types: ['card'],
          }),
        'POST /v1/payment_intents',
        `amount=1999&currency=usd&customer=${customer.id}&metadata[order]=42&payment_method_types[0]=card`,
      ],
      [() => stripe.paymentIntents.retrieve(manual.id), `GET /v1/payment_intents/${manual.id}`, ''],
      [
        () => stripe.paymentIntents.retrieve(manual.id, { expand: ['latest_charge'] }),
        `GET /v1/payment_intents/${manual.id}?expand[0]=latest_charge`,
        '',
      ],
      [
        () =>
          stripe.paymentIntents.update(manual.id, {
            description: 'Order 42',
            metadata: { order: '' },
          }),
        `POST /v1/payment_intents/${manual.id}`,
        'description=Order%2042&metadata[order]=',
      ],
      [
        () => stripe.paymentIntents.capture(manual.id, { amount_to_capture: 4000 }),
        `POST /v1/payment_intents/${manual.id}/capture`,
        'amount_to_capture=4000',
      ],
      [
        () => stripe.paymentIntents.list({ limit: 2, customer: customer.id }),
        `GET /v1/payment_intents?limit=2&customer=${customer.id}`,
        '',
      ],
      [
        () =>
          stripe.paymentIntents.search({
            query: "status:'succeeded' AND metadata['order']:'42'",
            limit: 5,
          }),
        `GET /v1/payment_intents/search?query=${stripeEscape("status:'succeeded' AND metadata['order']:'42'")}&limit=5`,
        '',
      ],
    ];
    for (const [run, line, body] of cases) {
      await run();
      const last = lastCall();
      expect(last.line).toBe(line);
      expect(last.body).toBe(body);
      expectHeaders(last.call, last.call.method as 'GET' | 'POST');
    }
    const fresh = await stripe.paymentIntents.create({ amount: 100, currency: 'eur' });
    await stripe.paymentIntents.confirm(fresh.id, {
      payment_method: 'pm_card_visa',
      return_url: 'https://shop.test/done?x=1',
    });
    expect(lastCall().line).toBe(`POST /v1/payment_intents/${fresh.id}/confirm`);
    expect(lastCall().body).toBe(
      'payment_method=pm_card_visa&return_url=https%3A%2F%2Fshop.test%2Fdone%3Fx%3D1',
    );
    const other = await stripe.paymentIntents.create({ amount: 100, currency: 'eur' });
    await stripe.paymentIntents.cancel(other.id, { cancellation_reason: 'requested_by_customer' });
    expect(lastCall().line).toBe(`POST /v1/payment_intents/${other.id}/cancel`);
    expect(lastCall().body).toBe('cancellation_reason=requested_by_customer');
    expectHeaders(lastCall().call, 'POST');
    // A POST without params still sends the form content type and a key.
    const third = await stripe.paymentIntents.create({ amount: 100, currency: 'eur' });
    await stripe.paymentIntents.cancel(third.id);
    expect(lastCall().body).toBe('');
    expectHeaders(lastCall().call, 'POST');
  });

  it('customers', async () => {
    const stripe = client();
    const created = await stripe.customers.create({
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      metadata: { plan: 'pro' },
    });
    let last = lastCall();
    expect(last.line).toBe('POST /v1/customers');
    expect(last.body).toBe('email=ada%40example.com&name=Ada%20Lovelace&metadata[plan]=pro');
    expectHeaders(last.call, 'POST');

    await stripe.customers.retrieve(created.id);
    last = lastCall();
    expect(last.line).toBe(`GET /v1/customers/${created.id}`);
    expectHeaders(last.call, 'GET');

    await stripe.customers.update(created.id, {
      phone: '+1 555 0100',
      address: { city: 'London', country: 'GB' },
    });
    last = lastCall();
    expect(last.line).toBe(`POST /v1/customers/${created.id}`);
    expect(last.body).toBe('phone=%2B1%20555%200100&address[city]=London&address[country]=GB');
    expectHeaders(last.call, 'POST');

    await stripe.customers.list({ email: 'ada@example.com', limit: 1 });
    last = lastCall();
    expect(last.line).toBe('GET /v1/customers?email=ada%40example.com&limit=1');
    expectHeaders(last.call, 'GET');

    await stripe.customers.search({ query: "email:'ada@example.com'" });
    last = lastCall();
    expect(last.line).toBe(
      `GET /v1/customers/search?query=${stripeEscape("email:'ada@example.com'")}`,
    );
    expectHeaders(last.call, 'GET');

    const deleted = await stripe.customers.del(created.id);
    last = lastCall();
    expect(last.line).toBe(`DELETE /v1/customers/${created.id}`);
    expectHeaders(last.call, 'DELETE');
    expect(deleted).toEqual({ id: created.id, object: 'customer', deleted: true });
  });

  it('refunds', async () => {
    const stripe = client();
    const { paid, refund } = await seed(stripe);
    const created = await stripe.refunds.create({
      payment_intent: paid.id,
      amount: 300,
      reason: 'requested_by_customer',
      metadata: { ticket: 'T-1' },
    });
    let last = lastCall();
    expect(last.line).toBe('POST /v1/refunds');
    expect(last.body).toBe(
      `payment_intent=${paid.id}&amount=300&reason=requested_by_customer&metadata[ticket]=T-1`,
    );
    expectHeaders(last.call, 'POST');

    await stripe.refunds.retrieve(created.id);
    last = lastCall();
    expect(last.line).toBe(`GET /v1/refunds/${created.id}`);
    expectHeaders(last.call, 'GET');

    await stripe.refunds.update(created.id, { metadata: { ticket: 'T-2' } });
    last = lastCall();
    expect(last.line).toBe(`POST /v1/refunds/${created.id}`);
    expect(last.body).toBe('metadata[ticket]=T-2');
    expectHeaders(last.call, 'POST');

    await stripe.refunds.list({ payment_intent: paid.id, limit: 10 });
    last = lastCall();
    expect(last.line).toBe(`GET /v1/refunds?payment_intent=${paid.id}&limit=10`);
    expectHeaders(last.call, 'GET');

    // Only a refund in requires_action can be canceled; the wire format is what is checked here.
    await expect(stripe.refunds.cancel(refund.id)).rejects.toMatchObject({ status: 400 });
    last = lastCall();
    expect(last.line).toBe(`POST /v1/refunds/${refund.id}/cancel`);
    expect(last.body).toBe('');
    expectHeaders(last.call, 'POST');
  });

  it('charges', async () => {
    const stripe = client();
    const { manual } = await seed(stripe);
    const chargeId = String(manual.latest_charge);
    await stripe.charges.retrieve(chargeId);
    let last = lastCall();
    expect(last.line).toBe(`GET /v1/charges/${chargeId}`);
    expectHeaders(last.call, 'GET');

    await stripe.charges.list({ payment_intent: manual.id });
    last = lastCall();
    expect(last.line).toBe(`GET /v1/charges?payment_intent=${manual.id}`);
    expectHeaders(last.call, 'GET');

    const captured = await stripe.charges.capture(chargeId, { amount: 2500 });
    last = lastCall();
    expect(last.line).toBe(`POST /v1/charges/${chargeId}/capture`);
    expect(last.body).toBe('amount=2500');
    expectHeaders(last.call, 'POST');
    expect(captured).toMatchObject({ captured: true, amount_captured: 2500 });
  });

  it('events', async () => {
    const stripe = client();
    const { event } = await seed(stripe);
    await stripe.events.retrieve(event.id);
    let last = lastCall();
    expect(last.line).toBe(`GET /v1/events/${event.id}`);
    expectHeaders(last.call, 'GET');

    await stripe.events.list({ type: 'payment_intent.*', limit: 3 });
    last = lastCall();
    expect(last.line).toBe('GET /v1/events?type=payment_intent.*&limit=3');
    expectHeaders(last.call, 'GET');
  });
});

describe('per-call options', () => {
  it('sends Stripe-Account, Stripe-Version and the given Idempotency-Key', async () => {
    const stripe = client({ stripeAccount: 'acct_client' });
    await stripe.customers.create({ email: 'x@example.com' });
    expect(lastCall().call.headers['stripe-account']).toBe('acct_client');
    await stripe.customers.create(
      { email: 'y@example.com' },
      { stripeAccount: 'acct_call', apiVersion: '2025-01-27.acacia', idempotencyKey: 'order-42' },
    );
    const { call } = lastCall();
    expect(call.headers['stripe-account']).toBe('acct_call');
    expect(call.headers['stripe-version']).toBe('2025-01-27.acacia');
    expect(call.headers['idempotency-key']).toBe('order-42');
  });

  it('generates a different key per call', async () => {
    const stripe = client();
    await stripe.customers.create({});
    await stripe.customers.create({});
    const [first, second] = mock.calls.map((call) => call.headers['idempotency-key']);
    expect(first).toMatch(UUID);
    expect(second).toMatch(UUID);
    expect(first).not.toBe(second);
  });

  it('refuses a key longer than 255 characters before sending', async () => {
    const stripe = client();
    await expect(
      stripe.customers.create({}, { idempotencyKey: 'k'.repeat(256) }),
    ).rejects.toMatchObject({
      name: 'ValidationError',
    });
    await stripe.customers.create({}, { idempotencyKey: 'k'.repeat(255) });
    expect(mock.calls).toHaveLength(1);
  });

  it('escapes ids in paths', async () => {
    const stripe = client();
    await expect(stripe.customers.retrieve('cus x?y')).rejects.toMatchObject({ status: 404 });
    expect(lastCall().call.url.pathname).toBe('/v1/customers/cus%20x%3Fy');
    await expect(stripe.customers.retrieve('../charges')).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });
});
