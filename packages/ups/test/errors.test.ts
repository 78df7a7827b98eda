import {
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '@int/core';
import { describe, expect, it } from 'vitest';
import { isUPSApiError, NOT_RETRIED_NOTE } from '../src/index.js';
import { apiCalls, rateInput, setup, shipmentInput, useMockServer } from './helpers.js';

const mock = useMockServer();

describe('UPS error bodies on core classes', () => {
  it('a 400 with response.errors[] is a BadRequestError with code, message and details.errors', async () => {
    const { ups, fake } = setup(mock);
    fake.fail({
      status: 400,
      body: {
        response: {
          errors: [
            {
              code: '111210',
              message: 'The requested service is unavailable between the selected locations.',
            },
            { code: '120002', message: 'Second problem' },
          ],
        },
      },
    });
    const error = await ups.rates.quote(rateInput()).catch((caught: unknown) => caught);
    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(isUPSApiError(error)).toBe(true);
    expect(error).toMatchObject({
      provider: 'ups',
      operation: 'rates.quote',
      status: 400,
      code: '111210',
      retryable: false,
      details: {
        errors: [
          {
            code: '111210',
            message: 'The requested service is unavailable between the selected locations.',
          },
          { code: '120002', message: 'Second problem' },
        ],
      },
    });
    expect((error as Error).message).toContain(
      'ups rates.quote failed with 400: 111210: The requested service is unavailable between the selected locations.',
    );
  });

  it('the fake answers its own checks in the same envelope (a void outside the window: 190102)', async () => {
    const { ups } = setup(mock);
    const error = await ups.shipments
      .void({ shipmentId: '1Z2220060294314162' })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      status: 400,
      code: '190102',
      details: { errors: [{ code: '190102' }] },
    });
  });

  it('a 429 (10429 Too Many Requests) is retried with backoff, then a RateLimitError', async () => {
    const { ups, fake, clock } = setup(mock);
    fake.fail({ status: 429, times: Number.POSITIVE_INFINITY });
    const error = await ups.rates.quote(rateInput()).catch((caught: unknown) => caught);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: '10429', attempts: 3, retryable: true });
    expect(clock.sleeps).toHaveLength(2);
  });

  it('a body without UPS errors still gives a message (text bodies, other JSON)', async () => {
    const { ups, fake } = setup(mock);
    fake.fail({ status: 503, body: { message: 'upstream unavailable' } });
    const error = await ups.rates
      .quote(rateInput(), { maxRetries: 0 })
      .catch((caught: unknown) => caught);
    expect(ServerError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('upstream unavailable');
    expect(error).toMatchObject({ details: { errors: [] } });
  });

  it('a 401 after expiry refreshes the token once and repeats; a second 401 is an AuthenticationError (250002)', async () => {
    const { ups, fake } = setup(mock);
    await ups.rates.quote(rateInput());
    fake.expireTokens();
    await ups.rates.quote(rateInput());
    expect(fake.calls({ path: '/security/v1/oauth/token' })).toBe(2);
    fake.fail({
      status: 401,
      times: Number.POSITIVE_INFINITY,
      path: '/api/',
      message: 'Invalid Authentication Information.',
      code: 'invalid_credentials',
    });
    const error = await ups.rates.quote(rateInput()).catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: '250002' });
  });
});

describe('shipments.create is never retried automatically', () => {
  it.each([
    ['a 503', { status: 503 }, ServerError],
    ['a lost connection', { error: 'network' as const }, ConnectionError],
  ])(
    '%s: one attempt, not retryable, the error says it was not repeated',
    async (_label, fault, ErrorClass) => {
      const { ups, fake } = setup(mock);
      fake.fail({ ...fault, path: '/ship', times: Number.POSITIVE_INFINITY });
      const error = await ups.shipments.create(shipmentInput()).catch((caught: unknown) => caught);
      expect(ErrorClass.isInstance(error)).toBe(true);
      expect(fake.calls({ method: 'POST', path: '/api/shipments/v2409/ship' })).toBe(1);
      expect((error as { attempts?: number }).attempts ?? 1).toBe(1);
      expect((error as ServerError).retryable).toBe(false);
      expect((error as Error).message).toContain(NOT_RETRIED_NOTE);
    },
  );

  it('a 429 is a refusal: one attempt, retryable, no note', async () => {
    const { ups, fake } = setup(mock);
    fake.fail({ status: 429, headers: { 'retry-after': '1' }, path: '/ship' });
    const error = await ups.shipments.create(shipmentInput()).catch((caught: unknown) => caught);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(fake.calls({ method: 'POST', path: '/api/shipments/v2409/ship' })).toBe(1);
    expect((error as RateLimitError).retryable).toBe(true);
    expect((error as Error).message).not.toContain(NOT_RETRIED_NOTE);
    expect(fake.shipments.size).toBe(0);
  });

  it('a timeout: one attempt, even with maxRetries asked per call; not retryable, with the note', async () => {
    const { ups, fake } = setup(mock, { timeoutMs: 50 });
    fake.fail({ delayMs: 5_000, path: '/ship' });
    const error = await ups.shipments
      .create(shipmentInput(), { maxRetries: 5 })
      .catch((caught: unknown) => caught);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).retryable).toBe(false);
    expect((error as Error).message).toContain(NOT_RETRIED_NOTE);
    expect(apiCalls(mock).filter((call) => call.url.pathname.endsWith('/ship'))).toHaveLength(1);
  });

  it('an answer lost after UPS shipped: the README re-run finds it by reference and does not ship again', async () => {
    // The first ship request reaches UPS and ships; its answer is lost on the way back.
    let loseNextShipAnswer = true;
    const losingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (
        loseNextShipAnswer &&
        String(input instanceof Request ? input.url : input).endsWith('/ship')
      ) {
        loseNextShipAnswer = false;
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
        });
      }
      return response;
    };
    const { ups, fake } = setup(mock, { fetch: losingFetch });
    const order = { ...shipmentInput(), reference: 'order-77' };
    const lost = await ups.shipments.create(order).catch((caught: unknown) => caught);
    expect(ConnectionError.isInstance(lost)).toBe(true);
    expect((lost as ConnectionError).retryable).toBe(false);
    expect(fake.shipments.size).toBe(1);

    // The re-run, as the README writes it: look up by reference first, create only when nothing carries it.
    const found = await ups.tracking.byReference(order.reference);
    const trackingNumbers =
      found.length > 0
        ? found.map((result) => result.trackingNumber)
        : (await ups.shipments.create(order)).packages.map((item) => item.trackingNumber);
    expect(trackingNumbers).toEqual([...fake.shipments.values()][0]!.trackingNumbers);
    expect(fake.shipments.size).toBe(1);
    expect(fake.calls({ method: 'POST', path: '/api/shipments/v2409/ship' })).toBe(1);
    // Another reference finds nothing: creating is then safe.
    expect(await ups.tracking.byReference('order-78')).toEqual([]);
  });
});
