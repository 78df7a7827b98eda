import { ApiError, BadRequestError, NotFoundError } from '@int/core';
import { describe, expect, it } from 'vitest';
import { CardError, IdempotencyError, type StripeEvent } from '../src/index.js';
import { setupFake } from './helpers.js';

const { mock, fake, client } = setupFake();

describe('payments against the fake', () => {
  it('create, confirm, capture, partial refund, full refund', async () => {
    const stripe = client();
    const customer = await stripe.customers.create({ email: 'ada@example.com' });
    const created = await stripe.paymentIntents.create({
      amount: 5000,
      currency: 'usd',
      customer: customer.id,
      capture_method: 'manual',
      metadata: { order: '42' },
    });
    expect(created).toMatchObject({
      status: 'requires_payment_method',
      amount: 5000,
      customer: customer.id,
    });

    const confirmed = await stripe.paymentIntents.confirm(created.id, {
      payment_method: 'pm_card_visa',
    });
    expect(confirmed).toMatchObject({ status: 'requires_capture', amount_capturable: 5000 });

    const captured = await stripe.paymentIntents.capture(created.id);
    expect(captured).toMatchObject({
      status: 'succeeded',
      amount_received: 5000,
      amount_capturable: 0,
    });
    const chargeId = String(captured.latest_charge);

    const partial = await stripe.refunds.create({ payment_intent: created.id, amount: 1500 });
    expect(partial).toMatchObject({ status: 'succeeded', amount: 1500, charge: chargeId });
    expect(await stripe.charges.retrieve(chargeId)).toMatchObject({
      amount_refunded: 1500,
      refunded: false,
    });

    const rest = await stripe.refunds.create({ payment_intent: created.id });
    expect(rest.amount).toBe(3500);
    expect(await stripe.charges.retrieve(chargeId)).toMatchObject({
      amount_refunded: 5000,
      refunded: true,
    });

    const again = await stripe.refunds
      .create({ payment_intent: created.id })
      .catch((error: unknown) => error);
    expect(BadRequestError.isInstance(again)).toBe(true);
    expect((again as ApiError).code).toBe('charge_already_refunded');

    const types = (await stripe.events.list({ limit: 100 })).data
      .map((event) => event.type)
      .reverse();
    expect(types).toEqual([
      'customer.created',
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.amount_capturable_updated',
      'charge.captured',
      'payment_intent.succeeded',
      'refund.created',
      'charge.refunded',
      'refund.created',
      'charge.refunded',
    ]);
    const refundList = await stripe.refunds.list({ payment_intent: created.id });
    expect(refundList.data.map((refund) => refund.amount)).toEqual([3500, 1500]);
  });

  it('a declined test card gives a CardError with declineCode', async () => {
    const stripe = client();
    const intent = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    const error = await stripe.paymentIntents
      .confirm(intent.id, { payment_method: 'pm_card_chargeDeclined' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CardError);
    expect(CardError.isInstance(error)).toBe(true);
    expect(ApiError.isInstance(error)).toBe(true);
    const card = error as CardError;
    expect(card).toMatchObject({
      status: 402,
      code: 'card_declined',
      declineCode: 'generic_decline',
      rawType: 'card_error',
      paymentIntentId: intent.id,
      retryable: false,
      attempts: 1,
    });
    expect(card.chargeId).toMatch(/^ch_/);
    expect(card.docUrl).toContain('card-declined');
    expect(card.requestId).toMatch(/^req_\d+$/);
    expect(card.message).toContain('Your card was declined.');
    expect(card.message).toContain(card.requestId);
    expect(mock.calls.filter((call) => call.url.pathname.endsWith('/confirm'))).toHaveLength(1);

    const after = await stripe.paymentIntents.retrieve(intent.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_payment_error?.decline_code).toBe('generic_decline');

    const insufficient = await stripe.paymentIntents
      .create({
        amount: 1000,
        currency: 'usd',
        payment_method: 'pm_card_chargeDeclinedInsufficientFunds',
        confirm: true,
      })
      .catch((caught: unknown) => caught);
    expect((insufficient as CardError).declineCode).toBe('insufficient_funds');
  });

  it('a replayed idempotency key gives the same object and one server-side effect', async () => {
    const stripe = client();
    const params = { amount: 2500, currency: 'eur', metadata: { order: '7' } };
    const first = await stripe.paymentIntents.create(params, { idempotencyKey: 'order-7' });
    const second = await stripe.paymentIntents.create(params, { idempotencyKey: 'order-7' });
    expect(second).toEqual(first);
    expect(fake.state.paymentIntents.size).toBe(1);
    expect(
      [...fake.state.events.values()].filter((event) => event.type === 'payment_intent.created'),
    ).toHaveLength(1);
    expect(mock.calls).toHaveLength(2);
  });

  it('a replay with different parameters gives IdempotencyError', async () => {
    const stripe = client();
    await stripe.paymentIntents.create(
      { amount: 2500, currency: 'eur' },
      { idempotencyKey: 'order-8' },
    );
    const error = await stripe.paymentIntents
      .create({ amount: 2600, currency: 'eur' }, { idempotencyKey: 'order-8' })
      .catch((caught: unknown) => caught);
    expect(IdempotencyError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, rawType: 'idempotency_error', retryable: false });
    expect(fake.state.paymentIntents.size).toBe(1);
  });

  it('a declined confirmation replays as the same card error', async () => {
    const stripe = client();
    const intent = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    const options = { idempotencyKey: 'confirm-1' };
    const first = await stripe.paymentIntents
      .confirm(intent.id, { payment_method: 'pm_card_chargeDeclined' }, options)
      .catch((e: unknown) => e);
    const second = await stripe.paymentIntents
      .confirm(intent.id, { payment_method: 'pm_card_chargeDeclined' }, options)
      .catch((e: unknown) => e);
    expect((second as CardError).chargeId).toBe((first as CardError).chargeId);
    expect(fake.state.charges.size).toBe(1);
  });

  it('cancels, and refuses what Stripe refuses', async () => {
    const stripe = client();
    const held = await stripe.paymentIntents.create({
      amount: 900,
      currency: 'usd',
      capture_method: 'manual',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const canceled = await stripe.paymentIntents.cancel(held.id, {
      cancellation_reason: 'abandoned',
    });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    const error = await stripe.paymentIntents.capture(held.id).catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 400,
      code: 'payment_intent_unexpected_state',
      details: { type: 'invalid_request_error' },
    });
    const missing = await stripe.paymentIntents.retrieve('pi_missing').catch((e: unknown) => e);
    expect(NotFoundError.isInstance(missing)).toBe(true);
    expect(missing).toMatchObject({ code: 'resource_missing', details: { param: 'id' } });
    const tooMuch = await stripe.refunds
      .create({ payment_intent: held.id, amount: 10 })
      .catch((e: unknown) => e);
    expect(tooMuch).toMatchObject({ status: 400, code: 'charge_not_refundable' });
  });

  it('partial capture leaves only the captured amount refundable', async () => {
    const stripe = client();
    const intent = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      capture_method: 'manual',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 600 });
    const error = await stripe.refunds
      .create({ payment_intent: intent.id, amount: 700 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'amount_too_large' });
    expect((await stripe.refunds.create({ payment_intent: intent.id })).amount).toBe(600);
  });

  it('requires_action for the authentication test card, then succeeds on a second confirm', async () => {
    const stripe = client();
    const intent = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      payment_method: 'pm_card_authenticationRequired',
      confirm: true,
    });
    expect(intent.status).toBe('requires_action');
    expect(intent.next_action?.type).toBe('use_stripe_sdk');
    expect((await stripe.paymentIntents.confirm(intent.id)).status).toBe('succeeded');
  });
});

describe('auth and errors in Stripe shape', () => {
  it('answers 401 for a live key, with a Request-Id', async () => {
    const stripe = client({ secretKey: 'sk_live_nope_12345678' });
    const error = await stripe.customers.create({}).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'AuthenticationError',
      status: 401,
      details: { type: 'invalid_request_error' },
      code: 'api_key_invalid',
    });
    expect((error as ApiError).requestId).toMatch(/^req_\d+$/);
    expect((error as ApiError).message).not.toContain('sk_live_nope_12345678');
  });
});

describe('pagination', () => {
  it('250 customers listed with limit 100 take 3 requests and yield 250 items once each', async () => {
    const stripe = client();
    for (let index = 0; index < 250; index += 1) {
      await stripe.customers.create({ email: `c${index}@example.com` });
    }
    mock.calls.length = 0;
    const seen: string[] = [];
    for await (const customer of stripe.customers.list({ limit: 100 })) seen.push(customer.id);
    expect(mock.calls).toHaveLength(3);
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect(mock.calls.map((call) => call.url.search)).toEqual([
      '?limit=100',
      `?limit=100&starting_after=${seen[99]}`,
      `?limit=100&starting_after=${seen[199]}`,
    ]);
  });

  it('awaiting gives the first page; toArray needs a limit and stops there', async () => {
    const stripe = client();
    for (let index = 0; index < 5; index += 1) await stripe.customers.create({ name: `n${index}` });
    mock.calls.length = 0;
    const page = await stripe.customers.list({ limit: 2 });
    expect(page).toMatchObject({ object: 'list', has_more: true, url: '/v1/customers' });
    expect(page.data).toHaveLength(2);
    const three = await stripe.customers.list({ limit: 2 }).toArray({ limit: 3 });
    expect(three.map((customer) => customer.name)).toEqual(['n4', 'n3', 'n2']);
    // @ts-expect-error limit is required
    await expect(stripe.customers.list().toArray({})).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });

  it('ending_before walks backwards', async () => {
    const stripe = client();
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) ids.push((await stripe.customers.create({})).id);
    // Lists are newest first; before the oldest lies nothing, before the newest lie all the others.
    const walked = await stripe.customers
      .list({ limit: 2, ending_before: ids[0] })
      .toArray({ limit: 10 });
    expect(walked.map((customer) => customer.id)).toEqual([ids[1], ids[2], ids[3], ids[4]]);
  });

  it('search pages with next_page and supports the documented subset', async () => {
    const stripe = client();
    for (let index = 0; index < 7; index += 1) {
      const intent = await stripe.paymentIntents.create({
        amount: 1000 + index,
        currency: 'usd',
        metadata: { batch: index % 2 ? 'odd' : 'even' },
      });
      if (index < 5)
        await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    }
    mock.calls.length = 0;
    const found = await stripe.paymentIntents
      .search({ query: "status:'succeeded' AND metadata['batch']:'even'", limit: 1 })
      .toArray({ limit: 100 });
    expect(found.map((intent) => intent.amount)).toEqual([1004, 1002, 1000]);
    expect(mock.calls.map((call) => new URL(call.url).searchParams.get('page'))).toEqual([
      null,
      'page_1',
      'page_2',
    ]);
    const big = await stripe.paymentIntents.search({ query: 'amount>1004' });
    expect(big.data.map((intent) => intent.amount)).toEqual([1006, 1005]);
    await stripe.customers.create({ email: 'Ada@Example.com', metadata: { tier: 'gold' } });
    const byEmail = await stripe.customers.search({
      query: "email:'ada@example.com' AND metadata['tier']:'gold'",
    });
    expect(byEmail.data).toHaveLength(1);
    const bad = await stripe.customers
      .search({ query: "email:'a' OR email:'b'" })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 400, details: { param: 'query' } });
  });
});

describe('events', () => {
  it('records an event per state change, retrievable and filterable', async () => {
    const stripe = client();
    const intent = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const succeeded = await stripe.events.list({ type: 'payment_intent.succeeded' });
    expect(succeeded.data).toHaveLength(1);
    const event = succeeded.data[0] as StripeEvent;
    expect(event.type === 'payment_intent.succeeded' && event.data.object.id).toBe(intent.id);
    expect(event.request?.idempotency_key).toMatch(/-/);
    expect(await stripe.events.retrieve(event.id)).toEqual(event);
    const charges = await stripe.events.list({ type: 'charge.*' });
    expect(charges.data.map((item) => item.type)).toEqual(['charge.succeeded']);
    const emitted = fake.emit('customer.updated', { id: 'cus_x', object: 'customer' });
    expect((await stripe.events.list({ limit: 1 })).data[0]?.id).toBe(emitted.id);
  });
});
