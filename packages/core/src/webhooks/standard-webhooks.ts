import { ConfigurationError, WebhookVerificationError } from '../errors.js';
import * as platform from '../platform/platform.js';
import { base64ToBytes, timingSafeEqualText } from './byte-encoding.js';
import { assertRawPayload, prefixedPayload, type RawPayload, toText } from './raw-payload.js';
import { readHeader, type WebhookHeaders } from './webhook-headers.js';
import { checkWebhookTimestamp } from './webhook-timestamp.js';

/** Default replay window, in seconds, in both directions. */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

const SECRET_PREFIX = 'whsec_';

export interface VerifyStandardWebhookOptions {
  /** The exact raw request body. */
  payload: RawPayload;
  /** Request headers; `webhook-id`, `webhook-timestamp` and `webhook-signature` are read. */
  headers: WebhookHeaders;
  /** Endpoint secret, `whsec_` + base64 (the prefix is optional). */
  secret: string;
  /** Accepted clock skew in seconds, for both old and future timestamps. Default 300. */
  toleranceSeconds?: number | undefined;
  /** Current time in epoch milliseconds. Default `Date.now`. */
  now?: (() => number) | undefined;
  /** Names the provider in errors. Default `standard-webhooks`. */
  provider?: string | undefined;
}

export interface VerifiedStandardWebhook {
  /** `webhook-id`: stable across redeliveries, so usable as an idempotency key. */
  id: string;
  /** `webhook-timestamp`, in Unix seconds. */
  timestamp: number;
  /** The body as UTF-8 text, unparsed. */
  payload: string;
}

export interface SignStandardWebhookOptions {
  id: string;
  /** Unix seconds. Default: now from `now`. */
  timestamp?: number | undefined;
  payload: RawPayload;
  secret: string;
  /** Current time in epoch milliseconds. Default `Date.now`. */
  now?: (() => number) | undefined;
}

export interface StandardWebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
  // So the result is a `HeadersInit` as is: `new Request(url, { headers })`.
  [name: string]: string;
}

/** The HMAC key is the base64-decoded part after `whsec_`, not the string itself. */
function secretKey(secret: string | undefined, provider: string): Uint8Array {
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new WebhookVerificationError(
      'Standard Webhooks secret is missing or empty. Pass the endpoint secret (`whsec_...`).',
      { reason: 'missing_secret', provider },
    );
  }
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = base64ToBytes(encoded);
  if (!key || key.length === 0) {
    throw new ConfigurationError(
      'Standard Webhooks secret is not valid: expected `whsec_` followed by base64.',
      { option: 'secret', provider },
    );
  }
  return key;
}

/** Signed content is `id.timestamp.body` over the body's exact bytes; text stays text (no copy). */
function signatureText(
  key: Uint8Array,
  id: string,
  timestamp: string,
  payload: RawPayload,
): string | Promise<string> {
  const message = prefixedPayload(`${id}.${timestamp}.`, payload);
  return platform.hmacText('sha256', key, message, 'base64');
}

/** Signs like a Standard Webhooks sender; returns the three headers to send. */
export async function signStandardWebhook(
  options: SignStandardWebhookOptions,
): Promise<StandardWebhookHeaders> {
  assertRawPayload(options.payload);
  const key = secretKey(options.secret, 'standard-webhooks');
  const timestamp = String(options.timestamp ?? Math.floor((options.now ?? Date.now)() / 1000));
  const signature = await signatureText(key, options.id, timestamp, options.payload);
  return {
    'webhook-id': options.id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${signature}`,
  };
}

/**
 * Verifies a Standard Webhooks request (also Svix and OpenAI): headers
 * present, timestamp within tolerance both ways, and any one `v1` signature
 * matching. Throws `WebhookVerificationError` with a `reason` otherwise.
 */
export async function verifyStandardWebhook(
  options: VerifyStandardWebhookOptions,
): Promise<VerifiedStandardWebhook> {
  const provider = options.provider ?? 'standard-webhooks';
  assertRawPayload(options.payload, provider);
  const key = secretKey(options.secret, provider);

  const id = readHeader(options.headers, 'webhook-id');
  const timestampHeader = readHeader(options.headers, 'webhook-timestamp');
  const signatureHeader = readHeader(options.headers, 'webhook-signature');
  const missing = [
    ['webhook-id', id],
    ['webhook-timestamp', timestampHeader],
    ['webhook-signature', signatureHeader],
  ]
    .filter(([, value]) => value === undefined || value.trim() === '')
    .map(([name]) => name);
  if (missing.length > 0 || !id || !timestampHeader || !signatureHeader) {
    throw new WebhookVerificationError(`Webhook header missing: ${missing.join(', ')}.`, {
      reason: 'missing_header',
      provider,
    });
  }

  if (!/^\d{1,15}$/.test(timestampHeader)) {
    throw new WebhookVerificationError(
      'Webhook header webhook-timestamp is not a Unix time in seconds.',
      {
        reason: 'malformed_header',
        provider,
      },
    );
  }
  // Whole seconds on both sides, as the scheme signs them.
  const timestamp = Number(timestampHeader);
  const now = options.now ?? Date.now;
  checkWebhookTimestamp({
    provider,
    timestampMs: timestamp * 1000,
    toleranceSec: options.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
    now:
      typeof now === 'function'
        ? () => {
            const ms: unknown = now();
            return typeof ms === 'number' ? Math.floor(ms / 1000) * 1000 : Number.NaN;
          }
        : now,
    prefix: 'Webhook: ',
    toleranceName: 'toleranceSeconds',
  });

  const entries = signatureHeader.split(/\s+/).filter((entry) => entry.length > 0);
  const parsed = entries.map((entry) => {
    const comma = entry.indexOf(',');
    return comma > 0
      ? { version: entry.slice(0, comma), value: entry.slice(comma + 1) }
      : undefined;
  });
  if (parsed.some((entry) => entry === undefined)) {
    throw new WebhookVerificationError(
      'Webhook header webhook-signature is malformed: expected space-separated `v1,<base64>` entries.',
      { reason: 'malformed_header', provider },
    );
  }

  const digest = signatureText(key, id, timestampHeader, options.payload);
  const expected = typeof digest === 'string' ? digest : await digest;
  let matched = false;
  for (const entry of parsed) {
    // Other versions (v1a is ed25519) are skipped, as the spec allows.
    if (entry?.version !== 'v1') continue;
    // The expected text is canonical base64, so only the canonical form matches.
    if (timingSafeEqualText(entry.value, expected)) matched = true;
  }
  if (!matched) {
    throw new WebhookVerificationError('No webhook signature matches the payload.', {
      reason: 'no_matching_signature',
      provider,
    });
  }
  return { id, timestamp, payload: toText(options.payload) };
}
