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

export interface VerifySignatureInput {
  version: WebhookSignatureVersion;
  /** Your app's client secret. */
  clientSecret: string;
  /** HTTP method as received (v2, v3). */
  method?: string;
  /** The full URL HubSpot called, protocol and query included (v2, v3). */
  url?: string;
  /** The raw body, exactly as received. */
  body: string;
  /** `X-HubSpot-Signature` (v1, v2) or `X-HubSpot-Signature-v3`. */
  signature: string;
  /** `X-HubSpot-Request-Timestamp`, milliseconds (v3). */
  timestamp?: string | number;
  /** Current time in ms, for tests. Default `Date.now()`. */
  now?: number;
  /** Replay window for v3. Default 5 minutes. */
  toleranceMs?: number;
}

export interface VerifyRequestOptions {
  /** The URL HubSpot called, when a proxy changed `request.url`. */
  url?: string;
  now?: number;
  toleranceMs?: number;
}

export interface SignWebhookInput {
  version: WebhookSignatureVersion;
  clientSecret: string;
  method?: string;
  url?: string;
  body: string;
  /** v3 only. Default now. */
  timestamp?: number;
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

/**
 * Checks a HubSpot request signature; true only when it matches (compared in
 * constant time) and, for v3, the timestamp is within 5 minutes of now in
 * either direction. Never throws for a bad signature.
 */
export async function verifySignature(input: VerifySignatureInput): Promise<boolean> {
  if (!input || typeof input.clientSecret !== 'string' || input.clientSecret.length === 0)
    return false;
  if (typeof input.signature !== 'string' || input.signature.length === 0) return false;
  if (typeof input.body !== 'string') return false;
  if (input.version === 'v3') {
    const timestamp = Number(input.timestamp);
    if (input.timestamp === undefined || !Number.isFinite(timestamp)) return false;
    const now = input.now ?? Date.now();
    if (Math.abs(now - timestamp) > (input.toleranceMs ?? WEBHOOK_TOLERANCE_MS)) return false;
  } else if (input.version !== 'v1' && input.version !== 'v2') {
    return false;
  }
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
 * `X-HubSpot-Signature-v3` is present, else `X-HubSpot-Signature` with
 * `X-HubSpot-Signature-Version` (v1 when absent). The body is read from a
 * clone, so the request stays readable.
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
    });
  }
  const signature = request.headers.get('x-hubspot-signature');
  if (!signature) return false;
  const version = (request.headers.get('x-hubspot-signature-version') ?? 'v1').toLowerCase();
  if (version !== 'v1' && version !== 'v2') return false;
  return verifySignature({ version, clientSecret, method: request.method, url, body, signature });
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
