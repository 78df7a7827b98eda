/**
 * paymentIntents.create through @int/stripe, through stripe-node 23.1.0 and
 * through raw fetch (the same form-encoded POST written by hand), against one
 * local node:http server answering a fixed PaymentIntent, at concurrency 1
 * and 32. Rounds interleave the contenders in rotating order; one JSON line
 * per contender, concurrency and round.
 * Run: node --expose-gc --import tsx bench/src/stripe-client.bench.ts
 * Knobs: BENCH_ROUNDS (default 5), BENCH_SCALE (default 1: 500 calls at c=1, 1 500 at c=32).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createStripe, DEFAULT_API_VERSION } from '@int/stripe';
import Stripe from 'stripe';
import { drive } from './runner.js';

const BODY = JSON.stringify({
  id: 'pi_bench',
  object: 'payment_intent',
  amount: 1999,
  currency: 'usd',
  status: 'requires_payment_method',
  metadata: { order: '42' },
});

async function startServer() {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_bench' });
      response.end(BODY);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

export interface StripeClientRound {
  contender: 'int' | 'stripe-node' | 'fetch';
  concurrency: number;
  round: number;
  requests: number;
  requestsPerSecond: number;
}

const collectGarbage = (globalThis as { gc?: () => void }).gc;

export async function runStripeClientBench(rounds = 5, scale = 1): Promise<StripeClientRound[]> {
  const { server, port } = await startServer();
  try {
    const baseURL = `http://127.0.0.1:${port}`;
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
    const contenders = [
      { id: 'int' as const, call: () => int.paymentIntents.create(params) },
      { id: 'stripe-node' as const, call: () => node.paymentIntents.create(params) },
      { id: 'fetch' as const, call: viaFetch },
    ];
    const results: StripeClientRound[] = [];
    for (const concurrency of [1, 32]) {
      const requests = Math.round((concurrency === 1 ? 500 : 1_500) * scale);
      for (const contender of contenders) await drive(contender.call, 300, concurrency);
      for (let round = 0; round < rounds; round += 1) {
        const shift = round % contenders.length;
        for (const contender of [...contenders.slice(shift), ...contenders.slice(0, shift)]) {
          collectGarbage?.();
          const { requestsPerSecond } = await drive(contender.call, requests, concurrency);
          results.push({
            contender: contender.id,
            concurrency,
            round,
            requests,
            requestsPerSecond,
          });
        }
      }
    }
    return results;
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
