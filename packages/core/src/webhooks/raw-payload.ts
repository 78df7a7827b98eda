import { WebhookVerificationError } from '../errors.js';

/** A request body exactly as received: text or bytes, never parsed JSON. */
export type RawPayload = string | Uint8Array | ArrayBuffer;

const HOW_TO_GET_RAW =
  'Pass the raw request body instead: `express.raw({ type: "application/json" })` in Express, ' +
  '`await request.text()` with a web Request (Hono, Next.js route handlers), or `readRawBody()`.';

/** True for a string, a Uint8Array (Buffer included) or an ArrayBuffer. */
export function isRawPayload(value: unknown): value is RawPayload {
  return typeof value === 'string' || value instanceof Uint8Array || value instanceof ArrayBuffer;
}

/**
 * Signatures cover the exact bytes sent; a body that was parsed and
 * re-serialised never matches, so a parsed body is refused with a clear hint.
 */
export function assertRawPayload(value: unknown, provider?: string): asserts value is RawPayload {
  if (isRawPayload(value)) return;
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  const parsed =
    typeof value === 'object' && value !== null ? ' (it was probably parsed as JSON already)' : '';
  throw new WebhookVerificationError(
    `Webhook payload must be the raw request body as a string or bytes, got ${got}${parsed}. ${HOW_TO_GET_RAW}`,
    { reason: 'payload_not_raw', provider },
  );
}

const encoder = /* @__PURE__ */ new TextEncoder();
const decoder = /* @__PURE__ */ new TextDecoder();

/** Copies into a fresh ArrayBuffer-backed array, which WebCrypto accepts everywhere. */
export function toBytes(value: RawPayload): Uint8Array<ArrayBuffer> {
  if (typeof value === 'string') return encoder.encode(value);
  const view = value instanceof ArrayBuffer ? new Uint8Array(value) : value;
  const copy = new Uint8Array(view.byteLength);
  copy.set(view);
  return copy;
}

/** UTF-8 text of a raw payload. */
export function toText(value: RawPayload): string {
  return typeof value === 'string' ? value : decoder.decode(value);
}

/**
 * What a scheme signs when a text prefix comes before the raw body (Stripe's
 * `t.`, Standard Webhooks' `id.t.`): text stays text (the HMAC encodes it, no
 * copy); bytes are joined once.
 */
export function prefixedPayload(prefix: string, payload: RawPayload): string | Uint8Array {
  if (typeof payload === 'string') return prefix + payload;
  const head = encoder.encode(prefix);
  const body = payload instanceof ArrayBuffer ? new Uint8Array(payload) : payload;
  const joined = new Uint8Array(head.length + body.length);
  joined.set(head);
  joined.set(body, head.length);
  return joined;
}
