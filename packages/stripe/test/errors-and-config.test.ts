import {
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  ValidationError,
} from '@int/core';
import { captureLogger, createMockServer, createTestClock } from '@int/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CardError,
  createStripe,
  IdempotencyError,
  isStripeApiError,
  webhooks,
} from '../src/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => {
  mock.reset();
  vi.unstubAllEnvs();
});
afterAll(() => mock.close());

const URL_CUSTOMERS = 'https://api.stripe.com/v1/customers';

describe('error mapping by status and error.type', () => {
  const cases: Array<
    [number, Record<string, unknown>, { isInstance(value: unknown): boolean }, string]
  > = [
    [
      400,
      { type: 'invalid_request_error', code: 'parameter_missing', param: 'email' },
      BadRequestError,
      'BadRequestError',
    ],
    [400, { type: 'idempotency_error' }, IdempotencyError, 'IdempotencyError'],
    [400, { type: 'invalid_request_error', code: 'rate_limit' }, RateLimitError, 'RateLimitError'],
    [401, { type: 'invalid_request_error' }, AuthenticationError, 'AuthenticationError'],
    [
      402,
      { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' },
      CardError,
      'CardError',
    ],
    [403, { type: 'invalid_request_error' }, PermissionDeniedError, 'PermissionDeniedError'],
    [
      404,
      { type: 'invalid_request_error', code: 'resource_missing' },
      NotFoundError,
      'NotFoundError',
    ],
    [409, { type: 'idempotency_error' }, IdempotencyError, 'IdempotencyError'],
    [409, { type: 'invalid_request_error' }, ConflictError, 'ConflictError'],
    [429, { type: 'invalid_request_error', code: 'rate_limit' }, RateLimitError, 'RateLimitError'],
    [500, { type: 'api_error' }, ServerError, 'ServerError'],
  ];
  for (const [status, raw, errorClass, name] of cases) {
    it(`${status} ${String(raw.type)}${raw.code ? `/${String(raw.code)}` : ''} -> ${name}`, async () => {
      mock.route('POST', URL_CUSTOMERS, {
        status,
        json: { error: { message: 'Stripe said no.', ...raw } },
        headers: { 'request-id': 'req_abc' },
      });
      const stripe = createStripe({
        secretKey: 'sk_test_x',
        clock: createTestClock(),
        retry: { maxRetries: 0 },
      });
      const error = await stripe.customers.create({}).catch((e: unknown) => e);
      expect(errorClass.isInstance(error)).toBe(true);
      expect(isStripeApiError(error)).toBe(true);
      expect(error).toMatchObject({
        name,
        status,
        provider: 'stripe',
        operation: 'customers.create',
        requestId: 'req_abc',
        details: { message: 'Stripe said no.', ...raw },
        body: { error: { message: 'Stripe said no.', ...raw } },
      });
      // Stripe's own classes keep their typed accessors.
      if (CardError.isInstance(error) || IdempotencyError.isInstance(error)) {
        expect(error).toMatchObject({
          rawType: raw.type,
          raw: { message: 'Stripe said no.', ...raw },
        });
      }
      expect((error as Error).message).toBe(
        `stripe customers.create failed with ${status}: Stripe said no. [request req_abc]`,
      );
    });
  }

  it('isInstance holds across copies through the Symbol.for brand', async () => {
    const foreign = Object.create({ [Symbol.for('@int/stripe/error/CardError')]: true });
    expect(CardError.isInstance(foreign)).toBe(true);
    expect(CardError.isInstance(new Error('x'))).toBe(false);
    expect(IdempotencyError.isInstance(foreign)).toBe(false);
  });

  it('a non-JSON error body still gives a typed error', async () => {
    mock.route('GET', `${URL_CUSTOMERS}/cus_1`, {
      status: 502,
      body: '<html>bad gateway</html>',
      headers: { 'content-type': 'text/html' },
    });
    const stripe = createStripe({
      secretKey: 'sk_test_x',
      clock: createTestClock(),
      retry: { maxRetries: 0 },
    });
    const error = await stripe.customers.retrieve('cus_1').catch((e: unknown) => e);
    expect(ServerError.isInstance(error)).toBe(true);
    expect((error as ServerError).details?.type).toBeUndefined();
  });
});

describe('settings', () => {
  it('reads STRIPE_SECRET_KEY lazily, at the first call', async () => {
    mock.route('GET', `${URL_CUSTOMERS}/cus_1`, { json: { id: 'cus_1', object: 'customer' } });
    const stripe = createStripe();
    vi.stubEnv('STRIPE_SECRET_KEY', 'sk_test_from_env');
    await stripe.customers.retrieve('cus_1');
    expect(mock.calls[0]?.headers.authorization).toBe('Bearer sk_test_from_env');
  });

  it('names the option and the variable when the key is missing, and sends nothing', async () => {
    vi.stubEnv('STRIPE_SECRET_KEY', '');
    const stripe = createStripe();
    const error = await stripe.customers.create({}).catch((e: unknown) => e);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      'Stripe secret key is missing. Pass `secretKey` or set STRIPE_SECRET_KEY.',
    );
    expect(error).toMatchObject({ option: 'secretKey' });
    expect(mock.calls).toHaveLength(0);
  });

  it('webhooks work without any key', async () => {
    vi.stubEnv('STRIPE_SECRET_KEY', '');
    const payload = '{"id":"evt_1"}';
    const header = await webhooks.generateTestHeader({
      payload,
      secret: 'whsec_x',
      timestamp: 1_700_000_000,
    });
    await expect(
      webhooks.constructEvent(payload, header, 'whsec_x', { now: () => 1_700_000_000_000 }),
    ).resolves.toEqual({ id: 'evt_1' });
  });

  it('refuses plain http to a remote host', () => {
    expect(() =>
      createStripe({ secretKey: 'sk_test_x', baseURL: 'http://stripe.example.com' }),
    ).toThrow(ConfigurationError);
  });

  it('custom fetch, baseURL and timeoutMs are used', async () => {
    const seen: string[] = [];
    const stripe = createStripe({
      secretKey: 'sk_test_x',
      baseURL: 'https://stripe-proxy.internal/prefix',
      fetch: async (input) => {
        seen.push(String(input));
        return new Response(JSON.stringify({ id: 'cus_1', object: 'customer' }), {
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    await stripe.customers.retrieve('cus_1');
    expect(seen).toEqual(['https://stripe-proxy.internal/prefix/v1/customers/cus_1']);
  });
});

describe('secrets stay out of logs and errors', () => {
  it('never logs the key or the Authorization header', async () => {
    mock.route('POST', URL_CUSTOMERS, [
      { status: 500, json: { error: { type: 'api_error', message: 'boom' } } },
      {
        status: 401,
        json: {
          error: {
            type: 'invalid_request_error',
            message: 'Invalid API Key provided: sk_test_super_secret_key_999',
          },
        },
      },
    ]);
    const logger = captureLogger();
    const stripe = createStripe({
      secretKey: 'sk_test_super_secret_key_999',
      logger,
      clock: createTestClock(),
      hooks: {},
    });
    const error = await stripe.customers.create({ email: 'a@b.c' }).catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(logger.text()).not.toContain('sk_test_super_secret_key_999');
    expect((error as Error).message).not.toContain('sk_test_super_secret_key_999');
    expect(JSON.stringify((error as AuthenticationError).body)).not.toContain(
      'sk_test_super_secret_key_999',
    );
  });
});

describe('local validation before sending', () => {
  it('lists every issue at once', async () => {
    const stripe = createStripe({ secretKey: 'sk_test_x' });
    const metadata: Record<string, string> = {};
    for (let index = 0; index < 51; index += 1) metadata[`k${index}`] = 'v';
    metadata['x'.repeat(41)] = 'v';
    metadata.long = 'v'.repeat(501);
    const error = await stripe.paymentIntents
      .create({ amount: 19.99, currency: 'dollars', metadata })
      .catch((e: unknown) => e);
    expect(ValidationError.isInstance(error)).toBe(true);
    const issues = (error as ValidationError).issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    expect(issues).toEqual([
      'currency: must be a three-letter ISO 4217 code such as usd',
      expect.stringContaining('amount: must be a positive integer'),
      'metadata: has 53 keys; Stripe allows at most 50',
      `metadata.${'x'.repeat(41)}: key is 41 characters; Stripe allows at most 40`,
      'metadata.long: value is 501 characters; Stripe allows at most 500',
    ]);
    expect(mock.calls).toHaveLength(0);
  });

  it('checks required fields, zero and negative amounts, refunds and captures', async () => {
    const stripe = createStripe({ secretKey: 'sk_test_x' });
    const missing = await stripe.paymentIntents.create({} as never).catch((e: unknown) => e);
    expect((missing as ValidationError).issues.map((issue) => issue.path[0])).toEqual([
      'amount',
      'currency',
    ]);
    await expect(
      stripe.paymentIntents.create({ amount: 0, currency: 'usd' }),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(
      stripe.refunds.create({ payment_intent: 'pi_1', amount: -5 }),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(stripe.refunds.create({})).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(
      stripe.paymentIntents.capture('pi_1', { amount_to_capture: 1.5 }),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(
      stripe.paymentIntents.create({ amount: 150, currency: 'isk' }),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(
      stripe.paymentIntents.create({ amount: 1005, currency: 'kwd' }),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(stripe.customers.search({} as never)).rejects.toMatchObject({
      name: 'ValidationError',
    });
    await expect(stripe.customers.retrieve('')).rejects.toMatchObject({ name: 'ValidationError' });
    expect(mock.calls).toHaveLength(0);
  });

  it('lets unset values and unknown fields through', async () => {
    mock.route('POST', URL_CUSTOMERS, { json: { id: 'cus_1', object: 'customer' } });
    const stripe = createStripe({ secretKey: 'sk_test_x' });
    await stripe.customers.create({ metadata: { old: '' }, email: null, some_new_field: 'yes' });
    expect(mock.calls[0]?.body).toBe('metadata[old]=&email=&some_new_field=yes');
  });
});

describe('options are checked at construction', () => {
  it('names the option at fault', () => {
    for (const name of ['secretKey', 'apiVersion', 'stripeAccount'] as const) {
      let caught: unknown;
      try {
        createStripe({ [name]: '' });
      } catch (error) {
        caught = error;
      }
      expect(ConfigurationError.isInstance(caught)).toBe(true);
      expect(caught).toMatchObject({ option: name });
    }
    expect(() => createStripe({ timeoutMs: -1 })).toThrow(ConfigurationError);
    expect(() => createStripe({ retry: { maxRetries: -1 } })).toThrow(ConfigurationError);
  });
});
