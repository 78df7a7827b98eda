import { serveHandlers, unusedPort } from '@int/core/testing';
import { createMercadoPago, type Payment, toAmount } from '@int/mercadopago';
import { createMercadoPagoFake } from '@int/mercadopago/testing';
import { buildReport, type ChaosReport } from './chaos-report.js';
import type { ChaosSettings } from './chaos-settings.js';
import { createClientRetryLog } from './client-retries.js';
import { createFaultInjector } from './fault-injector.js';
import { runPool } from './run-pool.js';

/** MercadoPago's error body: `{ message, error, status, cause[] }`. */
const mercadoPagoError = (status: number, error: string, code: number | string, message: string) =>
  Response.json(
    { message, error, status, cause: [{ code, description: message }] },
    { status, headers: { 'x-request-id': 'mp-req-chaos' } },
  );

/** 2 000 Pix `payments.create`, each tagged `metadata.call_id`, through the injector. */
export async function runMercadoPagoChaos(
  settings: ChaosSettings,
  /** The client's `fetch`; the control run passes one that drops idempotency keys. */
  clientFetch?: typeof fetch,
): Promise<ChaosReport> {
  const port = await unusedPort();
  const baseURL = `http://127.0.0.1:${port}`;
  // The control run sends no keys: the fake must then take them, to show the duplicates.
  const fake = createMercadoPagoFake({ baseURL, requireIdempotencyKey: clientFetch === undefined });
  const injector = createFaultInjector({
    ...settings,
    identify: async (request) => {
      if (request.method !== 'POST') return undefined;
      let callId: unknown;
      try {
        callId = (await request.clone().json())?.metadata?.call_id;
      } catch {
        return undefined;
      }
      if (typeof callId !== 'string') return undefined;
      return { callId, idempotencyKey: request.headers.get('x-idempotency-key') ?? undefined };
    },
    errors: {
      rateLimited: () => mercadoPagoError(429, 'too_many_requests', 429, 'Too many requests.'),
      unavailable: () =>
        mercadoPagoError(503, 'internal_error', 'service_unavailable', 'Service unavailable.'),
      invalid: () => mercadoPagoError(400, 'bad_request', 2072, 'Invalid transaction_amount'),
    },
  });
  const clientRetries = createClientRetryLog();
  const server = await serveHandlers(fake.handlers, { port, intercept: injector.intercept });
  try {
    const mercadoPago = createMercadoPago({
      accessToken: 'TEST-chaos',
      baseURL,
      timeoutMs: settings.timeoutMs,
      retry: { ...settings.retry, onRetry: clientRetries.onRetry },
      fetch: clientFetch,
    });
    const callIds = Array.from({ length: settings.calls }, (_, index) => `call_${index}`);
    const started = performance.now();
    const outcomes = await runPool<Payment>(
      settings.calls,
      settings.concurrency,
      (index) =>
        clientRetries.withCall(callIds[index]!, () =>
          mercadoPago.payments.create({
            // Exact: `10 + index / 100` would drift (10.290000000000001) and be refused before sending.
            transaction_amount: toAmount(1000 + index, 'BRL'),
            payment_method_id: 'pix',
            payer: { email: `buyer${index}@example.com` },
            metadata: { call_id: callIds[index]! },
          }),
        ),
      settings.deadlineMs,
    );
    const elapsedMs = performance.now() - started;
    await injector.drain();

    const created = new Map<string, Payment[]>();
    for (const payment of fake.state.payments.values()) {
      const callId = payment.metadata?.call_id;
      if (typeof callId !== 'string') continue;
      created.set(callId, [...(created.get(callId) ?? []), payment]);
    }
    const report = buildReport({
      provider: 'mercadopago',
      callIds,
      outcomes,
      injector,
      clientRetries,
      plan: settings,
      elapsedMs,
      effectsOf: (callId) => ({ effects: created.get(callId)?.length ?? 0 }),
    });
    // A success must be the very payment the fake holds for that call: one per idempotency key.
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
