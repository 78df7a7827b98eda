/**
 * The adapter for Workers, browsers, Deno, Bun and any bundle built without
 * the `node` condition: the global `fetch` and WebCrypto, nothing from `node:`.
 * Members as in `PlatformAdapter` (checked in `platform.ts`).
 */
export { runtimeInfo as runtime } from './runtime-info.js';
export { webAsyncContext as asyncContext } from './web-async-context.js';
export {
  jsTimingSafeEqual as timingSafeEqual,
  webHash as hash,
  webHmac as hmac,
  webHmacText as hmacText,
  webRandomBytes as randomBytes,
  webRandomUUID as randomUUID,
} from './web-crypto.js';

export const name = 'web';

export function nodeTransport(): undefined {
  return undefined;
}
