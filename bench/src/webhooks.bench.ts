/**
 * Webhook verifications per second, ours against the reference library of
 * each scheme, in one process and one run:
 * - Stripe: @int/stripe `constructEvent` vs stripe-node's `constructEvent`
 *   (sync) and `constructEventAsync`;
 * - HubSpot v3: @int/hubspot `verifySignature` vs @hubspot/api-client's
 *   `Signature.isValid` (sync);
 * - Standard Webhooks: @int/core `verifyStandardWebhook` (+ JSON.parse, so both
 *   hand back the parsed event) vs `standardwebhooks`' `Webhook.verify` (sync);
 * - the HMAC primitives alone: node:crypto `createHmac` and WebCrypto `sign`.
 * Each contender is measured for 1 s per round, BENCH_ROUNDS rounds (default 5)
 * in rotating order; one JSON line per contender and round.
 * Run: node --import tsx bench/src/webhooks.bench.ts
 * Only some schemes: BENCH_WEBHOOKS=stripe,hubspot,standard,primitive (default all).
 */
import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Signature } from '@hubspot/api-client';
import { signStandardWebhook, verifyStandardWebhook } from '@int/core';
import { computeWebhookSignature, verifySignature } from '@int/hubspot';
import { constructEvent, generateTestHeader } from '@int/stripe';
import { Webhook } from 'standardwebhooks';
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
const HUBSPOT_SECRET = 'hubspot-client-secret-bench';
const HUBSPOT_URL = 'https://example.com/webhooks/hubspot';
const HUBSPOT_BODY = JSON.stringify([
  {
    eventId: 1,
    subscriptionType: 'contact.creation',
    objectId: 123,
    occurredAt: 1_700_000_000_000,
  },
]);
// Standard Webhooks secrets are `whsec_` + base64 of the key bytes.
const STANDARD_SECRET = `whsec_${Buffer.from('standard-webhooks-bench-key-32b!').toString('base64')}`;

export interface Contender {
  id: string;
  scheme: 'stripe' | 'hubspot' | 'standard' | 'primitive';
  verify: () => unknown;
}

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

async function stripeContenders(now: number): Promise<Contender[]> {
  const timestamp = Math.floor(now / 1000);
  const header = await generateTestHeader({ payload: PAYLOAD, secret: SECRET, timestamp });
  const node = new Stripe('sk_test_bench');
  const nodeHeader = node.webhooks.generateTestHeaderString({
    payload: PAYLOAD,
    secret: SECRET,
    timestamp,
  });
  if (nodeHeader !== header) throw new Error('the two Stripe libraries sign differently');
  return [
    { id: 'int', scheme: 'stripe', verify: () => constructEvent(PAYLOAD, header, SECRET) },
    {
      id: 'stripe-node-sync',
      scheme: 'stripe',
      verify: () => node.webhooks.constructEvent(PAYLOAD, header, SECRET),
    },
    {
      id: 'stripe-node-async',
      scheme: 'stripe',
      verify: () => node.webhooks.constructEventAsync(PAYLOAD, header, SECRET),
    },
  ];
}

async function hubspotContenders(now: number): Promise<Contender[]> {
  const signature = await computeWebhookSignature({
    version: 'v3',
    clientSecret: HUBSPOT_SECRET,
    method: 'POST',
    url: HUBSPOT_URL,
    body: HUBSPOT_BODY,
    timestamp: now,
  });
  const input = {
    version: 'v3' as const,
    clientSecret: HUBSPOT_SECRET,
    method: 'POST',
    url: HUBSPOT_URL,
    body: HUBSPOT_BODY,
    signature,
    timestamp: String(now),
  };
  const theirs = {
    signatureVersion: 'v3',
    clientSecret: HUBSPOT_SECRET,
    method: 'POST',
    url: HUBSPOT_URL,
    requestBody: HUBSPOT_BODY,
    signature,
    timestamp: now,
  };
  if (!(await verifySignature(input)) || !Signature.isValid(theirs)) {
    throw new Error('the two HubSpot libraries disagree on a valid v3 signature');
  }
  return [
    { id: 'int-hubspot-v3', scheme: 'hubspot', verify: () => verifySignature(input) },
    { id: 'hubspot-api-client-v3', scheme: 'hubspot', verify: () => Signature.isValid(theirs) },
  ];
}

async function standardContenders(now: number): Promise<Contender[]> {
  const signed = await signStandardWebhook({
    id: 'msg_bench',
    timestamp: Math.floor(now / 1000),
    payload: PAYLOAD,
    secret: STANDARD_SECRET,
  });
  const headers: Record<string, string> = { ...signed };
  const reference = new Webhook(STANDARD_SECRET);
  reference.verify(PAYLOAD, headers);
  return [
    {
      id: 'int-standard-webhooks',
      scheme: 'standard',
      verify: async () =>
        JSON.parse(
          (await verifyStandardWebhook({ payload: PAYLOAD, headers, secret: STANDARD_SECRET }))
            .payload,
        ),
    },
    {
      id: 'standardwebhooks',
      scheme: 'standard',
      verify: () => reference.verify(PAYLOAD, headers),
    },
  ];
}

async function primitiveContenders(now: number): Promise<Contender[]> {
  // The HMAC primitive alone, on Stripe's signed content: what each library is built on.
  const signed = new TextEncoder().encode(`${Math.floor(now / 1000)}.${PAYLOAD}`);
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(SECRET),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return [
    {
      id: 'webcrypto-hmac',
      scheme: 'primitive',
      verify: () => crypto.subtle.sign('HMAC', key, signed),
    },
    {
      id: 'node-hmac',
      scheme: 'primitive',
      verify: () => createHmac('sha256', SECRET).update(signed).digest('hex'),
    },
  ];
}

export async function runWebhooksBench(
  rounds = 5,
  milliseconds = 1_000,
  schemes: ReadonlyArray<string> = ['stripe', 'hubspot', 'standard', 'primitive'],
) {
  const now = Date.now();
  const builders: Record<string, (now: number) => Promise<Contender[]>> = {
    stripe: stripeContenders,
    hubspot: hubspotContenders,
    standard: standardContenders,
    primitive: primitiveContenders,
  };
  const contenders: Contender[] = [];
  for (const scheme of schemes) contenders.push(...(await (builders[scheme]?.(now) ?? [])));
  for (const contender of contenders) await warmUp(contender.verify);
  const results: Array<{
    contender: string;
    scheme: string;
    round: number;
    verificationsPerSec: number;
  }> = [];
  for (let round = 0; round < rounds; round += 1) {
    const shift = round % contenders.length;
    for (const contender of [...contenders.slice(shift), ...contenders.slice(0, shift)]) {
      const verificationsPerSec = await perSecond(contender.verify, milliseconds);
      results.push({
        contender: contender.id,
        scheme: contender.scheme,
        round,
        verificationsPerSec,
      });
    }
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const schemes = process.env.BENCH_WEBHOOKS?.split(',').map((scheme) => scheme.trim());
  for (const result of await runWebhooksBench(rounds, 1_000, schemes)) {
    console.log(JSON.stringify(result));
  }
}
