import { describeValue } from './describe-value.js';
import { ConfigurationError, ResponseTooLargeError } from './errors.js';

/**
 * 32 MiB: a FedEx or UPS label response (base64 PDFs and images, several
 * packages) stays well under it, while a hostile or broken server cannot make
 * the process hold more.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 33_554_432;

/**
 * Set on the init object by the pipeline: the most bytes this answer may
 * have, as sent and once decoded. The Node transport reads it; without it the
 * default applies.
 */
export const MAX_RESPONSE_BYTES = Symbol.for('int.maxResponseBytes');

/** The code on the transport's error, so the pipeline knows it from a broken connection. */
export const RESPONSE_TOO_LARGE_CODE = 'INT_RESPONSE_TOO_LARGE';

type LimitedInit = RequestInit & { [MAX_RESPONSE_BYTES]?: number };

/** The limit set on a transport call, or the default. */
export function responseLimitOf(init: RequestInit | undefined): number {
  const limit = (init as LimitedInit | undefined)?.[MAX_RESPONSE_BYTES];
  return typeof limit === 'number' && limit > 0 ? limit : DEFAULT_MAX_RESPONSE_BYTES;
}

/** Checks a `maxResponseBytes` option: a positive whole number of bytes. */
export function checkMaxResponseBytes(value: unknown, provider: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new ConfigurationError(
      `maxResponseBytes must be a positive whole number of bytes, got ${describeValue(value)}.`,
      { option: 'maxResponseBytes', provider },
    );
  }
  return value;
}

/** The error a transport raises; the pipeline rewrites it with the provider and operation. */
export function responseTooLarge(
  limitBytes: number,
  context: { provider?: string; operation?: string; what?: string } = {},
): ResponseTooLargeError {
  const what = context.what ?? 'The response';
  const error = new ResponseTooLargeError(
    `${what} was larger than ${limitBytes} bytes (maxResponseBytes) and was stopped there; raise maxResponseBytes on the client or the request if such answers are expected.`,
    { provider: context.provider, operation: context.operation, limitBytes },
  );
  return Object.assign(error, { code: RESPONSE_TOO_LARGE_CODE });
}

/** The ResponseTooLargeError in a cause chain (ofetch wraps what the transport threw). */
export function findResponseTooLarge(error: unknown): ResponseTooLargeError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth += 1) {
    if (ResponseTooLargeError.isInstance(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Throws once more than `limitBytes` have been counted. */
export class ByteBudget {
  private used = 0;
  constructor(readonly limitBytes: number) {}

  add(bytes: number): void {
    this.used += bytes;
    if (this.used > this.limitBytes) throw responseTooLarge(this.limitBytes);
  }
}

/** A declared `Content-Length` already past the limit: refused before any byte is read. */
export function declaredTooLarge(contentLength: string | null | undefined, limit: number): boolean {
  if (!contentLength) return false;
  const length = Number(contentLength);
  return Number.isFinite(length) && length > limit;
}

// zlib refuses an output limit above the largest Buffer.
const MAX_BUFFER_BYTES = 2 ** 31 - 1;

/**
 * Options for zlib's one-shot decoders: they stop inflating at the limit
 * (`ERR_BUFFER_TOO_LARGE`) instead of growing to whatever the body expands to.
 */
export function decodeLimit(limitBytes: number): { maxOutputLength: number } {
  return { maxOutputLength: Math.min(limitBytes, MAX_BUFFER_BYTES) };
}

/** True for the error zlib raises when `maxOutputLength` is reached. */
export function isDecodeLimitError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE';
}

// Statuses whose Response may not carry a body.
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * The fetch path (a caller's `fetch`, or the global one off Node.js): reads
 * the body stream while counting, cancels it at the limit, and hands back a
 * Response over the bytes read. Counted after the runtime's own decoding,
 * so a decompression bomb stops at the limit too; a `Content-Length` past
 * the limit fails before reading.
 */
export async function limitFetchResponse(
  response: Response,
  limitBytes: number,
): Promise<Response> {
  // The Node transport's buffered answer (no stream) has enforced the limit itself.
  const body = (response as { body?: ReadableStream<Uint8Array> | null }).body;
  if (!body || typeof body.getReader !== 'function') return response;
  if (declaredTooLarge(response.headers.get('content-length'), limitBytes)) {
    await body.cancel().catch(() => {});
    throw responseTooLarge(limitBytes);
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  const budget = new ByteBudget(limitBytes);
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    try {
      budget.add(value.byteLength);
    } catch (error) {
      await reader.cancel().catch(() => {});
      throw error;
    }
    chunks.push(value);
    total += value.byteLength;
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  const status = response.status;
  return new Response(NULL_BODY.has(status) || total === 0 ? null : bytes, {
    status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
