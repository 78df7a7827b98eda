import { ConfigurationError, WebhookVerificationError } from '../errors.js';
import {
  base64ToBytes,
  bytesToBase64,
  bytesToHex,
  hexToBytes,
  timingSafeEqual,
} from './byte-encoding.js';
import { assertRawPayload, type RawPayload, toBytes } from './raw-payload.js';

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

const HASH: Record<HmacAlgorithm, string> = { sha256: 'SHA-256', sha512: 'SHA-512' };

function subtle(): SubtleCrypto {
  const crypto = globalThis.crypto?.subtle;
  if (!crypto) {
    throw new ConfigurationError(
      'WebCrypto (globalThis.crypto.subtle) is not available in this runtime.',
    );
  }
  return crypto;
}

function missingSecret(provider: string | undefined): WebhookVerificationError {
  return new WebhookVerificationError(
    'Webhook signing secret is missing or empty. Pass the endpoint secret from the provider dashboard.',
    { reason: 'missing_secret', provider },
  );
}

// Importing a key costs more than the HMAC itself; endpoints verify with the
// same few secrets, so imported keys are kept (a handful at most).
const keyCache = new Map<string, Promise<CryptoKey>>();
const KEY_CACHE_SIZE = 16;

function importHmacKey(
  keyBytes: ReturnType<typeof toBytes>,
  algorithm: HmacAlgorithm,
): Promise<CryptoKey> {
  let cacheKey = `${algorithm}:`;
  for (const byte of keyBytes) cacheKey += String.fromCharCode(byte);
  let cryptoKey = keyCache.get(cacheKey);
  if (!cryptoKey) {
    cryptoKey = subtle().importKey(
      'raw',
      keyBytes,
      { name: 'HMAC', hash: HASH[algorithm] },
      false,
      ['sign'],
    );
    if (keyCache.size >= KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value as string);
    keyCache.set(cacheKey, cryptoKey);
    // A failed import is not kept.
    cryptoKey.catch(() => keyCache.delete(cacheKey));
  }
  return cryptoKey;
}

/** Raw HMAC bytes via WebCrypto, so this runs on Node, browsers and edge runtimes. */
export async function hmacBytes(
  key: Uint8Array,
  message: Uint8Array,
  algorithm: HmacAlgorithm = 'sha256',
): Promise<Uint8Array> {
  const cryptoKey = await importHmacKey(toBytes(key), algorithm);
  return new Uint8Array(await subtle().sign('HMAC', cryptoKey, toBytes(message)));
}

function secretBytes(secret: string | Uint8Array | undefined, provider?: string): Uint8Array {
  if (secret === undefined || secret === null || secret.length === 0) throw missingSecret(provider);
  return toBytes(secret);
}

/** Signs a payload the way providers do; also for sending webhooks and for tests. */
export async function computeHmac(options: ComputeHmacOptions): Promise<string> {
  assertRawPayload(options.payload);
  const digest = await hmacBytes(
    secretBytes(options.secret),
    toBytes(options.payload),
    options.algorithm ?? 'sha256',
  );
  return (options.encoding ?? 'hex') === 'hex' ? bytesToHex(digest) : bytesToBase64(digest);
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
  const key = secretBytes(options.secret, provider);
  const signatures =
    typeof options.signature === 'string' ? [options.signature] : options.signature;
  if (signatures.length === 0 || signatures.every((signature) => signature.trim() === '')) {
    throw new WebhookVerificationError('Webhook signature is missing.', {
      reason: 'missing_header',
      provider,
    });
  }
  const encoding = options.encoding ?? 'hex';
  const expected = await hmacBytes(key, toBytes(options.payload), options.algorithm ?? 'sha256');
  let decodedAny = false;
  let matched = false;
  for (const signature of signatures) {
    const decoded =
      encoding === 'hex' ? hexToBytes(signature.trim()) : base64ToBytes(signature.trim());
    if (!decoded) continue;
    decodedAny = true;
    // No early exit: every candidate is compared.
    if (timingSafeEqual(decoded, expected)) matched = true;
  }
  if (matched) return;
  if (!decodedAny) {
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
