import type * as NodeCrypto from 'node:crypto';
import type { CryptoInput, DigestAlgorithm, DigestEncoding } from './platform-adapter.js';
import { runtimeInfo } from './runtime-info.js';

/**
 * HMAC, hashing and randomness on node:crypto, which signs synchronously in a
 * few microseconds where WebCrypto's sign is an async job on the libuv pool
 * (about a tenth of the rate, bench/RESULTS.md).
 *
 * The module comes from `process.getBuiltinModule` at first use, never from a
 * top-level import, and only on Node itself: Bun, Deno and workerd's
 * `nodejs_compat` answer to the same call but are served by WebCrypto. Null
 * when unavailable (Node 20.0-20.15, other runtimes); looking never throws.
 */
type GetBuiltinModule = (id: string) => unknown;

let loaded: typeof NodeCrypto | null | undefined;

export function nodeCrypto(): typeof NodeCrypto | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  try {
    if (runtimeInfo().name !== 'node') return loaded;
    const getBuiltinModule = (globalThis as { process?: { getBuiltinModule?: GetBuiltinModule } })
      .process?.getBuiltinModule;
    if (typeof getBuiltinModule !== 'function') return loaded;
    const crypto = getBuiltinModule('node:crypto') as typeof NodeCrypto | undefined;
    if (
      typeof crypto?.createHmac === 'function' &&
      typeof crypto.createSecretKey === 'function' &&
      typeof crypto.timingSafeEqual === 'function'
    ) {
      loaded = crypto;
    }
  } catch {
    loaded = null;
  }
  return loaded;
}

// A KeyObject per secret spares re-reading the secret on every signature;
// endpoints verify with the same few secrets, so a handful are kept. Text
// secrets are keyed by themselves (a string's hash is cached in it, so the
// lookup costs nothing), bytes by their Latin-1 text.
const KEY_CACHE_SIZE = 16;
const textKeys = new Map<string, NodeCrypto.KeyObject>();
const byteKeys = new Map<string, NodeCrypto.KeyObject>();

function remember(
  cache: Map<string, NodeCrypto.KeyObject>,
  cacheKey: string,
  key: NodeCrypto.KeyObject,
): NodeCrypto.KeyObject {
  if (cache.size >= KEY_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(cacheKey, key);
  return key;
}

function keyObject(crypto: typeof NodeCrypto, secret: CryptoInput): NodeCrypto.KeyObject {
  if (typeof secret === 'string') {
    return (
      textKeys.get(secret) ?? remember(textKeys, secret, crypto.createSecretKey(secret, 'utf8'))
    );
  }
  let cacheKey = '';
  for (const byte of secret) cacheKey += String.fromCharCode(byte);
  return byteKeys.get(cacheKey) ?? remember(byteKeys, cacheKey, crypto.createSecretKey(secret));
}

export function nodeHmac(
  crypto: typeof NodeCrypto,
  algorithm: DigestAlgorithm,
  secret: CryptoInput,
  message: CryptoInput,
): Uint8Array {
  // A string goes in as is: node:crypto encodes it as UTF-8 without a JS copy.
  return crypto.createHmac(algorithm, keyObject(crypto, secret)).update(message).digest();
}

export function nodeHmacText(
  crypto: typeof NodeCrypto,
  algorithm: DigestAlgorithm,
  secret: CryptoInput,
  message: CryptoInput,
  encoding: DigestEncoding,
): string {
  // Encoded natively: no Buffer (an ArrayBuffer allocation) per signature.
  return crypto.createHmac(algorithm, keyObject(crypto, secret)).update(message).digest(encoding);
}

export function nodeHash(
  crypto: typeof NodeCrypto,
  algorithm: DigestAlgorithm,
  data: CryptoInput,
): Uint8Array {
  return crypto.createHash(algorithm).update(data).digest();
}

export function nodeTimingSafeEqual(
  crypto: typeof NodeCrypto,
  a: Uint8Array,
  b: Uint8Array,
): boolean {
  // node's timingSafeEqual throws on different lengths; lengths are public anyway.
  return a.byteLength === b.byteLength && crypto.timingSafeEqual(a, b);
}
