import * as platform from './platform/platform.js';

/**
 * The transport the pipeline uses when given no `fetch`: `node:http` on
 * Node.js 20.16+ (where `process.getBuiltinModule` exists), else the global
 * `fetch` looked up per call (so a patched global is seen). For provider
 * packages that wrap the transport (to read rate-limit headers, to pace token
 * requests). On Node the answer is buffered: `status`, `headers`, `text()`,
 * `json()`, `arrayBuffer()`; no `body` stream, and request bodies must be
 * text, `URLSearchParams` or bytes.
 */
export function platformFetch(): typeof fetch {
  return platform.nodeTransport() ?? ((input, init) => globalThis.fetch(input, init));
}
