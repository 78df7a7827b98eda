import { createStripe, type PaymentIntent } from '@int/stripe';
import { createStripeFake } from '@int/stripe/testing';
import type { ChaosReport } from './chaos-report.js';
import { groupByCall, namesHeld, runChaos } from './chaos-run.js';
import type { ChaosSettings } from './chaos-settings.js';

const stripeError = (status: number, error: Record<string, string>) =>
  Response.json({ error }, { status, headers: { 'request-id': 'req_chaos' } });

/** 2 000 `paymentIntents.create`, each tagged `metadata.call_id`, through the injector. */
export function runStripeChaos(
  settings: ChaosSettings,
  /** The client's `fetch`; the control run passes one that drops idempotency keys. */
  clientFetch?: typeof fetch,
): Promise<ChaosReport> {
  return runChaos({
    provider: 'stripe',
    settings,
    callId: (index) => `call_${index}`,
    fake: (baseURL) => createStripeFake({ baseURL }),
    identify: async (request) => {
      if (request.method !== 'POST') return undefined;
      const callId = new URLSearchParams(await request.clone().text()).get('metadata[call_id]');
      if (!callId) return undefined;
      return { callId, idempotencyKey: request.headers.get('idempotency-key') ?? undefined };
    },
    errors: {
      rateLimited: () =>
        stripeError(429, {
          type: 'invalid_request_error',
          code: 'rate_limit',
          message: 'Too many requests hit the API too quickly.',
        }),
      unavailable: () =>
        stripeError(503, { type: 'api_error', message: 'The service is temporarily unavailable.' }),
      invalid: () =>
        stripeError(400, {
          type: 'invalid_request_error',
          code: 'parameter_invalid_integer',
          param: 'amount',
          message: 'Invalid integer: amount.',
        }),
    },
    client: (baseURL, run) =>
      createStripe({ secretKey: 'sk_test_chaos', baseURL, ...run, fetch: clientFetch }),
    call: (stripe, callId, index) =>
      stripe.paymentIntents.create({
        amount: 1000 + index,
        currency: 'usd',
        metadata: { call_id: callId },
      }),
    held: (fake) =>
      groupByCall(
        [...fake.state.paymentIntents.values()].map(
          (intent) => [intent.metadata?.call_id, intent.id] as const,
        ),
      ),
    // A success must be the very PaymentIntent the fake holds for that call.
    confirms: (intent: PaymentIntent, held) => namesHeld(intent.id, held),
  });
}
