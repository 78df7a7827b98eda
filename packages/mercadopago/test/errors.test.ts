import {
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  NotFoundError,
  RateLimitError,
  ServerError,
} from '@int/core';
import { describe, expect, it } from 'vitest';
import {
  createMercadoPago,
  isMercadoPagoApiError,
  type MercadoPagoApiError,
} from '../src/index.js';
import { setupFake } from './helpers.js';

const { mock, fake, client } = setupFake();

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as MercadoPagoApiError,
  );

describe("MercadoPago's error body on core's classes", () => {
  it('a 400 with cause[] is a BadRequestError whose details carry every cause', async () => {
    const mercadoPago = client();
    const cause = [
      { code: 2067, description: 'Invalid user identification number' },
      { code: '4050', description: 'payer.email must be a valid email' },
    ];
    mock.route('POST', 'https://api.mercadopago.com/v1/payments', {
      status: 400,
      json: {
        message: 'Invalid user identification number',
        error: 'bad_request',
        status: 400,
        cause,
      },
      headers: { 'x-request-id': 'req-123' },
    });
    const error = await failure(
      mercadoPago.payments.create({
        transaction_amount: 10,
        payment_method_id: 'pix',
        payer: { email: 'a@b.c' },
      }),
    );
    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(isMercadoPagoApiError(error)).toBe(true);
    expect(error?.status).toBe(400);
    expect(error?.requestId).toBe('req-123');
    expect(error?.message).toContain('Invalid user identification number');
    expect(error?.details).toMatchObject({
      code: '2067',
      error: 'bad_request',
      status: 400,
      cause,
    });
    expect(error?.retryable).toBe(false);
  });

  it('404, 401, 429 and 5xx from the fake land on their classes, with the cause', async () => {
    const mercadoPago = client({ retry: { maxRetries: 0 } });
    const missing = await failure(mercadoPago.payments.get(42));
    expect(NotFoundError.isInstance(missing)).toBe(true);
    expect(missing?.details.cause).toEqual([{ code: 2000, description: 'Payment not found' }]);
    expect(missing?.details.error).toBe('not_found');
    const noCustomer = await failure(mercadoPago.customers.get('1-missing'));
    expect(NotFoundError.isInstance(noCustomer)).toBe(true);
    expect(noCustomer?.details.cause).toEqual([{ code: 2002, description: 'Customer not found' }]);
    const noPreference = await failure(mercadoPago.preferences.get('1-missing'));
    expect(NotFoundError.isInstance(noPreference)).toBe(true);
    expect(noPreference?.details.cause).toEqual([
      { code: 'not_found', description: 'Preference 1-missing not found' },
    ]);

    const refused = await failure(
      createMercadoPago({
        accessToken: 'not-a-token',
        clock: { now: () => 0 },
      }).paymentMethods.list(),
    );
    expect(AuthenticationError.isInstance(refused)).toBe(true);
    expect(refused?.details).toMatchObject({ error: 'unauthorized', status: 401, cause: [] });

    fake.fail({ status: 429, headers: { 'retry-after': '1' } });
    expect(RateLimitError.isInstance(await failure(mercadoPago.paymentMethods.list()))).toBe(true);
    fake.fail({ status: 500, message: 'boom', code: 'internal' });
    const server = await failure(mercadoPago.paymentMethods.list());
    expect(ServerError.isInstance(server)).toBe(true);
    expect(server?.retryable).toBe(true);
    expect(server?.details.error).toBe('internal_error');
  });

  it('a body without cause or that is not JSON still gives a typed error', async () => {
    const mercadoPago = client({ retry: { maxRetries: 0 } });
    mock.route('GET', 'https://api.mercadopago.com/v1/payment_methods', [
      { status: 400, json: { message: 'bad', error: 'bad_request', status: 400 } },
      { status: 502, body: '<html>bad gateway</html>' },
      { status: 400, json: { message: 'one', cause: { code: 1, description: 'params error' } } },
    ]);
    const plain = await failure(mercadoPago.paymentMethods.list());
    expect(plain?.details).toMatchObject({ code: 'bad_request', cause: [] });
    const html = await failure(mercadoPago.paymentMethods.list());
    expect(ServerError.isInstance(html)).toBe(true);
    const single = await failure(mercadoPago.paymentMethods.list());
    expect(single?.details.cause).toEqual([{ code: 1, description: 'params error' }]);
  });

  it('a declined card is a result, not an error', async () => {
    const mercadoPago = client();
    const payment = await mercadoPago.payments.create({
      transaction_amount: 100,
      payment_method_id: 'master',
      token: fake.cardToken('FUND'),
      payer: { email: 'buyer@example.com' },
    });
    expect(payment.status).toBe('rejected');
    expect(payment.status_detail).toBe('cc_rejected_insufficient_amount');
  });
});

describe('options', () => {
  it('refuses a wrong accessToken or currency at creation, and reads the token lazily', async () => {
    expect(() => createMercadoPago({ accessToken: '' })).toThrow(ConfigurationError);
    expect(() => createMercadoPago({ currency: 'USD' as never })).toThrow(
      /currency must be one of/,
    );
    expect(() => createMercadoPago(null as never)).toThrow(ConfigurationError);
    // Found by the fuzz kit: a list holding a symbol used to throw a TypeError on its way to the check.
    expect(() => createMercadoPago({ currency: ['BRL', Symbol('x')] as never })).toThrow(
      ConfigurationError,
    );
    const previous = process.env.MERCADOPAGO_ACCESS_TOKEN;
    delete process.env.MERCADOPAGO_ACCESS_TOKEN;
    try {
      const error = await failure(createMercadoPago().paymentMethods.list());
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect((error as unknown as Error).message).toBe(
        'MercadoPago access token is missing. Pass `accessToken` or set MERCADOPAGO_ACCESS_TOKEN.',
      );
    } finally {
      if (previous !== undefined) process.env.MERCADOPAGO_ACCESS_TOKEN = previous;
    }
    expect(mock.calls).toHaveLength(0);
  });
});
