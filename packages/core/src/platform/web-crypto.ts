import { ConfigurationError } from '../errors.js';
import { bytesToBase64, bytesToHex } from '../webhooks/byte-encoding.js';
import type { CryptoInput, DigestAlgorithm, DigestEncoding } from './platform-adapter.js';

export { timingSafeEqual as jsTimingSafeEqual } from '../webhooks/byte-encoding.js';

/** HMAC, hashing and randomness on WebCrypto: Node, Bun, Deno, workerd, browsers. */

const HASH: Record<DigestAlgorithm, string> = { sha256: 'SHA-256', sha512: 'SHA-512' };
const encoder = /* @__PURE__ */ new TextEncoder();

function webCrypto(): Crypto {
  const crypto = globalThis.crypto;
  if (!crypto?.subtle) {
    throw new ConfigurationError(
      'WebCrypto (globalThis.crypto.subtle) is not available in this runtime.',
    );
  }
  return crypto;
}

/** A fresh ArrayBuffer-backed copy: every WebCrypto accepts it, whatever the caller's view. */
function bytesOf(input: CryptoInput): Uint8Array<ArrayBuffer> {
  if (typeof input === 'string') return encoder.encode(input);
  const copy = new Uint8Array(input.byteLength);
  copy.set(input);
  return copy;
}

// Importing a key costs more than the HMAC itself; endpoints verify with the
// same few secrets, so imported keys are kept (a handful at most).
const keyCache = new Map<string, Promise<CryptoKey>>();
const KEY_CACHE_SIZE = 16;

function cacheKeyOf(algorithm: DigestAlgorithm, secret: CryptoInput): string {
  if (typeof secret === 'string') return `${algorithm}:s:${secret}`;
  let key = `${algorithm}:b:`;
  for (const byte of secret) key += String.fromCharCode(byte);
  return key;
}

function importHmacKey(algorithm: DigestAlgorithm, secret: CryptoInput): Promise<CryptoKey> {
  const cacheKey = cacheKeyOf(algorithm, secret);
  let cryptoKey = keyCache.get(cacheKey);
  if (!cryptoKey) {
    cryptoKey = webCrypto().subtle.importKey(
      'raw',
      bytesOf(secret),
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

export async function webHmac(
  algorithm: DigestAlgorithm,
  secret: CryptoInput,
  message: CryptoInput,
): Promise<Uint8Array> {
  const key = await importHmacKey(algorithm, secret);
  return new Uint8Array(await webCrypto().subtle.sign('HMAC', key, bytesOf(message)));
}

export async function webHmacText(
  algorithm: DigestAlgorithm,
  secret: CryptoInput,
  message: CryptoInput,
  encoding: DigestEncoding,
): Promise<string> {
  const digest = await webHmac(algorithm, secret, message);
  return encoding === 'hex' ? bytesToHex(digest) : bytesToBase64(digest);
}

export async function webHash(algorithm: DigestAlgorithm, data: CryptoInput): Promise<Uint8Array> {
  return new Uint8Array(await webCrypto().subtle.digest(HASH[algorithm], bytesOf(data)));
}

/** getRandomValues fills at most 65 536 bytes per call. */
export function webRandomBytes(length: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 65_536) {
    webCrypto().getRandomValues(bytes.subarray(offset, Math.min(length, offset + 65_536)));
  }
  return bytes;
}

export function webRandomUUID(): string {
  return webCrypto().randomUUID();
}
