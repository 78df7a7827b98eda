import { serveHandlers, unusedPort } from '@int/core/testing';
import { createStripe, type PaymentIntent } from '@int/stripe';
import { createStripeFake } from '@int/stripe/testing';
import { buildReport, type ChaosReport } from './chaos-report.js';
import type { ChaosSettings } from './chaos-settings.js';
import { createClientRetryLog } from './client-retries.js';
import { createFaultInjector } from './fault-injector.js';
import { runPool } from './run-pool.js';

const stripeError = (status: number, error: Record<string, string>) =>
  Response.json({ error }, { status, headers: { 'request-id': 'req_chaos' } });

/** 2 000 `paymentIntents.create`, each tagged `metadata.call_id`, through the injector. */
export async function runStripeChaos(
  settings: ChaosSettings,
  /** The client's `fetch`; the control run passes one that drops idempotency keys. */
  clientFetch?: typeof fetch,
): Promise<ChaosReport> {
  const port = await unusedPort();
  const baseURL = `http://127.0.0.1:${port}`;
  const fake = createStripeFake({ baseURL });
  const injector = createFaultInjector({
    ...settings,
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
  });
  const clientRetries = createClientRetryLog();
  const server = await serveHandlers(fake.handlers, { port, intercept: injector.intercept });
  try {
    const stripe = createStripe({
      secretKey: 'sk_test_chaos',
      baseURL,
      timeoutMs: settings.timeoutMs,
      retry: { ...settings.retry, onRetry: clientRetries.onRetry },
      fetch: clientFetch,
    });
    const callIds = Array.from({ length: settings.calls }, (_, index) => `call_${index}`);
    const started = performance.now();
    const outcomes = await runPool<PaymentIntent>(
      settings.calls,
      settings.concurrency,
      (index) =>
        clientRetries.withCall(callIds[index]!, () =>
          stripe.paymentIntents.create({
            amount: 1000 + index,
            currency: 'usd',
            metadata: { call_id: callIds[index]! },
          }),
        ),
      settings.deadlineMs,
    );
    const elapsedMs = performance.now() - started;
    await injector.drain();

    const created = new Map<string, PaymentIntent[]>();
    for (const intent of fake.state.paymentIntents.values()) {
      const callId = intent.metadata?.call_id;
      if (typeof callId !== 'string') continue;
      created.set(callId, [...(created.get(callId) ?? []), intent]);
    }
    const report = buildReport({
      provider: 'stripe',
      callIds,
      outcomes,
      injector,
      clientRetries,
      plan: settings,
      elapsedMs,
      effectsOf: (callId) => ({ effects: created.get(callId)?.length ?? 0 }),
    });
    // A success must be the very PaymentIntent the fake holds for that call.
    outcomes.forEach((outcome, index) => {
      if (outcome.kind !== 'ok') return;
      const held = created.get(callIds[index]!);
      if (held?.length === 1 && held[0]!.id !== outcome.value.id) report.lost += 1;
    });
    return report;
  } finally {
    await server.close();
  }
}
