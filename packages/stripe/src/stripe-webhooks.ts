import {
  assertRawPayload,
  checkRotatedHmac,
  checkWebhookTimestamp,
  computeHmac,
  IntegrationError,
  prefixedPayload,
  type RawPayload,
  readHeader,
  signatureHeaderFields,
  toText,
  ValidationError,
  type VerifiedWebhookEvent,
  type WebhookHeaders,
  WebhookVerificationError,
  type WebhookVerifier,
  webhookSecrets,
} from '@int/core';
import type { StripeEvent } from './stripe-events.js';

/** A raw webhook body: the exact bytes Stripe sent (core's `RawPayload`). */
export type RawBody = RawPayload;

export interface ConstructEventOptions {
  /**
   * Largest accepted distance in seconds between the signature's timestamp
   * and now, in both directions (older is a replay, newer is a skewed or forged
   * clock). Default 300. Must be finite: `NaN` or `Infinity` is refused
   * (`invalid_time`), never a check switched off.
   */
  toleranceSec?: number | undefined;
  /** Current time in epoch milliseconds. Default `Date.now`. A non-finite answer is refused. */
  now?: (() => number) | undefined;
}

export interface GenerateTestHeaderOptions {
  /** The body exactly as it will be sent. */
  payload: RawBody;
  secret: string;
  /** Unix seconds. Default: now. */
  timestamp?: number | undefined;
}

function fail(reason: WebhookVerificationError['reason'], message: string): never {
  throw new WebhookVerificationError(message, {
    provider: 'stripe',
    operation: 'webhooks.constructEvent',
    reason,
  });
}

function checkedPayload(payload: unknown): string | Uint8Array {
  // Core's check: a parsed body is refused with a hint on reading the raw one.
  assertRawPayload(payload, 'stripe');
  return payload instanceof ArrayBuffer ? new Uint8Array(payload) : payload;
}

const DIGITS = /^\d+$/;

interface ParsedHeader {
  /** `t` exactly as sent: what Stripe signed (`t=00123` is not `t=123`). */
  timestampText: string;
  /** `t` as Unix seconds, for the window check. */
  timestamp: number;
  signatures: string[];
}

/** `t=...,v1=...,v1=...`: scanned in place (no split), as it runs on every delivery. */
function parseHeader(header: string): ParsedHeader {
  const fields = signatureHeaderFields(header);
  // The last well-formed `t` counts; every `v1` is a candidate (a rotation sends several).
  const timestampText = fields
    .get('t')
    ?.filter((value) => DIGITS.test(value))
    .at(-1);
  const signatures = (fields.get('v1') ?? []).map((value) => value.toLowerCase());
  const timestamp = Number(timestampText);
  // Hundreds of digits parse to Infinity: no window check could hold it.
  if (timestampText === undefined || !Number.isFinite(timestamp)) {
    fail(
      'malformed_header',
      'Stripe webhook: the Stripe-Signature header has no timestamp (t=...).',
    );
  }
  if (signatures.length === 0) {
    fail('malformed_header', 'Stripe webhook: the Stripe-Signature header has no v1 signature.');
  }
  return { timestampText, timestamp, signatures };
}

/**
 * Verifies a Stripe webhook and returns its event. Async on every runtime, so
 * Node, Bun, Deno, Workers and edge functions share one API; the HMAC runs on
 * node:crypto on Node and on WebCrypto elsewhere (core's platform adapter). `secret` may be a list (endpoint secret rotation); the header may carry
 * several `v1` signatures; any match passes. Every failure is a
 * `WebhookVerificationError` with a `reason`.
 */
export async function constructEvent<Event = StripeEvent>(
  rawBody: RawBody,
  signatureHeader: string | string[] | null | undefined,
  secret: string | readonly string[],
  options: ConstructEventOptions = {},
): Promise<Event> {
  const secrets = webhookSecrets(secret);
  if (secrets.length === 0) {
    fail('missing_secret', 'Stripe webhook: no endpoint secret (whsec_...) was given.');
  }
  const payload = checkedPayload(rawBody);
  const header = Array.isArray(signatureHeader) ? signatureHeader[0] : signatureHeader;
  if (typeof header !== 'string' || header.trim().length === 0) {
    fail('missing_header', 'Stripe webhook: the Stripe-Signature header is missing.');
  }
  const { timestampText, timestamp, signatures } = parseHeader(header);
  // What Stripe signs: the `t` text as sent, a dot, then the raw body.
  const signed = prefixedPayload(`${timestampText}.`, payload);
  const verdict = await checkRotatedHmac({
    payload: signed,
    secrets,
    signatures,
    provider: 'stripe',
  });
  if (verdict === 'malformed') {
    fail('malformed_header', 'Stripe webhook: the v1 signatures in Stripe-Signature are not hex.');
  }
  if (verdict === 'no-match') {
    fail(
      'no_matching_signature',
      'Stripe webhook: no signature matches. Check the endpoint secret and that the body is the raw request body.',
    );
  }
  // After the signature, as every verifier here: a NaN tolerance or clock is `invalid_time`.
  checkWebhookTimestamp({
    provider: 'stripe',
    operation: 'webhooks.constructEvent',
    timestampMs: timestamp * 1000,
    // `null` from plain JavaScript callers means "no options", like undefined.
    toleranceSec: options?.toleranceSec ?? 300,
    now: options?.now ?? Date.now,
    prefix: 'Stripe webhook: ',
  });
  try {
    return JSON.parse(toText(payload)) as Event;
  } catch (cause) {
    throw new IntegrationError('Stripe webhook: the signed body is not valid JSON.', {
      provider: 'stripe',
      operation: 'webhooks.constructEvent',
      cause,
    });
  }
}

/** A valid `Stripe-Signature` header for `payload`, for tests: `t=<timestamp>,v1=<hex>`. */
export async function generateTestHeader(options: GenerateTestHeaderOptions): Promise<string> {
  if (typeof options?.secret !== 'string' || options.secret.length === 0) {
    throw new ValidationError([{ path: ['secret'], message: 'is required' }], {
      provider: 'stripe',
      operation: 'webhooks.generateTestHeader',
    });
  }
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = await computeHmac({
    payload: prefixedPayload(`${timestamp}.`, checkedPayload(options.payload)),
    secret: options.secret,
    encoding: 'hex',
  });
  return `t=${timestamp},v1=${signature}`;
}

/**
 * A core `WebhookVerifier` for `createWebhookInbox`: checks `Stripe-Signature`
 * and hands the inbox Stripe's event id (the dedup key) and type.
 */
export function stripeWebhookVerifier(
  secret: string | readonly string[],
  options: ConstructEventOptions = {},
): WebhookVerifier {
  return {
    async verify(rawBody: RawPayload, headers: WebhookHeaders): Promise<VerifiedWebhookEvent> {
      const event = await constructEvent<{ id?: unknown; type?: unknown }>(
        rawBody,
        readHeader(headers, 'stripe-signature'),
        secret,
        options,
      );
      return {
        id: typeof event.id === 'string' ? event.id : '',
        type: typeof event.type === 'string' ? event.type : 'unknown',
        payload: event,
      };
    },
  };
}

export interface StripeWebhooks {
  constructEvent: typeof constructEvent;
  generateTestHeader: typeof generateTestHeader;
  /** A core `WebhookVerifier` for `createWebhookInbox`. */
  verifier: typeof stripeWebhookVerifier;
}

/** `import { webhooks } from '@int/stripe'`: the three together; no API key needed. */
export const webhooks: StripeWebhooks = {
  constructEvent,
  generateTestHeader,
  verifier: stripeWebhookVerifier,
};
