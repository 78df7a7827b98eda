import { createFedEx, type Party, type RateQuoteResult } from '@int/fedex';
import { createFedExFake } from '@int/fedex/testing';
import type { ChaosReport } from './chaos-report.js';
import { runChaos } from './chaos-run.js';
import type { ChaosSettings } from './chaos-settings.js';

const fedExError = (status: number, code: string, message: string) =>
  Response.json(
    { transactionId: 'chaos-txn', errors: [{ code, message }] },
    { status, headers: { 'x-fedex-transaction-id': 'chaos-txn' } },
  );

const shipper: Party = {
  address: {
    streetLines: ['3875 Airways Blvd'],
    city: 'Memphis',
    stateOrProvinceCode: 'TN',
    postalCode: '38116',
    countryCode: 'US',
  },
};
const recipient: Party = {
  address: {
    streetLines: ['123 Palm Ln'],
    city: 'Beverly Hills',
    stateOrProvinceCode: 'CA',
    postalCode: '90210',
    countryCode: 'US',
  },
};

/**
 * 2 000 rate quotes, each with its own `x-customer-transaction-id`, through the
 * injector. Token requests pass untouched (FedEx locks out clients that
 * hammer its token endpoint; the client's guard would pace the run instead).
 */
export function runFedExChaos(settings: ChaosSettings): Promise<ChaosReport> {
  return runChaos({
    provider: 'fedex',
    settings,
    callId: (index) => `chaos-quote-${index}`,
    fake: (baseURL) => createFedExFake({ baseURL }),
    identify: async (request) => {
      if (!new URL(request.url).pathname.startsWith('/rate/')) return undefined;
      const callId = request.headers.get('x-customer-transaction-id');
      return callId ? { callId } : undefined;
    },
    errors: {
      rateLimited: () =>
        fedExError(
          429,
          'TOO.MANY.REQUESTS',
          'Too many requests - We have received too many requests in a short duration. Please wait a while to try again.',
        ),
      unavailable: () =>
        fedExError(503, 'SERVICE.UNAVAILABLE.ERROR', 'The service is currently unavailable.'),
      invalid: () => fedExError(422, 'INVALID.INPUT.EXCEPTION', 'Invalid field value in the input'),
    },
    client: (baseURL, run) =>
      createFedEx({
        clientId: 'test-client-id',
        clientSecret: 'test-client-secret',
        accountNumber: '740561073',
        baseURL,
        ...run,
        rateLimiter: false,
      }),
    call: (fedex, callId, index) =>
      fedex.rates.quote(
        {
          shipper,
          recipient,
          packages: [{ weight: { units: 'LB', value: 1 + (index % 50) } }],
          serviceType: 'FEDEX_GROUND',
        },
        { customerTransactionId: callId },
      ),
    // Quotes change nothing: an effect is an answer the fake gave for that call.
    effectsOf: (callId, injector) => ({
      effects:
        injector.calls.get(callId)?.attempts.filter((attempt) => attempt.fakeActed).length ?? 0,
      readOnly: true,
    }),
    // A success must carry a quote for the service asked.
    confirms: (result: RateQuoteResult) =>
      result.quotes.some((quote) => quote.serviceType === 'FEDEX_GROUND'),
  });
}
