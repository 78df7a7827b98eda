/**
 * Webhook verifications per second: @int/stripe constructEvent (async, WebCrypto)
 * against stripe-node's constructEvent (sync, node:crypto) and constructEventAsync.
 * Run: node --import tsx bench/src/stripe-webhooks.bench.ts
 */
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

async function perSecond(name: string, verify: () => unknown, milliseconds = 1_500) {
  for (let index = 0; index < 2_000; index += 1) await verify();
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < milliseconds) {
    for (let index = 0; index < 100; index += 1) await verify();
    count += 100;
  }
  return { name, verificationsPerSec: Math.round((count / (performance.now() - started)) * 1000) };
}

export async function runStripeWebhooksBench() {
  const timestamp = Math.floor(Date.now() / 1000);
  const header = await generateTestHeader({ payload: PAYLOAD, secret: SECRET, timestamp });
  const node = new Stripe('sk_test_bench');
  const nodeHeader = node.webhooks.generateTestHeaderString({
    payload: PAYLOAD,
    secret: SECRET,
    timestamp,
  });
  if (nodeHeader !== header) throw new Error('the two libraries sign differently');
  return [
    await perSecond('@int/stripe webhooks.constructEvent (async, WebCrypto)', () =>
      constructEvent(PAYLOAD, header, SECRET),
    ),
    await perSecond('stripe-node constructEvent (sync, node:crypto)', () =>
      node.webhooks.constructEvent(PAYLOAD, header, SECRET),
    ),
    await perSecond('stripe-node constructEventAsync', () =>
      node.webhooks.constructEventAsync(PAYLOAD, header, SECRET),
    ),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const result of await runStripeWebhooksBench()) console.log(JSON.stringify(result));
}
