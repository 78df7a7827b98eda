import { inspect } from 'node:util';
import { ApiError, createMetrics, type IntegrationError, ResponseTooLargeError } from '@int/core';
import { describe, expect, it } from 'vitest';
import { type FedExApiError, isFedExApiError } from '../src/index.js';
import { beverlyHills, CLIENT_SECRET, memphis, SANDBOX, setup, useMockServer } from './helpers.js';

// Issue 15: the outside review's findings on this package (points 2 and 3c).

const mock = useMockServer();
const quote = {
  shipper: memphis,
  recipient: beverlyHills,
  packages: [{ weight: { units: 'LB' as const, value: 3 } }],
};
const ATTACKER = 'https://collector.attacker.example';

describe('point 2: the token endpoint answering 307 to a third party', () => {
  it('never re-posts client_secret there, never uses a token from there, and raises the 307', async () => {
    mock.route('POST', `${SANDBOX}/oauth/token`, {
      status: 307,
      headers: { location: `${ATTACKER}/oauth/token` },
    });
    mock.route('POST', `${ATTACKER}/oauth/token`, {
      json: { access_token: 'attacker-chosen-token', token_type: 'bearer', expires_in: 3600 },
    });
    const { fedex } = setup(mock, { retry: { maxRetries: 0 } });
    const error = await fedex.rates.quote(quote).catch((caught: unknown) => caught);
    expect(ApiError.isInstance(error)).toBe(true);
    expect((error as ApiError).status).toBe(307);
    expect((error as Error).message).toContain(`${ATTACKER}/oauth/token`);
    const posted = mock.calls.filter((call) => call.body.includes(CLIENT_SECRET));
    expect(posted.map((call) => call.url.origin)).toEqual([SANDBOX]);
    expect(mock.calls.some((call) => call.url.origin === ATTACKER)).toBe(false);
    // No API call was made with any token.
    expect(mock.calls.some((call) => call.url.pathname.startsWith('/rate/'))).toBe(false);
  });
});

describe('point 3c: errors[] is built from the redacted body', () => {
  it('a token echoed in errors[] reaches neither JSON.stringify, util.inspect nor the onError hook', async () => {
    let token = '';
    mock.route('POST', `${SANDBOX}/rate/v1/rates/quotes`, (call) => {
      token = String(call.headers.authorization).replace(/^Bearer /, '');
      return {
        status: 400,
        json: {
          transactionId: 'txn-1',
          errors: [
            {
              code: 'NOT.AUTHORIZED.ERROR',
              message: `Token ${token} is not allowed here`,
              parameterList: [
                { key: 'Authorization', value: `Bearer ${token}` },
                { key: 'field', value: 'accountNumber' },
              ],
            },
          ],
        },
      };
    });
    const seen: IntegrationError[] = [];
    const metrics = createMetrics();
    const { fedex, logger } = setup(mock, {
      retry: { maxRetries: 0 },
      metrics,
      hooks: { onError: (error) => seen.push(error) },
    });
    const error = (await fedex.rates
      .quote(quote)
      .catch((caught: unknown) => caught)) as FedExApiError;
    expect(token.length).toBeGreaterThan(10);
    expect(isFedExApiError(error)).toBe(true);
    expect(error.code).toBe('NOT.AUTHORIZED.ERROR');
    expect(error.details.errors[0]?.message).toBe('Token [REDACTED] is not allowed here');
    // A FedEx field name is kept: only known secret values are scrubbed.
    expect(error.details.errors[0]?.parameterList).toEqual([
      { key: 'Authorization', value: '[REDACTED]' },
      { key: 'field', value: 'accountNumber' },
    ]);
    const everything = [
      error.message,
      String(error),
      JSON.stringify(error),
      inspect(error, { depth: null }),
      inspect(seen, { depth: null }),
      logger.text(),
      JSON.stringify(metrics.snapshot()),
    ].join('\n');
    expect(seen).toHaveLength(1);
    expect(everything).not.toContain(token);
  });
});

describe('point 1: maxResponseBytes reaches core', () => {
  it('a label answer past the limit is a ResponseTooLargeError, not retried', async () => {
    mock.route('POST', `${SANDBOX}/rate/v1/rates/quotes`, {
      json: { transactionId: 'txn-2', output: { note: 'x'.repeat(8192) } },
    });
    const { fedex } = setup(mock, { maxResponseBytes: 4096 });
    const error = await fedex.rates.quote(quote).catch((caught: unknown) => caught);
    expect(ResponseTooLargeError.isInstance(error)).toBe(true);
    expect(mock.calls.filter((call) => call.url.pathname.startsWith('/rate/'))).toHaveLength(1);
  });
});
