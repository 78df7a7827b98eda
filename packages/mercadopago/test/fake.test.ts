import { BadRequestError, NotFoundError } from '@int/core';
import { describe, expect, it } from 'vitest';
import type { MercadoPago, PaymentStatus } from '../src/index.js';
import { TEST_CARD_HOLDERS } from '../src/testing/index.js';
import { START, setupFake } from './helpers.js';

const { mock, fake, client } = setupFake();

const card = (mercadoPago: MercadoPago, holder: string, extra: Record<string, unknown> = {}) =>
  mercadoPago.payments.create({
    transaction_amount: 100,
    payment_method_id: 'master',
    token: fake.cardToken(holder),
    payer: { email: 'buyer@example.com' },
    ...extra,
  });
const pix = (mercadoPago: MercadoPago, amount = 100) =>
  mercadoPago.payments.create({
    transaction_amount: amount,
    payment_method_id: 'pix',
    payer: { email: 'buyer@example.com', identification: { type: 'CPF', number: '12345678909' } },
  });

describe('payments: the sandbox state machine', () => {
  it('the cardholder name decides, as in the sandbox', async () => {
    const mercadoPago = client();
    for (const [holder, [status, detail]] of Object.entries(TEST_CARD_HOLDERS)) {
      const payment = await card(mercadoPago, holder);
      expect([holder, payment.status, payment.status_detail]).toEqual([holder, status, detail]);
      expect(payment.card?.cardholder?.name).toBe(holder);
    }
    expect((await card(mercadoPago, 'Maria Silva')).status).toBe('approved');
    expect((await card(mercadoPago, 'CONT', { binary_mode: true })).status).toBe('rejected');
    expect(fake.state.payments.size).toBe(Object.keys(TEST_CARD_HOLDERS).length + 2);
  });

  it('a card token is single-use; an unknown one is refused', async () => {
    const mercadoPago = client();
    const token = fake.cardToken();
    const body = { transaction_amount: 10, payment_method_id: 'master', payer: { email: 'a@b.c' } };
    await mercadoPago.payments.create({ ...body, token });
    const reused = await mercadoPago.payments
      .create({ ...body, token })
      .catch((error: unknown) => error);
    expect(BadRequestError.isInstance(reused)).toBe(true);
    expect((reused as BadRequestError).details).toMatchObject({ code: '2062' });
    const unknown = await mercadoPago.payments
      .create({ ...body, token: 'nope' })
      .catch((error: unknown) => error);
    expect((unknown as BadRequestError).details).toMatchObject({ code: '2006' });
  });

  it('Pix stays pending with its QR code until payPix', async () => {
    const mercadoPago = client();
    const payment = await pix(mercadoPago);
    expect(payment).toMatchObject({
      status: 'pending',
      status_detail: 'pending_waiting_transfer',
      payment_type_id: 'bank_transfer',
      date_created: new Date(START).toISOString(),
      point_of_interaction: { type: 'PIX' },
    });
    const qr = payment.point_of_interaction.transaction_data;
    expect(qr.qr_code).toMatch(/^000201.*br\.gov\.bcb\.pix/);
    expect(qr.qr_code_base64).toMatch(/^iVBOR/);
    expect(qr.ticket_url).toMatch(/^https:\/\//);
    expect((await mercadoPago.payments.get(payment.id)).status).toBe('pending');
    fake.payPix(payment.id);
    expect(await mercadoPago.payments.get(payment.id)).toMatchObject({
      status: 'approved',
      status_detail: 'accredited',
    });
    expect(() => fake.payPix(payment.id)).toThrow(/no pending Pix payment/);
  });

  it('authorize then capture (partial), and cancel only from a cancellable state', async () => {
    const mercadoPago = client();
    const authorized = await card(mercadoPago, 'APRO', { capture: false });
    expect(authorized).toMatchObject({
      status: 'authorized',
      status_detail: 'pending_capture',
      captured: false,
    });
    const tooMuch = await mercadoPago.payments
      .capture(authorized.id, { transaction_amount: 150 })
      .catch((error: unknown) => error);
    expect((tooMuch as BadRequestError).details).toMatchObject({ code: '2072' });
    const captured = await mercadoPago.payments.capture(authorized.id, { transaction_amount: 60 });
    expect(captured).toMatchObject({ status: 'approved', captured: true, transaction_amount: 60 });
    const late = await mercadoPago.payments.cancel(authorized.id).catch((error: unknown) => error);
    expect((late as BadRequestError).details).toMatchObject({ code: '2018' });
    const pending = await pix(mercadoPago);
    expect(await mercadoPago.payments.cancel(pending.id)).toMatchObject({
      status: 'cancelled',
      status_detail: 'by_collector',
    });
    const updated = await mercadoPago.payments.update(pending.id, { metadata: { order: '7' } });
    expect(updated.metadata).toEqual({ order: '7' });
  });

  it('search filters, sorts and pages; the kit walks every page', async () => {
    const mercadoPago = client();
    for (let index = 0; index < 7; index += 1) await pix(mercadoPago, 10 + index);
    await card(mercadoPago, 'OTHE');
    const first = await mercadoPago.payments.search({
      status: 'pending',
      limit: 3,
      sort: 'id',
      criteria: 'asc',
    });
    expect(first.paging).toEqual({ total: 7, limit: 3, offset: 0 });
    expect(first.results.map((payment) => payment.transaction_amount)).toEqual([10, 11, 12]);
    mock.calls.length = 0;
    const all = await mercadoPago.payments
      .search({ status: 'pending', limit: 3, sort: 'id', criteria: 'asc' })
      .toArray({ limit: 100 });
    expect(all.map((payment) => payment.transaction_amount)).toEqual([10, 11, 12, 13, 14, 15, 16]);
    expect(mock.calls.map((call) => call.url.searchParams.get('offset'))).toEqual([null, '3', '6']);
    const statuses: PaymentStatus[] = [];
    for await (const payment of mercadoPago.payments.search({ status: 'rejected' }))
      statuses.push(payment.status);
    expect(statuses).toEqual(['rejected']);
    const bad = await mercadoPago.payments
      .search({ sort: 'amount' as never })
      .catch((error: unknown) => error);
    expect((bad as BadRequestError).details).toMatchObject({ code: '1003' });
  });
});

describe('refunds, customers, cards, preferences', () => {
  it('partial then full refunds move the payment to partially_refunded then refunded', async () => {
    const mercadoPago = client();
    const payment = await card(mercadoPago, 'APRO');
    const partial = await mercadoPago.refunds.create(payment.id, { amount: 25.5 });
    expect(partial).toMatchObject({ payment_id: payment.id, amount: 25.5, status: 'approved' });
    expect(await mercadoPago.payments.get(payment.id)).toMatchObject({
      status: 'approved',
      status_detail: 'partially_refunded',
      transaction_amount_refunded: 25.5,
    });
    const rest = await mercadoPago.refunds.create(payment.id);
    expect(rest.amount).toBe(74.5);
    expect(await mercadoPago.payments.get(payment.id)).toMatchObject({
      status: 'refunded',
      transaction_amount_refunded: 100,
    });
    expect((await mercadoPago.refunds.list(payment.id)).map((refund) => refund.amount)).toEqual([
      25.5, 74.5,
    ]);
    expect(await mercadoPago.refunds.get(payment.id, partial.id)).toMatchObject({ id: partial.id });
    const again = await mercadoPago.refunds.create(payment.id).catch((error: unknown) => error);
    expect(BadRequestError.isInstance(again)).toBe(true);
    const pending = await pix(mercadoPago);
    expect(
      BadRequestError.isInstance(
        await mercadoPago.refunds.create(pending.id).catch((error: unknown) => error),
      ),
    ).toBe(true);
  });

  it('customers: create, duplicate email, search with paging, update, cards', async () => {
    const mercadoPago = client();
    const ana = await mercadoPago.customers.create({ email: 'ana@example.com', first_name: 'Ana' });
    const duplicate = await mercadoPago.customers
      .create({ email: 'ana@example.com' })
      .catch((error: unknown) => error);
    expect((duplicate as BadRequestError).details).toMatchObject({ code: '101' });
    await mercadoPago.customers.create({ email: 'bia@example.com' });
    expect(
      (await mercadoPago.customers.search({ email: 'ana@example.com' })).results.map(
        (item) => item.id,
      ),
    ).toEqual([ana.id]);
    expect(await mercadoPago.customers.search().toArray({ limit: 10 })).toHaveLength(2);
    expect(await mercadoPago.customers.update(ana.id, { last_name: 'Silva' })).toMatchObject({
      first_name: 'Ana',
      last_name: 'Silva',
    });
    const saved = await mercadoPago.customers.cards.create(ana.id, {
      token: fake.cardToken('APRO'),
    });
    expect(saved).toMatchObject({
      customer_id: ana.id,
      cardholder: { name: 'APRO' },
      last_four_digits: '6351',
    });
    expect(await mercadoPago.customers.cards.list(ana.id)).toHaveLength(1);
    expect((await mercadoPago.customers.get(ana.id)).cards).toHaveLength(1);
    expect(await mercadoPago.customers.cards.get(ana.id, saved.id)).toMatchObject({ id: saved.id });
    await mercadoPago.customers.cards.delete(ana.id, saved.id);
    expect(await mercadoPago.customers.cards.list(ana.id)).toEqual([]);
    expect(
      NotFoundError.isInstance(
        await mercadoPago.customers.cards.get(ana.id, saved.id).catch((error: unknown) => error),
      ),
    ).toBe(true);
    expect(
      NotFoundError.isInstance(
        await mercadoPago.customers.get('missing').catch((error: unknown) => error),
      ),
    ).toBe(true);
  });

  it('preferences: create with checkout URLs, get, update; payment methods list', async () => {
    const mercadoPago = client();
    const preference = await mercadoPago.preferences.create({
      items: [{ title: 'Order 42', quantity: 1, unit_price: 100 }],
    });
    expect(preference.init_point).toContain(`pref_id=${preference.id}`);
    expect(preference.sandbox_init_point).toContain('sandbox');
    await mercadoPago.preferences.update(preference.id, { external_reference: 'order-42' });
    expect(await mercadoPago.preferences.get(preference.id)).toMatchObject({
      external_reference: 'order-42',
    });
    const methods = await mercadoPago.paymentMethods.list();
    expect(methods.map((method) => method.id)).toContain('pix');
  });
});

describe('idempotency, auth, controls', () => {
  it('the same key and body replay the same payment; another body with the key is refused', async () => {
    const mercadoPago = client();
    const params = { transaction_amount: 10, payment_method_id: 'pix', payer: { email: 'a@b.c' } };
    const first = await mercadoPago.payments.create(params, { idempotencyKey: 'k-1' });
    const again = await mercadoPago.payments.create(params, { idempotencyKey: 'k-1' });
    expect(again.id).toBe(first.id);
    expect(fake.state.payments.size).toBe(1);
    const other = await mercadoPago.payments
      .create({ ...params, transaction_amount: 11 }, { idempotencyKey: 'k-1' })
      .catch((error: unknown) => error);
    expect(BadRequestError.isInstance(other)).toBe(true);
    expect(fake.state.payments.size).toBe(1);
  });

  it('a payment or refund without X-Idempotency-Key is refused by the fake', async () => {
    const response = await fetch('https://api.mercadopago.com/v1/payments', {
      method: 'POST',
      headers: { authorization: 'Bearer TEST-x', 'content-type': 'application/json' },
      body: JSON.stringify({
        transaction_amount: 1,
        payment_method_id: 'pix',
        payer: { email: 'a@b.c' },
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: 'bad_request',
      cause: [{ code: 'idempotency_key_required' }],
    });
  });

  it('records a notification per change, and reset forgets everything', async () => {
    const mercadoPago = client();
    const payment = await pix(mercadoPago);
    fake.payPix(payment.id);
    expect(fake.state.notifications.map((item) => [item.action, item.data?.id])).toEqual([
      ['payment.created', String(payment.id)],
      ['payment.updated', String(payment.id)],
    ]);
    expect(fake.calls({ method: 'POST', path: '/v1/payments' })).toBe(1);
    fake.reset();
    expect(fake.state.payments.size + fake.state.notifications.length + fake.calls()).toBe(0);
    expect((await pix(mercadoPago)).id).toBe(payment.id);
  });
});
