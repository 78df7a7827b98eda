import { serveHandlers, unusedPort } from '@int/core/testing';
import { createFedEx, type Party, type RateQuoteResult } from '@int/fedex';
import { createFedExFake } from '@int/fedex/testing';
import { buildReport, type ChaosReport } from './chaos-report.js';
import type { ChaosSettings } from './chaos-settings.js';
import { createClientRetryLog } from './client-retries.js';
import { createFaultInjector } from './fault-injector.js';
import { runPool } from './run-pool.js';

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
export async function runFedExChaos(settings: ChaosSettings): Promise<ChaosReport> {
  const port = await unusedPort();
  const baseURL = `http://127.0.0.1:${port}`;
  const fake = createFedExFake({ baseURL });
  const injector = createFaultInjector({
    ...settings,
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
  });
  const clientRetries = createClientRetryLog();
  const server = await serveHandlers(fake.handlers, { port, intercept: injector.intercept });
  try {
    const fedex = createFedEx({
      clientId: 'test-client-id',
      clientSecret: 'test-client-secret',
      accountNumber: '740561073',
      baseURL,
      timeoutMs: settings.timeoutMs,
      retry: { ...settings.retry, onRetry: clientRetries.onRetry },
      rateLimiter: false,
    });
    const callIds = Array.from({ length: settings.calls }, (_, index) => `chaos-quote-${index}`);
    const started = performance.now();
    const outcomes = await runPool<RateQuoteResult>(
      settings.calls,
      settings.concurrency,
      (index) =>
        clientRetries.withCall(callIds[index]!, () =>
          fedex.rates.quote(
            {
              shipper,
              recipient,
              packages: [{ weight: { units: 'LB', value: 1 + (index % 50) } }],
              serviceType: 'FEDEX_GROUND',
            },
            { customerTransactionId: callIds[index]! },
          ),
        ),
      settings.deadlineMs,
    );
    const elapsedMs = performance.now() - started;
    await injector.drain();

    const report = buildReport({
      provider: 'fedex',
      callIds,
      outcomes,
      injector,
      clientRetries,
      plan: settings,
      elapsedMs,
      // Quotes change nothing: an effect is an answer the fake gave for that call.
      effectsOf: (callId) => ({
        effects:
          injector.calls.get(callId)?.attempts.filter((attempt) => attempt.fakeActed).length ?? 0,
        readOnly: true,
      }),
    });
    // A success must carry a quote for the service asked.
    for (const outcome of outcomes) {
      if (outcome.kind !== 'ok') continue;
      if (!outcome.value.quotes.some((quote) => quote.serviceType === 'FEDEX_GROUND')) {
        report.lost += 1;
      }
    }
    return report;
  } finally {
    await server.close();
  }
}
