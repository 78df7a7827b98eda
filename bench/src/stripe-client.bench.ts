/**
 * paymentIntents.create through @int/stripe and through stripe-node 23.1.0,
 * against one local node:http server answering a fixed PaymentIntent.
 * Run: node --import tsx bench/src/stripe-client.bench.ts (needs `stripe@23.1.0` and `@int/stripe` resolvable).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createStripe } from '@int/stripe';
import Stripe from 'stripe';

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

interface Result {
  name: string;
  requests: number;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

async function measure(
  name: string,
  call: () => Promise<unknown>,
  total: number,
  concurrency: number,
): Promise<Result> {
  for (let index = 0; index < 300; index += 1) await call(); // warm-up
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next += 1;
        const begin = performance.now();
        await call();
        latencies.push(performance.now() - begin);
      }
    }),
  );
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? 0;
  return {
    name,
    requests: latencies.length,
    opsPerSec: Math.round((latencies.length / elapsed) * 1000),
    p50Ms: Number(at(0.5).toFixed(3)),
    p99Ms: Number(at(0.99).toFixed(3)),
  };
}

export async function runStripeClientBench(total = 5_000, concurrency = 8): Promise<Result[]> {
  const { server, port } = await startServer();
  try {
    const int = createStripe({ secretKey: 'sk_test_bench', baseURL: `http://127.0.0.1:${port}` });
    const node = new Stripe('sk_test_bench', {
      host: '127.0.0.1',
      port,
      protocol: 'http',
      telemetry: false,
    });
    const params = { amount: 1999, currency: 'usd', metadata: { order: '42' } };
    const results: Result[] = [];
    // Alternate, twice, so neither side always runs on a warmer process.
    for (let round = 0; round < 2; round += 1) {
      results.push(
        await measure(
          '@int/stripe paymentIntents.create',
          () => int.paymentIntents.create(params),
          total,
          concurrency,
        ),
      );
      results.push(
        await measure(
          'stripe-node 23.1.0 paymentIntents.create',
          () => node.paymentIntents.create(params),
          total,
          concurrency,
        ),
      );
    }
    return results;
  } finally {
    server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const result of await runStripeClientBench()) console.log(JSON.stringify(result));
}
