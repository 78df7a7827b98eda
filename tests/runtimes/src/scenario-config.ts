import { createHmac } from 'node:crypto';
import { SecretBox } from '@int/core';
import type { MatrixServers } from './servers.js';

/** One fixed instant for every signature check, so no test depends on the wall date. */
export const NOW_MS = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const NOW_SECONDS = Math.floor(NOW_MS / 1000);

const STRIPE_SECRET = 'whsec_runtime_matrix';
const STRIPE_PAYLOAD = JSON.stringify({
  id: 'evt_runtime',
  object: 'event',
  type: 'payment_intent.succeeded',
  data: { object: { id: 'pi_runtime', object: 'payment_intent', amount: 1999 } },
});

const HUBSPOT_SECRET = 'hubspot-runtime-matrix-secret';
const STANDARD_KEY = new TextEncoder().encode('standard-webhooks-runtime-key-32');
const STANDARD_SECRET = `whsec_${Buffer.from(STANDARD_KEY).toString('base64')}`;
const STANDARD_PAYLOAD = '{"type":"invoice.paid","data":{"id":"in_1"}}';

/** What the scenario gets: where the fakes are, and vectors signed here on Node with node:crypto alone. */
export interface ScenarioConfig {
  stripeBaseURL: string;
  hubspotBaseURL: string;
  fedexBaseURL: string;
  retryIdempotencyKey: string;
  stripeWebhook: {
    payload: string;
    tamperedPayload: string;
    header: string;
    secret: string;
    nowMs: number;
  };
  hubspotV3: {
    input: {
      version: 'v3';
      clientSecret: string;
      method: string;
      url: string;
      body: string;
      signature: string;
      timestamp: string;
    };
    nowMs: number;
  };
  standardWebhook: {
    payload: string;
    headers: Record<string, string>;
    secret: string;
    nowMs: number;
  };
  secretBox: {
    keyId: string;
    key: string;
    envelope: string;
    associatedData: string;
    plaintext: string;
  };
}

/** The Standard Webhooks signature of `id` over the payload at NOW, by the spec and node:crypto. */
export function standardSignature(id: string): string {
  const digest = createHmac('sha256', STANDARD_KEY)
    .update(`${id}.${NOW_SECONDS}.${STANDARD_PAYLOAD}`)
    .digest('base64');
  return `v1,${digest}`;
}

export async function scenarioConfig(servers: MatrixServers): Promise<ScenarioConfig> {
  const stripeSignature = createHmac('sha256', STRIPE_SECRET)
    .update(`${NOW_SECONDS}.${STRIPE_PAYLOAD}`)
    .digest('hex');
  const hubspotUrl = 'https://example.com/webhooks/hubspot?portal=1';
  const hubspotBody = '[{"eventId":1,"subscriptionType":"contact.creation","objectId":7}]';
  const hubspotSignature = createHmac('sha256', HUBSPOT_SECRET)
    .update(`POST${hubspotUrl}${hubspotBody}${NOW_MS}`)
    .digest('base64');
  // A fresh key per run; the envelope is sealed here, on Node, and opened on the runtime.
  const key = SecretBox.generateKey();
  const plaintext = 'refresh-token-sealed-on-node';
  const envelope = await new SecretBox([{ id: 'k1', key }]).seal(plaintext, {
    associatedData: 'tokens/acme',
  });
  return {
    stripeBaseURL: servers.stripe.url,
    hubspotBaseURL: servers.hubspot.url,
    fedexBaseURL: servers.fedex.url,
    retryIdempotencyKey: servers.retryIdempotencyKey,
    stripeWebhook: {
      payload: STRIPE_PAYLOAD,
      tamperedPayload: STRIPE_PAYLOAD.replace('1999', '1'),
      header: `t=${NOW_SECONDS},v1=${stripeSignature}`,
      secret: STRIPE_SECRET,
      nowMs: NOW_MS,
    },
    hubspotV3: {
      input: {
        version: 'v3',
        clientSecret: HUBSPOT_SECRET,
        method: 'POST',
        url: hubspotUrl,
        body: hubspotBody,
        signature: hubspotSignature,
        timestamp: String(NOW_MS),
      },
      nowMs: NOW_MS,
    },
    standardWebhook: {
      payload: STANDARD_PAYLOAD,
      headers: {
        'webhook-id': 'msg_node',
        'webhook-timestamp': String(NOW_SECONDS),
        'webhook-signature': standardSignature('msg_node'),
      },
      secret: STANDARD_SECRET,
      nowMs: NOW_MS,
    },
    secretBox: { keyId: 'k1', key, envelope, associatedData: 'tokens/acme', plaintext },
  };
}
