import {
  computeHmac,
  timingSafeEqual,
  ValidationError,
  type ValidationIssue,
  verifyHmac,
} from '@int/core';

const encoder = new TextEncoder();

/** HubSpot's replay window for v3 signatures: 5 minutes, checked both ways. */
export const WEBHOOK_TOLERANCE_MS = 5 * 60 * 1000;

export type WebhookSignatureVersion = 'v1' | 'v2' | 'v3';

const VERSION_RANK: Record<WebhookSignatureVersion, number> = { v1: 1, v2: 2, v3: 3 };

/**
 * The oldest signature version accepted. Default `v3`, the only one with a
 * timestamp: v1 and v2 signatures never expire, so a captured delivery
 * replayed with its v3 headers stripped would verify forever.
 */
export const DEFAULT_MIN_VERSION: WebhookSignatureVersion = 'v3';

export interface VerifySignatureInput {
  version: WebhookSignatureVersion;
  /** Your app's client secret. */
  clientSecret: string;
  /** HTTP method as received (v2, v3). */
  method?: string | undefined;
  /** The full URL HubSpot called, protocol and query included (v2, v3). */
  url?: string | undefined;
  /** The raw body, exactly as received. */
  body: string;
  /** `X-HubSpot-Signature` (v1, v2) or `X-HubSpot-Signature-v3`. */
  signature: string;
  /** `X-HubSpot-Request-Timestamp`, milliseconds (v3). */
  timestamp?: string | number | undefined;
  /** Current time in epoch milliseconds. Default `Date.now`. A non-finite answer is a `false`. */
  now?: (() => number) | undefined;
  /** Replay window for v3, both ways. Default 5 minutes; must be finite. */
  toleranceMs?: number | undefined;
  /** Oldest version accepted. Default `v3`: a v1 or v2 signature is `false` unless you opt in. */
  minVersion?: WebhookSignatureVersion | undefined;
}

export interface VerifyRequestOptions {
  /** The URL HubSpot called, when a proxy changed `request.url`. */
  url?: string | undefined;
  /** Current time in epoch milliseconds. Default `Date.now`. */
  now?: (() => number) | undefined;
  toleranceMs?: number | undefined;
  /**
   * Oldest version accepted. Default `v3`: a request without the v3 headers
   * is `false`. `v1` or `v2` for apps whose webhooks HubSpot still signs that way.
   */
  minVersion?: WebhookSignatureVersion | undefined;
}

export interface SignWebhookInput {
  version: WebhookSignatureVersion;
  clientSecret: string;
  method?: string | undefined;
  url?: string | undefined;
  body: string;
  /** v3 only. Default now. */
  timestamp?: number | undefined;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

// HubSpot decodes exactly these escapes in the URI before signing v3.
const V3_DECODES: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

/** The URI as HubSpot signs it for v3. */
export function decodeV3Uri(uri: string): string {
  // Most URLs carry no escape: skip the regex on every delivery.
  if (!uri.includes('%')) return uri;
  return uri.replace(
    /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi,
    (match) => V3_DECODES[match.toUpperCase()] ?? match,
  );
}

function v3Message(
  method: string,
  url: string | undefined,
  body: string,
  timestamp: string | number | undefined,
): string {
  return `${method}${decodeV3Uri(url ?? '')}${body}${timestamp ?? ''}`;
}

/** The signature HubSpot would send for this request. */
export async function computeWebhookSignature(input: SignWebhookInput): Promise<string> {
  const issues: ValidationIssue[] = [];
  if (input === null || typeof input !== 'object') {
    issues.push({ path: [], message: 'must be an object' });
  } else {
    if (input.version !== 'v1' && input.version !== 'v2' && input.version !== 'v3')
      issues.push({ path: ['version'], message: "must be 'v1', 'v2' or 'v3'" });
    if (typeof input.clientSecret !== 'string' || input.clientSecret.length === 0)
      issues.push({ path: ['clientSecret'], message: 'must be a non-empty string' });
    if (typeof input.body !== 'string')
      issues.push({ path: ['body'], message: 'must be a string' });
    for (const name of ['method', 'url'] as const) {
      if (input[name] !== undefined && typeof input[name] !== 'string')
        issues.push({ path: [name], message: 'must be a string' });
    }
    if (input.timestamp !== undefined && !Number.isFinite(input.timestamp))
      issues.push({ path: ['timestamp'], message: 'must be a number of epoch milliseconds' });
  }
  if (issues.length > 0) {
    throw new ValidationError(issues, {
      provider: 'hubspot',
      operation: 'webhooks.computeSignature',
    });
  }
  const method = (input.method ?? 'POST').toUpperCase();
  switch (input.version) {
    case 'v1':
      return sha256Hex(`${input.clientSecret}${input.body}`);
    case 'v2':
      return sha256Hex(`${input.clientSecret}${method}${input.url ?? ''}${input.body}`);
    case 'v3':
      return computeHmac({
        payload: v3Message(method, input.url, input.body, input.timestamp),
        secret: input.clientSecret,
        encoding: 'base64',
      });
  }
}

/** True when `version` is known and not older than `minVersion` (default v3). */
function versionAllowed(version: unknown, minVersion: unknown): boolean {
  const rank = VERSION_RANK[version as WebhookSignatureVersion];
  const floor = VERSION_RANK[(minVersion ?? DEFAULT_MIN_VERSION) as WebhookSignatureVersion];
  // An unknown minVersion fails closed, like an unknown version.
  return rank !== undefined && floor !== undefined && rank >= floor;
}

/**
 * True only when the timestamp is within the window of now. Every number
 * must be finite: a NaN would make the comparison false and pass a stale one.
 */
function withinWindow(input: VerifySignatureInput): boolean {
  if (input.timestamp === undefined) return false;
  const timestamp = Number(input.timestamp);
  const tolerance = input.toleranceMs ?? WEBHOOK_TOLERANCE_MS;
  const now = input.now ?? Date.now;
  const nowMs = typeof now === 'function' ? now() : Number.NaN;
  if (typeof nowMs !== 'number' || typeof tolerance !== 'number') return false;
  if (!Number.isFinite(timestamp) || !Number.isFinite(nowMs) || !Number.isFinite(tolerance)) {
    return false;
  }
  if (tolerance < 0) return false;
  return Math.abs(nowMs - timestamp) <= tolerance;
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
  if (!versionAllowed(input.version, input.minVersion)) return false;
  if (input.version === 'v3' && !withinWindow(input)) return false;
  if (input.version === 'v3') {
    try {
      // Core's HMAC check (node:crypto on Node, WebCrypto elsewhere), constant-time.
      await verifyHmac({
        payload: v3Message(
          (input.method ?? 'POST').toUpperCase(),
          input.url,
          input.body,
          // Signed as sent in the header.
          String(input.timestamp).trim(),
        ),
        secret: input.clientSecret,
        signature: input.signature.trim(),
        encoding: 'base64',
        provider: 'hubspot',
      });
      return true;
    } catch {
      return false;
    }
  }
  // v1 and v2 are plain SHA-256 hashes (not HMACs): compared in constant time too.
  const expected = await computeWebhookSignature({
    version: input.version,
    clientSecret: input.clientSecret,
    method: input.method,
    url: input.url,
    body: input.body,
  });
  return timingSafeEqual(
    encoder.encode(expected),
    encoder.encode(input.signature.trim().toLowerCase()),
  );
}

/**
 * Verifies a web `Request` from HubSpot, reading its headers: v3 when
 * `X-HubSpot-Signature-v3` is present, else (only with `minVersion` `v1` or
 * `v2`) `X-HubSpot-Signature` with `X-HubSpot-Signature-Version` (v1 when
 * absent). The body is read from a clone, so the request stays readable.
 */
export async function verifyRequest(
  request: Request,
  clientSecret: string,
  options: VerifyRequestOptions = {},
): Promise<boolean> {
  const body = await request.clone().text();
  // `null` from plain JavaScript callers means "no options", like undefined.
  const url = options?.url ?? request.url;
  const v3 = request.headers.get('x-hubspot-signature-v3');
  if (v3) {
    return verifySignature({
      version: 'v3',
      clientSecret,
      method: request.method,
      url,
      body,
      signature: v3,
      timestamp: request.headers.get('x-hubspot-request-timestamp') ?? undefined,
      now: options?.now,
      toleranceMs: options?.toleranceMs,
      minVersion: options?.minVersion,
    });
  }
  // Without the v3 headers there is no timestamp: a replay could not be told
  // from a delivery, so v1/v2 count only when the caller opted in.
  const signature = request.headers.get('x-hubspot-signature');
  if (!signature) return false;
  const version = (request.headers.get('x-hubspot-signature-version') ?? 'v1').toLowerCase();
  if (version !== 'v1' && version !== 'v2') return false;
  return verifySignature({
    version,
    clientSecret,
    method: request.method,
    url,
    body,
    signature,
    minVersion: options?.minVersion,
  });
}

/** Headers HubSpot would send with this request, for tests. */
export async function signWebhookHeaders(input: SignWebhookInput): Promise<Record<string, string>> {
  if (input.version === 'v3') {
    const timestamp = input.timestamp ?? Date.now();
    return {
      'x-hubspot-signature-v3': await computeWebhookSignature({ ...input, timestamp }),
      'x-hubspot-request-timestamp': String(timestamp),
    };
  }
  return {
    'x-hubspot-signature': await computeWebhookSignature(input),
    'x-hubspot-signature-version': input.version,
  };
}

export interface WebhooksApi {
  verifySignature: typeof verifySignature;
  verifyRequest: typeof verifyRequest;
}

export const webhooks: WebhooksApi = { verifySignature, verifyRequest };
