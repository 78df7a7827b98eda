/**
 * payments.create through @int/mercadopago, through the official `mercadopago`
 * SDK 3.6.1 and through raw fetch (the same JSON POST written by hand),
 * against one local keep-alive node:http server answering a fixed approved
 * Payment, at concurrency 1 and 32, in interleaved rounds (client-rounds.ts,
 * as for Stripe). One JSON line per contender, concurrency and round.
 * Run (from bench/): node --expose-gc --import tsx src/mercadopago-client.bench.ts
 * Knobs: BENCH_ROUNDS (default 5), BENCH_SCALE (default 1: 500 calls at c=1, 1 500 at c=32).
 */
import { createMercadoPago } from '@int/mercadopago';
import { MercadoPagoConfig, Payment } from 'mercadopago';
import { AppConfig } from 'mercadopago/dist/utils/config/index.js';
import { type ClientRound, runClientRounds } from './client-rounds.js';
import { startFixedAnswerServer } from './fixed-answer-server.js';

const BODY = JSON.stringify({
  id: 1_234_567_890,
  status: 'approved',
  status_detail: 'accredited',
  payment_method_id: 'visa',
  payment_type_id: 'credit_card',
  transaction_amount: 19.99,
  currency_id: 'BRL',
  installments: 1,
  description: 'Order 42',
  external_reference: 'order-42',
  payer: { email: 'buyer@example.com' },
  date_created: '2026-01-15T12:00:00.000-03:00',
});

const PARAMS = {
  transaction_amount: 19.99,
  token: 'card-token-bench',
  installments: 1,
  payment_method_id: 'visa',
  description: 'Order 42',
  external_reference: 'order-42',
  payer: { email: 'buyer@example.com' },
};

export type MercadoPagoClientRound = ClientRound<'int' | 'mercadopago' | 'fetch'>;

export async function runMercadoPagoClientBench(
  rounds = 5,
  scale = 1,
): Promise<MercadoPagoClientRound[]> {
  const server = await startFixedAnswerServer(BODY, { 'x-request-id': 'req-bench' });
  // The SDK has no base URL option: every call reads this static field (declared read-only; set once,
  // so no per-call cost), restored afterwards.
  const sdkConfig = AppConfig as unknown as { BASE_URL: string };
  const officialBaseURL = sdkConfig.BASE_URL;
  try {
    const int = createMercadoPago({ accessToken: 'TEST-bench', baseURL: server.url });
    sdkConfig.BASE_URL = server.url;
    const official = new Payment(new MercadoPagoConfig({ accessToken: 'TEST-bench' }));
    let key = 0;
    // What a careful hand-written call sends: auth, a fresh idempotency key, the JSON body.
    const viaFetch = async () => {
      key += 1;
      const response = await fetch(`${server.url}/v1/payments`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer TEST-bench',
          'content-type': 'application/json',
          'x-idempotency-key': `bench-${key}`,
        },
        body: JSON.stringify(PARAMS),
      });
      if (!response.ok) throw new Error(`status ${response.status}`);
      return response.json();
    };
    return await runClientRounds(
      [
        { id: 'int', call: () => int.payments.create(PARAMS) },
        { id: 'mercadopago', call: () => official.create({ body: PARAMS }) },
        { id: 'fetch', call: viaFetch },
      ],
      { rounds, scale },
    );
  } finally {
    sdkConfig.BASE_URL = officialBaseURL;
    server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  for (const result of await runMercadoPagoClientBench(rounds, scale))
    console.log(JSON.stringify(result));
}
