import { IntegrationError, ValidationError, WebhookVerificationError } from '@int/core';
import { hmacSha256Hex, timingSafeEqualText } from './hmac-stand-in.js';
import type { StripeEvent } from './stripe-events.js';

/** A raw webhook body: the exact bytes Stripe sent. */
export type RawBody = string | Uint8Array | ArrayBuffer;

export interface ConstructEventOptions {
  /**
   * Largest accepted distance in seconds between the signature's timestamp
   * and now, in both directions (older is a replay, newer is a skewed or forged
   * clock). Default 300. `Infinity` turns the check off.
   */
  toleranceSec?: number;
  /** Current time in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

export interface GenerateTestHeaderOptions {
  /** The body exactly as it will be sent. */
  payload: RawBody;
  secret: string;
  /** Unix seconds. Default: now. */
  timestamp?: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function fail(reason: WebhookVerificationError['reason'], message: string): never {
  throw new WebhookVerificationError(message, {
    provider: 'stripe',
    operation: 'webhooks.constructEvent',
    reason,
  });
}

function toBytes(payload: unknown): Uint8Array {
  if (typeof payload === 'string') return encoder.encode(payload);
  if (payload instanceof Uint8Array) return payload; // Buffer too
  if (payload instanceof ArrayBuffer) return new Uint8Array(payload);
  if (payload === undefined || payload === null) {
    fail('payload_not_raw', 'Stripe webhook: no request body was given; pass the raw body.');
  }
  return fail(
    'payload_not_raw',
    `Stripe webhook: the body is ${Array.isArray(payload) ? 'an array' : `a parsed ${typeof payload}`}, not the raw request body. ` +
      'A body parser re-serialises JSON and breaks the signature: read the raw body ' +
      "(express.raw({ type: 'application/json' }), await request.text(), await c.req.text()).",
  );
}

function parseHeader(header: string): { timestamp: number; signatures: string[] } {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator <= 0) continue;
    const name = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (name === 't' && /^\d+$/.test(value)) timestamp = Number(value);
    else if (name === 'v1' && value.length > 0) signatures.push(value.toLowerCase());
  }
  if (timestamp === undefined) {
    fail(
      'malformed_header',
      'Stripe webhook: the Stripe-Signature header has no timestamp (t=...).',
    );
  }
  if (signatures.length === 0) {
    fail('malformed_header', 'Stripe webhook: the Stripe-Signature header has no v1 signature.');
  }
  return { timestamp, signatures };
}

/** `t=<seconds>,v1=<hex>` for `payload`, as Stripe signs it. */
export async function computeStripeSignature(
  payload: Uint8Array,
  secret: string,
  timestamp: number,
): Promise<string> {
  const prefix = encoder.encode(`${timestamp}.`);
  const signed = new Uint8Array(prefix.length + payload.length);
  signed.set(prefix, 0);
  signed.set(payload, prefix.length);
  return hmacSha256Hex(secret, signed);
}

/**
 * Verifies a Stripe webhook and returns its event. Async on every runtime
 * (WebCrypto), so Node, Bun, Deno, Workers and edge functions share one code
 * path. `secret` may be a list (endpoint secret rotation); the header may carry
 * several `v1` signatures; any match passes. Every failure is a
 * `WebhookVerificationError` with a `reason`.
 */
export async function constructEvent<Event = StripeEvent>(
  rawBody: RawBody,
  signatureHeader: string | string[] | null | undefined,
  secret: string | readonly string[],
  options: ConstructEventOptions = {},
): Promise<Event> {
  const toleranceSec = options.toleranceSec ?? 300;
  if (typeof toleranceSec !== 'number' || Number.isNaN(toleranceSec) || toleranceSec < 0) {
    throw new ValidationError(
      [{ path: ['toleranceSec'], message: 'must be a non-negative number of seconds' }],
      {
        provider: 'stripe',
        operation: 'webhooks.constructEvent',
      },
    );
  }
  const secrets = (
    typeof secret === 'string' ? [secret] : Array.isArray(secret) ? secret : []
  ).filter((item): item is string => typeof item === 'string' && item.length > 0);
  if (secrets.length === 0) {
    fail('missing_secret', 'Stripe webhook: no endpoint secret (whsec_...) was given.');
  }
  const payload = toBytes(rawBody);
  const header = Array.isArray(signatureHeader) ? signatureHeader[0] : signatureHeader;
  if (typeof header !== 'string' || header.trim().length === 0) {
    fail('missing_header', 'Stripe webhook: the Stripe-Signature header is missing.');
  }
  const { timestamp, signatures } = parseHeader(header);
  let matched = false;
  for (const candidate of secrets) {
    const expected = await computeStripeSignature(payload, candidate, timestamp);
    // Compare against every signature (no early exit) so timing says nothing.
    for (const signature of signatures)
      matched = timingSafeEqualText(expected, signature) || matched;
  }
  if (!matched) {
    fail(
      'no_matching_signature',
      'Stripe webhook: no signature matches. Check the endpoint secret and that the body is the raw request body.',
    );
  }
  const ageMs = (options.now ?? Date.now)() - timestamp * 1000;
  if (ageMs > toleranceSec * 1000) {
    fail(
      'timestamp_too_old',
      `Stripe webhook: the signature is ${Math.round(ageMs / 1000)} s old (tolerance ${toleranceSec} s).`,
    );
  }
  if (-ageMs > toleranceSec * 1000) {
    fail(
      'timestamp_too_new',
      `Stripe webhook: the signature is ${Math.round(-ageMs / 1000)} s in the future (tolerance ${toleranceSec} s).`,
    );
  }
  try {
    return JSON.parse(decoder.decode(payload)) as Event;
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
  const signature = await computeStripeSignature(
    toBytes(options.payload),
    options.secret,
    timestamp,
  );
  return `t=${timestamp},v1=${signature}`;
}

export interface StripeWebhooks {
  constructEvent: typeof constructEvent;
  generateTestHeader: typeof generateTestHeader;
}

/** `stripe.webhooks`: no API key needed. */
export const webhooks: StripeWebhooks = { constructEvent, generateTestHeader };
