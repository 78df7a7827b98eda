import { ValidationError } from '@int/core';
import type { RecordedCall } from '@int/core/testing';
import { describe, expect, it } from 'vitest';
import { identification, type MercadoPago } from '../src/index.js';
import { ACCESS_TOKEN, setupFake } from './helpers.js';

const { mock, fake, client } = setupFake();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** What went over the wire for the last call: `METHOD /path?query`, the raw body, the headers. */
function last(): { line: string; body: string; call: RecordedCall } {
  const call = mock.calls.at(-1)!;
  return { line: `${call.method} ${call.url.pathname}${call.url.search}`, body: call.body, call };
}

function expectHeaders(call: RecordedCall, keyed: boolean): void {
  expect(call.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
  expect(call.headers['user-agent']).toMatch(/^int-mercadopago\/0\.1\.0 int-core\/\d+\.\d+\.\d+/);
  expect(call.headers.accept).toBe('application/json');
  if (call.body !== '') expect(call.headers['content-type']).toBe('application/json');
  if (keyed) expect(call.headers['x-idempotency-key']).toMatch(UUID);
  else expect(call.headers['x-idempotency-key']).toBeUndefined();
}

type Case = [run: () => Promise<unknown>, line: string, body: string, keyed: boolean];

async function expectWire(cases: Case[]): Promise<void> {
  for (const [run, line, body, keyed] of cases) {
    await run();
    const sent = last();
    expect(sent.line).toBe(line);
    expect(sent.body).toBe(body);
    expectHeaders(sent.call, keyed);
  }
}

async function approvedPayment(mercadoPago: MercadoPago, amount = 100) {
  return mercadoPago.payments.create({
    transaction_amount: amount,
    payment_method_id: 'master',
    token: fake.cardToken('APRO'),
    installments: 1,
    payer: { email: 'buyer@example.com' },
  });
}

describe('every method: method, path, query, headers, exact JSON body', () => {
  it('payments', async () => {
    const mercadoPago = client();
    const token = fake.cardToken('APRO');
    const authorizeToken = fake.cardToken('APRO');
    const pixBody =
      '{"transaction_amount":100,"payment_method_id":"pix","description":"Order 42","payer":{"email":"buyer@example.com","identification":{"type":"CPF","number":"12345678909"}}}';
    await expectWire([
      [
        () =>
          mercadoPago.payments.create({
            transaction_amount: 100,
            payment_method_id: 'pix',
            description: 'Order 42',
            payer: {
              email: 'buyer@example.com',
              identification: identification('CPF', '123.456.789-09'),
            },
          }),
        'POST /v1/payments',
        pixBody,
        true,
      ],
      [
        () =>
          mercadoPago.payments.create({
            transaction_amount: 58.8,
            payment_method_id: 'master',
            token,
            installments: 1,
            payer: { email: 'buyer@example.com' },
            metadata: { order: '42' },
          }),
        'POST /v1/payments',
        `{"transaction_amount":58.8,"payment_method_id":"master","token":"${token}","installments":1,"payer":{"email":"buyer@example.com"},"metadata":{"order":"42"}}`,
        true,
      ],
      [
        () =>
          mercadoPago.payments.create({
            transaction_amount: 80,
            payment_method_id: 'master',
            token: authorizeToken,
            capture: false,
            payer: { email: 'buyer@example.com' },
          }),
        'POST /v1/payments',
        `{"transaction_amount":80,"payment_method_id":"master","token":"${authorizeToken}","capture":false,"payer":{"email":"buyer@example.com"}}`,
        true,
      ],
      [() => mercadoPago.payments.get(1000000001), 'GET /v1/payments/1000000001', '', false],
      [
        () => mercadoPago.payments.update(1000000001, { external_reference: 'order-42' }),
        'PUT /v1/payments/1000000001',
        '{"external_reference":"order-42"}',
        false,
      ],
      [
        () => mercadoPago.payments.cancel(1000000001),
        'PUT /v1/payments/1000000001',
        '{"status":"cancelled"}',
        true,
      ],
      [
        () => mercadoPago.payments.capture(1000000003, { transaction_amount: 50 }),
        'PUT /v1/payments/1000000003',
        '{"capture":true,"transaction_amount":50}',
        true,
      ],
      [
        () =>
          mercadoPago.payments.search({
            status: 'approved',
            sort: 'date_created',
            criteria: 'desc',
            limit: 2,
            offset: 0,
          }),
        'GET /v1/payments/search?status=approved&sort=date_created&criteria=desc&limit=2&offset=0',
        '',
        false,
      ],
    ]);
  });

  it('payments.capture without an amount sends { capture: true }', async () => {
    const mercadoPago = client();
    const authorized = await mercadoPago.payments.create({
      transaction_amount: 80,
      payment_method_id: 'master',
      token: fake.cardToken(),
      capture: false,
      payer: { email: 'buyer@example.com' },
    });
    await expectWire([
      [
        () => mercadoPago.payments.capture(authorized.id),
        `PUT /v1/payments/${authorized.id}`,
        '{"capture":true}',
        true,
      ],
    ]);
  });

  it('refunds', async () => {
    const mercadoPago = client();
    const payment = await approvedPayment(mercadoPago);
    const path = `/v1/payments/${payment.id}/refunds`;
    await expectWire([
      [
        () => mercadoPago.refunds.create(payment.id, { amount: 25.5 }),
        `POST ${path}`,
        '{"amount":25.5}',
        true,
      ],
      [() => mercadoPago.refunds.create(payment.id), `POST ${path}`, '{}', true],
      [() => mercadoPago.refunds.list(payment.id), `GET ${path}`, '', false],
      [() => mercadoPago.refunds.get(payment.id, 2000000001), `GET ${path}/2000000001`, '', false],
    ]);
  });

  it('customers and their cards', async () => {
    const mercadoPago = client();
    const token = fake.cardToken('APRO');
    await expectWire([
      [
        () =>
          mercadoPago.customers.create({
            email: 'ana@example.com',
            first_name: 'Ana',
            identification: { type: 'CPF', number: '12345678909' },
          }),
        'POST /v1/customers',
        '{"email":"ana@example.com","first_name":"Ana","identification":{"type":"CPF","number":"12345678909"}}',
        true,
      ],
      [
        () => mercadoPago.customers.get('1000001-fake'),
        'GET /v1/customers/1000001-fake',
        '',
        false,
      ],
      [
        () => mercadoPago.customers.update('1000001-fake', { last_name: 'Silva' }),
        'PUT /v1/customers/1000001-fake',
        '{"last_name":"Silva"}',
        false,
      ],
      [
        () => mercadoPago.customers.search({ email: 'ana@example.com', limit: 10 }),
        'GET /v1/customers/search?email=ana%40example.com&limit=10',
        '',
        false,
      ],
      [
        () => mercadoPago.customers.cards.create('1000001-fake', { token }),
        'POST /v1/customers/1000001-fake/cards',
        `{"token":"${token}"}`,
        true,
      ],
      [
        () => mercadoPago.customers.cards.list('1000001-fake'),
        'GET /v1/customers/1000001-fake/cards',
        '',
        false,
      ],
      [
        () => mercadoPago.customers.cards.get('1000001-fake', '9000000001'),
        'GET /v1/customers/1000001-fake/cards/9000000001',
        '',
        false,
      ],
      [
        () => mercadoPago.customers.cards.delete('1000001-fake', '9000000001'),
        'DELETE /v1/customers/1000001-fake/cards/9000000001',
        '',
        false,
      ],
    ]);
  });

  it('preferences and payment methods', async () => {
    const mercadoPago = client();
    const item = { title: 'T-shirt', quantity: 2, unit_price: 49.9, currency_id: 'BRL' as const };
    const created = await mercadoPago.preferences.create({
      items: [item],
      back_urls: { success: 'https://shop.example/ok' },
      auto_return: 'approved',
      external_reference: 'order-42',
    });
    expect(last().line).toBe('POST /checkout/preferences');
    expect(last().body).toBe(
      '{"items":[{"title":"T-shirt","quantity":2,"unit_price":49.9,"currency_id":"BRL"}],"back_urls":{"success":"https://shop.example/ok"},"auto_return":"approved","external_reference":"order-42"}',
    );
    expectHeaders(last().call, true);
    expect(created.init_point).toContain(created.id);
    await expectWire([
      [
        () => mercadoPago.preferences.get(created.id),
        `GET /checkout/preferences/${created.id}`,
        '',
        false,
      ],
      [
        () => mercadoPago.preferences.update(created.id, { external_reference: 'order-43' }),
        `PUT /checkout/preferences/${created.id}`,
        '{"external_reference":"order-43"}',
        false,
      ],
      [() => mercadoPago.paymentMethods.list(), 'GET /v1/payment_methods', '', false],
    ]);
  });

  it('ids are one encoded path segment', async () => {
    const mercadoPago = client();
    await mercadoPago.customers.get('a b/ü').catch(() => undefined);
    expect(mock.calls).toHaveLength(0);
    await mercadoPago.customers.get('a b?ü').catch(() => undefined);
    expect(last().call.url.pathname).toBe('/v1/customers/a%20b%3F%C3%BC');
  });
});

describe('X-Idempotency-Key', () => {
  it('a given key is sent as is, and the same key on every retry of a create', async () => {
    const mercadoPago = client();
    fake.fail({ path: '/v1/payments', method: 'POST', status: 503 });
    await approvedPayment(mercadoPago).catch(() => undefined);
    const keys = mock.calls.map((call) => call.headers['x-idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(UUID);
    expect(keys[1]).toBe(keys[0]);
    await mercadoPago.payments.create(
      {
        transaction_amount: 10,
        payment_method_id: 'pix',
        payer: { email: 'buyer@example.com' },
      },
      { idempotencyKey: 'order-42-payment' },
    );
    expect(last().call.headers['x-idempotency-key']).toBe('order-42-payment');
  });

  it('two creates get two keys; a retried capture keeps its key and is replayed, not refused', async () => {
    const mercadoPago = client();
    await approvedPayment(mercadoPago);
    await approvedPayment(mercadoPago);
    const [first, second] = mock.calls.map((call) => call.headers['x-idempotency-key']);
    expect(first).not.toBe(second);
    mock.calls.length = 0;
    const authorized = await mercadoPago.payments.create({
      transaction_amount: 80,
      payment_method_id: 'master',
      token: fake.cardToken(),
      capture: false,
      payer: { email: 'buyer@example.com' },
    });
    // The capture happens, then its answer is lost: the retry must not see "already captured".
    fake.fail({ path: `/v1/payments/${authorized.id}`, method: 'PUT', error: 'network' });
    mock.calls.length = 0;
    const captured = await mercadoPago.payments.capture(authorized.id);
    expect(captured.status).toBe('approved');
    const keys = mock.calls.map((call) => call.headers['x-idempotency-key']);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys).size).toBe(1);
  });
});

describe('bad input is a ValidationError before anything is sent', () => {
  it('payments.create', async () => {
    const mercadoPago = client();
    const cases: Array<[unknown, string[]]> = [
      [{}, ['transaction_amount', 'payment_method_id', 'payer']],
      [
        { transaction_amount: 10.005, payment_method_id: 'pix', payer: { email: 'a@b.c' } },
        ['transaction_amount'],
      ],
      [
        { transaction_amount: 0, payment_method_id: 'pix', payer: { email: 'a@b.c' } },
        ['transaction_amount'],
      ],
      [
        { transaction_amount: '10', payment_method_id: 'pix', payer: { email: 'a@b.c' } },
        ['transaction_amount'],
      ],
      [
        { transaction_amount: 10, payment_method_id: '', payer: {} },
        ['payment_method_id', 'payer.email'],
      ],
      [
        {
          transaction_amount: 10,
          payment_method_id: 'pix',
          payer: { email: 'a@b.c', identification: { type: 'CPF', number: '12345678900' } },
        },
        ['payer.identification.number'],
      ],
      ['pix', ['params']],
    ];
    for (const [params, paths] of cases) {
      const error = await mercadoPago.payments
        .create(params as never)
        .catch((caught: unknown) => caught);
      expect(ValidationError.isInstance(error), JSON.stringify(params)).toBe(true);
      expect((error as ValidationError).issues.map((issue) => issue.path.join('.'))).toEqual(paths);
    }
    expect(mock.calls).toHaveLength(0);
  });

  it('a CLP account refuses decimals; amounts of refunds, captures and items are checked too', async () => {
    const clp = client({ currency: 'CLP' });
    const mercadoPago = client();
    const attempts: Array<() => Promise<unknown>> = [
      () =>
        clp.payments.create({
          transaction_amount: 1500.5,
          payment_method_id: 'visa',
          payer: { email: 'a@b.c' },
        }),
      () => mercadoPago.refunds.create(1, { amount: 0.001 }),
      () => mercadoPago.refunds.create(1, 'all' as never),
      () => mercadoPago.payments.capture(1, { transaction_amount: -1 }),
      () => mercadoPago.payments.capture(1, 5 as never),
      () => mercadoPago.preferences.create({ items: [] }),
      () =>
        mercadoPago.preferences.create({ items: [{ title: '', quantity: 1.5, unit_price: 10 }] }),
      () =>
        mercadoPago.preferences.create({
          items: [{ title: 'x', quantity: 1, unit_price: 10.5, currency_id: 'COP' }],
        }),
      () => mercadoPago.preferences.update('p', { items: 'none' } as never),
      () => mercadoPago.customers.create({ email: '' }),
      () =>
        mercadoPago.customers.update('c', {
          identification: { type: 'CNPJ', number: '11222333000180' },
        }),
      () => mercadoPago.customers.cards.create('c', { token: '' }),
      () => mercadoPago.customers.search({ limit: 0 }),
      () => mercadoPago.payments.search({ offset: -1 }),
      () => mercadoPago.payments.search({ status: { $ne: 1 } } as never),
      () => mercadoPago.payments.get('..'),
      () => mercadoPago.refunds.get(1, ''),
      () =>
        mercadoPago.payments.create(
          { transaction_amount: 1, payment_method_id: 'pix', payer: { email: 'a@b.c' } },
          { maxRetries: -1 },
        ),
      () => mercadoPago.payments.cancel(1, 'x' as never),
    ];
    for (const attempt of attempts) {
      const error = await attempt().catch((caught: unknown) => caught);
      expect(ValidationError.isInstance(error), String(attempt)).toBe(true);
    }
    expect(mock.calls).toHaveLength(0);
  });

  it('a valid CLP amount and a COP item in whole pesos go out', async () => {
    await client({ currency: 'CLP' }).payments.create({
      transaction_amount: 1500,
      payment_method_id: 'pix',
      payer: { email: 'a@b.c' },
    });
    await client().preferences.create({
      items: [{ title: 'x', quantity: 1, unit_price: 10500, currency_id: 'COP' }],
    });
    expect(mock.calls).toHaveLength(2);
  });
});
