import {
  checkWebhookTimestamp,
  computeHmac,
  sha256Hex,
  timingSafeEqual,
  ValidationIssues,
  verifyHmac,
  WebhookVerificationError,
  type WebhookVerificationFailure,
} from '@int/core';
import type {
  SignWebhookInput,
  VerifyRequestOptions,
  VerifySignatureInput,
  WebhookSignatureVersion,
  WebhooksApi,
} from './webhook-types.js';

const encoder = new TextEncoder();

/** HubSpot's replay window for v3 signatures: 5 minutes, checked both ways. */
export const WEBHOOK_TOLERANCE_MS = 5 * 60 * 1000;

const VERSION_RANK: Record<WebhookSignatureVersion, number> = { v1: 1, v2: 2, v3: 3 };

/** The rank of a known version, else undefined (own keys only: `toString` is no version). */
export const versionRank = (version: unknown): number | undefined =>
  typeof version === 'string' && Object.hasOwn(VERSION_RANK, version)
    ? VERSION_RANK[version as WebhookSignatureVersion]
    : undefined;

/**
 * The oldest signature version accepted. Default `v3`, the only one with a
 * timestamp: v1 and v2 signatures never expire, so a captured delivery
 * replayed with its v3 headers stripped would verify forever.
 */
export const DEFAULT_MIN_VERSION: WebhookSignatureVersion = 'v3';

// HubSpot decodes exactly these escapes in the URI before signing v3.
const V3_ESCAPES = /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi;

/** The URI as HubSpot signs it for v3. */
function decodeV3Uri(uri: string): string {
  // Most URLs carry no escape: skip the regex on every delivery.
  if (!uri.includes('%')) return uri;
  return uri.replace(V3_ESCAPES, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

function v3Message(method: string, url: string | undefined, body: string, timestamp: unknown) {
  return `${method}${decodeV3Uri(url ?? '')}${body}${timestamp ?? ''}`;
}

/** The signature HubSpot would send for this request. */
export async function computeWebhookSignature(input: SignWebhookInput): Promise<string> {
  const issues = new ValidationIssues('hubspot', 'webhooks.computeSignature');
  if (issues.object([], input)) {
    issues.oneOf(['version'], input.version ?? '', ['v1', 'v2', 'v3']);
    issues.nonEmptyString(['clientSecret'], input.clientSecret);
    if (typeof input.body !== 'string') issues.add(['body'], 'must be a string');
    for (const name of ['method', 'url'] as const) {
      if (input[name] !== undefined && typeof input[name] !== 'string')
        issues.add([name], 'must be a string');
    }
    if (input.timestamp !== undefined && !Number.isFinite(input.timestamp))
      issues.add(['timestamp'], 'must be a number of epoch milliseconds');
  }
  issues.throwIfAny();
  const method = (input.method ?? 'POST').toUpperCase();
  if (input.version === 'v3') {
    const payload = v3Message(method, input.url, input.body, input.timestamp);
    return computeHmac({ payload, secret: input.clientSecret, encoding: 'base64' });
  }
  const url = input.version === 'v2' ? `${method}${input.url ?? ''}` : '';
  return sha256Hex(`${input.clientSecret}${url}${input.body}`);
}

/** Only `constructEvents` lets these out; the boolean checks answer `false`. */
export function failVerification(reason: WebhookVerificationFailure, message: string): never {
  throw new WebhookVerificationError(message, {
    provider: 'hubspot',
    operation: 'webhooks.constructEvents',
    reason,
  });
}

/**
 * The one signature check of this package: throws `WebhookVerificationError`
 * with its reason unless the signature matches (in constant time) and, for
 * v3, the timestamp is within the window. Every number must be finite: a NaN
 * would make both window comparisons false and pass a stale request.
 */
export async function assertSignature(input: VerifySignatureInput): Promise<void> {
  const method = (input.method ?? 'POST').toUpperCase();
  const signature = input.signature.trim();
  if (input.version !== 'v3') {
    const expected = await computeWebhookSignature({ ...input, method, timestamp: undefined });
    // Plain SHA-256 hashes (not HMACs), compared in constant time too.
    if (!timingSafeEqual(encoder.encode(expected), encoder.encode(signature.toLowerCase()))) {
      failVerification('no_matching_signature', 'HubSpot signature does not match.');
    }
    return;
  }
  if (input.timestamp === undefined || input.timestamp === '') {
    failVerification('missing_header', 'X-HubSpot-Request-Timestamp is missing.');
  }
  // Signed as sent in the header.
  const timestampText = String(input.timestamp).trim();
  const timestamp = Number(timestampText);
  if (!Number.isFinite(timestamp)) {
    failVerification(
      'malformed_header',
      'X-HubSpot-Request-Timestamp is not a number of milliseconds.',
    );
  }
  // Core's replay window, fail-closed: a clock that is not a function (a number,
  // say) or a tolerance that is not a finite number of ms is `invalid_time`.
  checkWebhookTimestamp({
    provider: 'hubspot',
    operation: 'webhooks.constructEvents',
    timestampMs: timestamp,
    toleranceMs: input.toleranceMs ?? WEBHOOK_TOLERANCE_MS,
    now: input.now === undefined ? Date.now : input.now,
    prefix: 'HubSpot webhook: ',
  });
  // Core's HMAC check (node:crypto on Node, WebCrypto elsewhere), constant-time.
  await verifyHmac({
    payload: v3Message(method, input.url, input.body, timestampText),
    secret: input.clientSecret,
    signature,
    encoding: 'base64',
    provider: 'hubspot',
  });
}

/**
 * The signature a request carries: v3 when `X-HubSpot-Signature-v3` is
 * present, else `X-HubSpot-Signature` with `X-HubSpot-Signature-Version` (v1
 * when absent), which counts only from `minVersion` on: without a timestamp a
 * replay cannot be told from a delivery.
 */
export function readSignatureHeaders(
  header: (name: string) => string | undefined,
  minVersion: WebhookSignatureVersion,
): { version: WebhookSignatureVersion; signature: string; timestamp: string | undefined } {
  const v3 = header('x-hubspot-signature-v3');
  if (v3) return { version: 'v3', signature: v3, timestamp: header('x-hubspot-request-timestamp') };
  const signature = header('x-hubspot-signature');
  if (!signature) {
    failVerification(
      'missing_header',
      'X-HubSpot-Signature-v3 (or X-HubSpot-Signature) is missing.',
    );
  }
  const version = (header('x-hubspot-signature-version') ?? 'v1').toLowerCase();
  if (version !== 'v1' && version !== 'v2') {
    failVerification('malformed_header', 'X-HubSpot-Signature-Version is not v1, v2 or v3.');
  }
  if (VERSION_RANK[version] < VERSION_RANK[minVersion]) {
    failVerification(
      'missing_header',
      `A ${minVersion} signature is required; the request has ${version} only.`,
    );
  }
  return { version, signature, timestamp: undefined };
}

/**
 * Checks a HubSpot request signature; true only when it matches (compared in
 * constant time), its version is at least `minVersion` (default v3) and, for
 * v3, the timestamp is within 5 minutes of now in either direction. Never
 * throws for a bad signature.
 */
export async function verifySignature(input: VerifySignatureInput): Promise<boolean> {
  if (!input || typeof input.clientSecret !== 'string' || input.clientSecret.length === 0)
    return false;
  if (typeof input.signature !== 'string' || input.signature.length === 0) return false;
  if (typeof input.body !== 'string') return false;
  const rank = versionRank(input.version);
  // An unknown minVersion fails closed, like an unknown version.
  const floor = versionRank(input.minVersion ?? DEFAULT_MIN_VERSION);
  if (rank === undefined || floor === undefined || rank < floor) return false;
  return assertSignature(input).then(
    () => true,
    () => false,
  );
}

/**
 * Verifies a web `Request` from HubSpot, reading its headers (see
 * `readSignatureHeaders`). The body is read from a clone, so the request stays readable.
 */
export async function verifyRequest(
  request: Request,
  clientSecret: string,
  options: VerifyRequestOptions = {},
): Promise<boolean> {
  const body = await request.clone().text();
  const minVersion = options?.minVersion ?? DEFAULT_MIN_VERSION;
  try {
    const signed = readSignatureHeaders(
      (name) => request.headers.get(name) ?? undefined,
      minVersion,
    );
    // `null` from plain JavaScript callers means "no options", like undefined.
    return await verifySignature({
      ...signed,
      clientSecret,
      method: request.method,
      url: options?.url ?? request.url,
      body,
      now: options?.now,
      toleranceMs: options?.toleranceMs,
      minVersion,
    });
  } catch {
    return false;
  }
}

export const webhooks: WebhooksApi = { verifySignature, verifyRequest };
