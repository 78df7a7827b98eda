/**
 * paymentIntents.create through @int/stripe, through stripe-node 23.1.0 and
 * through raw fetch (the same form-encoded POST written by hand), against one
 * local node:http server answering a fixed PaymentIntent, at concurrency 1
 * and 32. Rounds interleave the contenders in rotating order; one JSON line
 * per contender, concurrency and round.
 * Run: node --expose-gc --import tsx bench/src/stripe-client.bench.ts
 * Knobs: BENCH_ROUNDS (default 5), BENCH_SCALE (default 1: 500 calls at c=1, 1 500 at c=32).
 */
import { createStripe, DEFAULT_API_VERSION } from '@int/stripe';
import Stripe from 'stripe';
import { type ClientRound, runClientRounds } from './client-rounds.js';
import { startFixedAnswerServer } from './fixed-answer-server.js';

const BODY = JSON.stringify({
  id: 'pi_bench',
  object: 'payment_intent',
  amount: 1999,
  currency: 'usd',
  status: 'requires_payment_method',
  metadata: { order: '42' },
});

export type StripeClientRound = ClientRound<'int' | 'stripe-node' | 'fetch'>;

export async function runStripeClientBench(rounds = 5, scale = 1): Promise<StripeClientRound[]> {
  const server = await startFixedAnswerServer(BODY, { 'request-id': 'req_bench' });
  try {
    const { url: baseURL, port } = server;
    const int = createStripe({ secretKey: 'sk_test_bench', baseURL });
    const node = new Stripe('sk_test_bench', {
      host: '127.0.0.1',
      port,
      protocol: 'http',
      telemetry: false,
    });
    const params = { amount: 1999, currency: 'usd', metadata: { order: '42' } };
    let key = 0;
    // What a careful hand-written call sends: auth, version, an idempotency key, form body.
    const viaFetch = async () => {
      key += 1;
      const response = await fetch(`${baseURL}/v1/payment_intents`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer sk_test_bench',
          'content-type': 'application/x-www-form-urlencoded',
          'stripe-version': DEFAULT_API_VERSION,
          'idempotency-key': `bench-${key}`,
        },
        body: 'amount=1999&currency=usd&metadata[order]=42',
      });
      if (!response.ok) throw new Error(`status ${response.status}`);
      return response.json();
    };
    return await runClientRounds(
      [
        { id: 'int', call: () => int.paymentIntents.create(params) },
        { id: 'stripe-node', call: () => node.paymentIntents.create(params) },
        { id: 'fetch', call: viaFetch },
      ],
      { rounds, scale },
    );
  } finally {
    server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  for (const result of await runStripeClientBench(rounds, scale))
    console.log(JSON.stringify(result));
}
