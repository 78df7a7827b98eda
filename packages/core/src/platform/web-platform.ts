import type { PlatformAdapter } from './platform-adapter.js';
import { runtimeInfo } from './runtime-info.js';
import {
  jsTimingSafeEqual,
  webHash,
  webHmac,
  webHmacText,
  webRandomBytes,
  webRandomUUID,
} from './web-crypto.js';

/**
 * The adapter for Workers, browsers, Deno, Bun and any bundle built without
 * the `node` condition: the global `fetch` and WebCrypto, nothing from `node:`.
 */
export const platform: PlatformAdapter = {
  name: 'web',
  runtime: runtimeInfo,
  nodeTransport: () => undefined,
  hmac: webHmac,
  hmacText: webHmacText,
  hash: webHash,
  timingSafeEqual: jsTimingSafeEqual,
  randomBytes: webRandomBytes,
  randomUUID: webRandomUUID,
};
