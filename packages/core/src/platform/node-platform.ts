import { nodeHttpFetch } from '../node-http-fetch.js';

export { nodeAsyncContext as asyncContext } from './node-async-context.js';

import {
  nodeCrypto,
  nodeHash,
  nodeHmac,
  nodeHmacText,
  nodeTimingSafeEqual,
} from './node-crypto.js';
import type {
  CryptoInput,
  DigestAlgorithm,
  DigestEncoding,
  NodeTransport,
} from './platform-adapter.js';
import * as web from './web-platform.js';

/**
 * The adapter behind the `node` condition (and in the CommonJS build):
 * `node:http` and `node:crypto` on Node.js itself. Each part checks at run
 * time that it is on Node and otherwise uses the web adapter, so a bundler
 * that picks this build for Bun, Deno or workerd still gets working code.
 * Members as in `PlatformAdapter` (checked in `platform.ts`).
 */
export { runtimeInfo as runtime } from './runtime-info.js';
// WebCrypto's are node:crypto's own on Node (same entropy pool, UUID cache).
export { webRandomBytes as randomBytes, webRandomUUID as randomUUID } from './web-crypto.js';

export const name = 'node';

export const nodeTransport: () => NodeTransport | undefined = nodeHttpFetch;

export function hmac(
  algorithm: DigestAlgorithm,
  secret: CryptoInput,
  message: CryptoInput,
): Uint8Array | Promise<Uint8Array> {
  const crypto = nodeCrypto();
  return crypto
    ? nodeHmac(crypto, algorithm, secret, message)
    : web.hmac(algorithm, secret, message);
}

export function hmacText(
  algorithm: DigestAlgorithm,
  secret: CryptoInput,
  message: CryptoInput,
  encoding: DigestEncoding,
): string | Promise<string> {
  const crypto = nodeCrypto();
  return crypto
    ? nodeHmacText(crypto, algorithm, secret, message, encoding)
    : web.hmacText(algorithm, secret, message, encoding);
}

export function hash(
  algorithm: DigestAlgorithm,
  data: CryptoInput,
): Uint8Array | Promise<Uint8Array> {
  const crypto = nodeCrypto();
  return crypto ? nodeHash(crypto, algorithm, data) : web.hash(algorithm, data);
}

export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  const crypto = nodeCrypto();
  return crypto ? nodeTimingSafeEqual(crypto, a, b) : web.timingSafeEqual(a, b);
}
