import { WebhookVerificationError } from '../errors.js';
import * as platform from '../platform/platform.js';
import { base64ToBytes, hexToBytes, timingSafeEqualText } from './byte-encoding.js';
import { assertRawPayload, type RawPayload } from './raw-payload.js';

export type HmacAlgorithm = 'sha256' | 'sha512';
export type SignatureEncoding = 'hex' | 'base64';

export interface ComputeHmacOptions {
  /** The exact raw body (or signed content) as text or bytes. */
  payload: RawPayload;
  /** The HMAC key: text is used as its UTF-8 bytes, as most providers document. */
  secret: string | Uint8Array;
  /** Default `sha256`. */
  algorithm?: HmacAlgorithm | undefined;
  /** Default `hex`. */
  encoding?: SignatureEncoding | undefined;
}

export interface VerifyHmacOptions extends ComputeHmacOptions {
  /** The signature to check; with several (key rotation), any one may match. */
  signature: string | ReadonlyArray<string>;
  /** Names the provider in the error. */
  provider?: string | undefined;
}

function missingSecret(provider: string | undefined): WebhookVerificationError {
  return new WebhookVerificationError(
    'Webhook signing secret is missing or empty. Pass the endpoint secret from the provider dashboard.',
    { reason: 'missing_secret', provider },
  );
}

/** A view on the same bytes: node:crypto takes any view, WebCrypto's adapter copies. */
function messageOf(payload: RawPayload): string | Uint8Array {
  return payload instanceof ArrayBuffer ? new Uint8Array(payload) : payload;
}

/**
 * The HMAC primitive every verifier rides on: node:crypto on Node (synchronous,
 * key object cached per secret), WebCrypto elsewhere (a promise). Callers
 * `await` it either way; a sync answer spares a trip through the thread pool.
 */
function hmacDigest(
  secret: string | Uint8Array,
  message: RawPayload,
  algorithm: HmacAlgorithm = 'sha256',
): Uint8Array | Promise<Uint8Array> {
  return platform.hmac(algorithm, secret, messageOf(message));
}

/** Raw HMAC bytes: node:crypto on Node, WebCrypto on every other runtime. */
export async function hmacBytes(
  key: Uint8Array,
  message: Uint8Array,
  algorithm: HmacAlgorithm = 'sha256',
): Promise<Uint8Array> {
  const digest = await hmacDigest(key, message, algorithm);
  // A plain Uint8Array, not node's Buffer subclass, whatever the adapter.
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}

function checkedSecret(
  secret: string | Uint8Array | undefined,
  provider?: string,
): string | Uint8Array {
  if (secret === undefined || secret === null || secret.length === 0) throw missingSecret(provider);
  return secret;
}

/** Signs a payload the way providers do; also for sending webhooks and for tests. */
export async function computeHmac(options: ComputeHmacOptions): Promise<string> {
  assertRawPayload(options.payload);
  return platform.hmacText(
    options.algorithm ?? 'sha256',
    checkedSecret(options.secret),
    messageOf(options.payload),
    options.encoding ?? 'hex',
  );
}

/** Alias of `computeHmac`, for code that reads better as "sign". */
export const signHmac = computeHmac;

/**
 * Checks an HMAC signature over the raw payload in constant time. Resolves
 * when one signature matches; otherwise throws `WebhookVerificationError`.
 */
export async function verifyHmac(options: VerifyHmacOptions): Promise<void> {
  const { provider } = options;
  assertRawPayload(options.payload, provider);
  const key = checkedSecret(options.secret, provider);
  const signatures =
    typeof options.signature === 'string' ? [options.signature] : options.signature;
  if (signatures.every((signature) => signature.trim() === '')) {
    throw new WebhookVerificationError('Webhook signature is missing.', {
      reason: 'missing_header',
      provider,
    });
  }
  const encoding = options.encoding ?? 'hex';
  // Compared as text in the signature's encoding: on Node the digest is
  // encoded natively and nothing is decoded on the way to a match.
  const digest = platform.hmacText(
    options.algorithm ?? 'sha256',
    key,
    messageOf(options.payload),
    encoding,
  );
  const expected = typeof digest === 'string' ? digest : await digest;
  let matched = false;
  for (const signature of signatures) {
    // Hex in either case; base64 only in its one canonical form (the
    // expected text), so a re-encoded signature never matches.
    const candidate = encoding === 'hex' ? signature.trim().toLowerCase() : signature.trim();
    // No early exit: every candidate is compared.
    if (timingSafeEqualText(candidate, expected)) matched = true;
  }
  if (matched) return;
  const decodesAny = signatures.some(
    (signature) =>
      (encoding === 'hex' ? hexToBytes(signature.trim()) : base64ToBytes(signature.trim())) !==
      undefined,
  );
  if (!decodesAny) {
    throw new WebhookVerificationError(`Webhook signature is not valid ${encoding}.`, {
      reason: 'malformed_header',
      provider,
    });
  }
  throw new WebhookVerificationError('No webhook signature matches the payload.', {
    reason: 'no_matching_signature',
    provider,
  });
}
