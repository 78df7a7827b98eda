import { PayloadTooLargeError, WebhookVerificationError } from '../errors.js';
import { isRawPayload, toBytes } from './raw-payload.js';

/** Default body size limit: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface ReadRawBodyOptions {
  /** Largest body accepted, in bytes. Default 1 048 576 (1 MiB). */
  maxBytes?: number | undefined;
}

/**
 * The parts of Node's `IncomingMessage` that are read. Structural so that core
 * needs no `node:http` import and Express/Fastify request objects fit too.
 */
export interface NodeRequestLike {
  headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>;
  method?: string | undefined;
  /** Set by body parsers such as `express.raw()` (bytes) or `express.json()` (an object). */
  body?: unknown;
  on(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

function tooLarge(limitBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`Request body is larger than the ${limitBytes}-byte limit.`, {
    limitBytes,
  });
}

function declaredLength(
  value: string | ReadonlyArray<string> | null | undefined,
): number | undefined {
  const text = typeof value === 'string' ? value : value?.[0];
  if (text === undefined || !/^\d+$/.test(text.trim())) return undefined;
  return Number(text);
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** Reads a web `Request` body as bytes, stopping as soon as it passes `maxBytes`. */
export async function readRawBody(
  request: Request,
  options: ReadRawBodyOptions = {},
): Promise<Uint8Array> {
  const limit = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  // Refuse early on an honest Content-Length; the streamed count below catches the rest.
  const declared = declaredLength(request.headers.get('content-length'));
  if (declared !== undefined && declared > limit) throw tooLarge(limit);
  if (request.bodyUsed) {
    throw new WebhookVerificationError(
      'The request body was already read. Verify webhooks before reading the body, or pass the raw text you read.',
      { reason: 'payload_not_raw' },
    );
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return concat(chunks, total);
}

/**
 * Reads a Node `IncomingMessage` body as bytes with a size limit. When a body
 * parser already ran, its raw result (`express.raw()`) is used and a parsed
 * object (`express.json()`) is refused with `payload_not_raw`.
 */
export async function readNodeRawBody(
  request: NodeRequestLike,
  options: ReadRawBodyOptions = {},
): Promise<Uint8Array> {
  const limit = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (request.body !== undefined) {
    if (isRawPayload(request.body)) {
      const bytes = toBytes(request.body);
      if (bytes.byteLength > limit) throw tooLarge(limit);
      return bytes;
    }
    // express.json() leaves `{}` for other content types too; either way the bytes are gone.
    throw new WebhookVerificationError(
      'The request body was already parsed by a body parser, so its exact bytes are lost. Mount ' +
        '`express.raw({ type: "application/json" })` on the webhook route instead of `express.json()`.',
      { reason: 'payload_not_raw' },
    );
  }
  const declared = declaredLength(request.headers['content-length']);
  if (declared !== undefined && declared > limit) throw tooLarge(limit);
  // Events rather than `for await`: leaving the loop early destroys the socket,
  // and then the 413 answer could not be sent.
  return new Promise<Uint8Array>((resolve, reject) => {
    const encoder = new TextEncoder();
    const chunks: Uint8Array[] = [];
    let total = 0;
    let settled = false;
    request.on('data', (chunk) => {
      if (settled) return; // drain the rest so the connection can still answer
      const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      total += bytes.byteLength;
      if (total > limit) {
        settled = true;
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(bytes);
    });
    request.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(concat(chunks, total));
    });
    request.on('error', (error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
  });
}
