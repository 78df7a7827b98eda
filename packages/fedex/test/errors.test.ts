import {
  BadRequestError,
  QuotaExceededError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '@int/core';
import { describe, expect, it } from 'vitest';
import { type FedExApiError, isFedExApiError } from '../src/index.js';
import { DAILY_QUOTA_FAULT } from '../src/testing/index.js';
import { beverlyHills, memphis, SANDBOX, setup, shipmentInput, useMockServer } from './helpers.js';

const mock = useMockServer();
const quote = {
  shipper: memphis,
  recipient: beverlyHills,
  packages: [{ weight: { units: 'LB' as const, value: 3 } }],
};

describe('FedEx errors onto core classes', () => {
  it('a FedEx 400 becomes BadRequestError with code, transaction ids and errors[]', async () => {
    const { fedex } = setup(mock);
    // The client validates first; a service the fake does not know passes validation.
    const error = (await fedex.shipments
      .create(shipmentInput({ serviceType: 'FEDEX_TELEPORT' }), { customerTransactionId: 'c-42' })
      .catch((caught: unknown) => caught)) as FedExApiError;
    expect(error).toBeInstanceOf(BadRequestError);
    expect(isFedExApiError(error)).toBe(true);
    expect(error.status).toBe(400);
    expect(error.code).toBe('INVALID.INPUT.EXCEPTION');
    expect(error.details.customerTransactionId).toBe('c-42');
    expect(error.details.transactionId).toMatch(/^fedex_req_/);
    expect(error.requestId).toBe(error.details.transactionId);
    expect(error.details.errors).toEqual([
      {
        code: 'INVALID.INPUT.EXCEPTION',
        message: 'Invalid field value in the input',
        parameterList: [{ key: 'field', value: 'requestedShipment.serviceType' }],
      },
    ]);
    expect(error.message).toBe(
      `fedex shipments.create failed with 400: INVALID.INPUT.EXCEPTION: Invalid field value in the input [request ${error.details.transactionId}]`,
    );
  });

  it('the daily quota 429 is QuotaExceededError with resetAt at the next 00:00 GMT, not retried', async () => {
    const { fedex, fake } = setup(mock);
    fake.fail(DAILY_QUOTA_FAULT);
    const error = (await fedex.rates
      .quote(quote)
      .catch((caught: unknown) => caught)) as QuotaExceededError;
    expect(error).toBeInstanceOf(QuotaExceededError);
    expect(error.resetAt?.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('Daily transaction quota exceeded');
    expect(fake.calls({ path: '/rate/v1/rates/quotes' })).toBe(1);
  });

  it('the 10-second window 429 is retried', async () => {
    const { fedex, fake, clock } = setup(mock);
    fake.fail({ status: 429, times: 2 });
    const result = await fedex.rates.quote(quote);
    expect(result.quotes.length).toBeGreaterThan(0);
    expect(fake.calls({ path: '/rate/v1/rates/quotes' })).toBe(3);
    expect(clock.sleeps).toHaveLength(2);
  });

  it('a window 429 that lasts past the retries is RateLimitError', async () => {
    const { fedex, fake } = setup(mock);
    fake.fail({ status: 429, times: Number.POSITIVE_INFINITY });
    await expect(fedex.tracking.track(['1'])).rejects.toBeInstanceOf(RateLimitError);
    expect(fake.calls({ path: '/track/v1/trackingnumbers' })).toBe(3);
  });

  it('shipments.create against a 503 outage is attempted exactly once and says it was not retried', async () => {
    const { fedex, fake } = setup(mock);
    fake.fail({ status: 503, times: Number.POSITIVE_INFINITY });
    const error = (await fedex.shipments
      .create(shipmentInput())
      .catch((caught: unknown) => caught)) as FedExApiError;
    expect(error).toBeInstanceOf(ServerError);
    expect(fake.calls({ method: 'POST', path: '/ship/v1/shipments' })).toBe(1);
    expect(mock.callsTo('POST', `${SANDBOX}/ship/v1/shipments`)).toHaveLength(1);
    expect(error.message).toContain('SERVICE.UNAVAILABLE.ERROR');
    expect(error.message).toContain('Not retried');
    expect(error.code).toBe('SERVICE.UNAVAILABLE.ERROR');
    expect(fake.shipments.size).toBe(0);
  });

  it('shipments.create that times out is not repeated', async () => {
    const { fedex, clock } = setup(mock, { timeoutMs: 20 });
    mock.route('POST', `${SANDBOX}/ship/v1/shipments`, { delayMs: 200, json: {} });
    const error = await fedex.shipments.create(shipmentInput()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).attempts).toBe(1);
    expect((error as TimeoutError).operation).toBe('shipments.create');
    expect(mock.callsTo('POST', `${SANDBOX}/ship/v1/shipments`)).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('cancel is retried through a 503', async () => {
    const { fedex, fake } = setup(mock);
    const shipped = await fedex.shipments.create(shipmentInput());
    fake.fail({ status: 503, path: '/ship/v1/shipments/cancel' });
    const result = await fedex.shipments.cancel({
      trackingNumber: shipped.masterTrackingNumber!,
      senderCountryCode: 'US',
    });
    expect(result.cancelled).toBe(true);
    expect(fake.calls({ path: '/ship/v1/shipments/cancel' })).toBe(2);
  });

  it('rates, tracking and address validation (reads sent as POST) are retried through a 503', async () => {
    const { fedex, fake } = setup(mock);
    fake.fail({ status: 503 });
    await fedex.rates.quote(quote);
    fake.fail({ status: 503 });
    await fedex.tracking.track(['1']);
    fake.fail({ status: 503 });
    await fedex.addresses.validate([memphis.address]);
    expect([
      fake.calls({ path: '/rate/v1/rates/quotes' }),
      fake.calls({ path: '/track/v1/trackingnumbers' }),
      fake.calls({ path: '/address/v1/addresses/resolve' }),
    ]).toEqual([2, 2, 2]);
  });

  it('a failure is logged once with FedEx transactionId, the one on the error', async () => {
    const { fedex, fake, logger } = setup(mock);
    fake.fail(DAILY_QUOTA_FAULT);
    const error = (await fedex.rates
      .quote(quote, { customerTransactionId: 'trace-7' })
      .catch((caught: unknown) => caught)) as FedExApiError;
    expect(error.code).toBe('TOO.MANY.REQUESTS');
    expect(error.details.transactionId).toMatch(/^fedex_req_/);
    const failed = logger.lines.filter((entry) => /failed/.test(String(entry.object.event)));
    expect(failed).toHaveLength(1);
    expect(failed[0]?.object).toMatchObject({
      event: 'request.failed',
      operation: 'rates.quote',
      status: 429,
      requestId: error.details.transactionId,
    });
    const [call] = mock.callsTo('POST', `${SANDBOX}/rate/v1/rates/quotes`);
    expect(call?.headers['x-customer-transaction-id']).toBe('trace-7');
  });
});
