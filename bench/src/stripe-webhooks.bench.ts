/**
 * Webhook verifications per second: @int/stripe constructEvent (async, WebCrypto)
 * against stripe-node's constructEvent (sync, node:crypto) and constructEventAsync.
 * Each contender is measured for 1 s per round, BENCH_ROUNDS rounds (default 5)
 * in rotating order; one JSON line per contender and round.
 * Run: node --import tsx bench/src/stripe-webhooks.bench.ts
 */
import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { constructEvent, generateTestHeader } from '@int/stripe';
import Stripe from 'stripe';

const SECRET = 'whsec_bench_secret';
const PAYLOAD = JSON.stringify({
  id: 'evt_bench',
  object: 'event',
  type: 'payment_intent.succeeded',
  data: {
    object: {
      id: 'pi_1',
      object: 'payment_intent',
      amount: 1999,
      currency: 'usd',
      metadata: { order: '42' },
    },
  },
});

async function warmUp(verify: () => unknown) {
  for (let index = 0; index < 2_000; index += 1) await verify();
}

async function perSecond(verify: () => unknown, milliseconds: number) {
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < milliseconds) {
    for (let index = 0; index < 100; index += 1) await verify();
    count += 100;
  }
  return Math.round((count / (performance.now() - started)) * 1000);
}

export async function runStripeWebhooksBench(rounds = 5, milliseconds = 1_000) {
  const timestamp = Math.floor(Date.now() / 1000);
  const header = await generateTestHeader({ payload: PAYLOAD, secret: SECRET, timestamp });
  const node = new Stripe('sk_test_bench');
  const nodeHeader = node.webhooks.generateTestHeaderString({
    payload: PAYLOAD,
    secret: SECRET,
    timestamp,
  });
  if (nodeHeader !== header) throw new Error('the two libraries sign differently');
  // The HMAC primitive alone, on the same signed content: what each library is built on.
  const signed = new TextEncoder().encode(`${timestamp}.${PAYLOAD}`);
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(SECRET),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const contenders = [
    { id: 'int', verify: () => constructEvent(PAYLOAD, header, SECRET) },
    { id: 'stripe-node-sync', verify: () => node.webhooks.constructEvent(PAYLOAD, header, SECRET) },
    {
      id: 'stripe-node-async',
      verify: () => node.webhooks.constructEventAsync(PAYLOAD, header, SECRET),
    },
    { id: 'webcrypto-hmac', verify: () => crypto.subtle.sign('HMAC', key, signed) },
    {
      id: 'node-hmac',
      verify: () => createHmac('sha256', SECRET).update(signed).digest('hex'),
    },
  ];
  for (const contender of contenders) await warmUp(contender.verify);
  const results: Array<{ contender: string; round: number; verificationsPerSec: number }> = [];
  for (let round = 0; round < rounds; round += 1) {
    const shift = round % contenders.length;
    for (const contender of [...contenders.slice(shift), ...contenders.slice(0, shift)]) {
      const verificationsPerSec = await perSecond(contender.verify, milliseconds);
      results.push({ contender: contender.id, round, verificationsPerSec });
    }
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  for (const result of await runStripeWebhooksBench(rounds)) console.log(JSON.stringify(result));
}
