import { nodeHttpFetch } from '../node-http-fetch.js';
import {
  nodeCrypto,
  nodeHash,
  nodeHmac,
  nodeHmacText,
  nodeTimingSafeEqual,
} from './node-crypto.js';
import type { PlatformAdapter } from './platform-adapter.js';
import { runtimeInfo } from './runtime-info.js';
import { platform as web } from './web-platform.js';

/**
 * The adapter behind the `node` condition (and in the CommonJS build):
 * `node:http` and `node:crypto` on Node.js itself. Each part checks at run
 * time that it is on Node and otherwise uses the web adapter, so a bundler
 * that picks this build for Bun, Deno or workerd still gets working code.
 */
export const platform: PlatformAdapter = {
  name: 'node',
  runtime: runtimeInfo,
  nodeTransport: nodeHttpFetch,
  hmac(algorithm, secret, message) {
    const crypto = nodeCrypto();
    return crypto
      ? nodeHmac(crypto, algorithm, secret, message)
      : web.hmac(algorithm, secret, message);
  },
  hmacText(algorithm, secret, message, encoding) {
    const crypto = nodeCrypto();
    return crypto
      ? nodeHmacText(crypto, algorithm, secret, message, encoding)
      : web.hmacText(algorithm, secret, message, encoding);
  },
  hash(algorithm, data) {
    const crypto = nodeCrypto();
    return crypto ? nodeHash(crypto, algorithm, data) : web.hash(algorithm, data);
  },
  timingSafeEqual(a, b) {
    const crypto = nodeCrypto();
    return crypto ? nodeTimingSafeEqual(crypto, a, b) : web.timingSafeEqual(a, b);
  },
  // WebCrypto's are node:crypto's own on Node (same entropy pool, UUID cache).
  randomBytes: web.randomBytes,
  randomUUID: web.randomUUID,
};
