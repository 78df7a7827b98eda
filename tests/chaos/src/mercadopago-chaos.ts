import { createMercadoPago, type Payment, toAmount } from '@int/mercadopago';
import { createMercadoPagoFake } from '@int/mercadopago/testing';
import type { ChaosReport } from './chaos-report.js';
import { groupByCall, namesHeld, runChaos } from './chaos-run.js';
import type { ChaosSettings } from './chaos-settings.js';

/** MercadoPago's error body: `{ message, error, status, cause[] }`. */
const mercadoPagoError = (status: number, error: string, code: number | string, message: string) =>
  Response.json(
    { message, error, status, cause: [{ code, description: message }] },
    { status, headers: { 'x-request-id': 'mp-req-chaos' } },
  );

/** 2 000 Pix `payments.create`, each tagged `metadata.call_id`, through the injector. */
export function runMercadoPagoChaos(
  settings: ChaosSettings,
  /** The client's `fetch`; the control run passes one that drops idempotency keys. */
  clientFetch?: typeof fetch,
): Promise<ChaosReport> {
  return runChaos({
    provider: 'mercadopago',
    settings,
    callId: (index) => `call_${index}`,
    // The control run sends no keys: the fake must then take them, to show the duplicates.
    fake: (baseURL) =>
      createMercadoPagoFake({ baseURL, requireIdempotencyKey: clientFetch === undefined }),
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
    client: (baseURL, run) =>
      createMercadoPago({ accessToken: 'TEST-chaos', baseURL, ...run, fetch: clientFetch }),
    call: (mercadoPago, callId, index) =>
      mercadoPago.payments.create({
        // Exact: `10 + index / 100` would drift (10.290000000000001) and be refused before sending.
        transaction_amount: toAmount(1000 + index, 'BRL'),
        payment_method_id: 'pix',
        payer: { email: `buyer${index}@example.com` },
        metadata: { call_id: callId },
      }),
    held: (fake) =>
      groupByCall(
        [...fake.state.payments.values()].map(
          (payment) =>
            [payment.metadata?.call_id as string | undefined, String(payment.id)] as const,
        ),
      ),
    // A success must be the very payment the fake holds for that call: one per idempotency key.
    confirms: (payment: Payment, held) => namesHeld(String(payment.id), held),
  });
}
