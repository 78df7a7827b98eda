/** Marks replies, so a route may also `throw api.error(...)` from deep inside its logic. */
const REPLY = Symbol.for('@int/core/testing/fake-reply');

/** What a fake route answers; build it with `api.json()` or `api.error()`. */
export interface FakeReply {
  readonly status: number;
  /** Sent as JSON; `undefined` sends no body. Ignored when `error` is set. */
  readonly body?: unknown;
  /** An error rendered with the provider's `errorEnvelope` (with the request id) when sent. */
  readonly error?: FakeErrorReply | undefined;
  readonly headers?: Record<string, string> | undefined;
  readonly [REPLY]?: true | undefined;
}

export interface FakeErrorReply {
  message: string;
  /** A code of the toolkit's (`not_found`, `token_expired`...) or of the provider's own. */
  code: string;
  /** Provider-specific fields for the envelope (`param`, `parameterList`). */
  extra: Record<string, unknown>;
}

/**
 * What a provider's `errorEnvelope` receives. Codes the toolkit itself uses:
 * `missing_credentials`, `invalid_credentials`, `token_expired` (401),
 * `invalid_client` (401), `unsupported_grant_type`, `invalid_request`,
 * `invalid_path`, `invalid_body`, `idempotency_mismatch` (400),
 * `idempotency_in_progress` (409), `not_found` (404) and `fault` (an injected fault).
 */
export interface FakeErrorInfo {
  status: number;
  message: string;
  code: string;
  /** The id of the request being answered (also sent in the request-id header). */
  requestId: string;
  /** Whatever the route passed as `extra`; `{}` otherwise. */
  extra: Record<string, unknown>;
}

export function jsonReply(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): FakeReply {
  return { status, body, headers, [REPLY]: true };
}

export function errorReply(
  status: number,
  message: string,
  code: string,
  extra: Record<string, unknown> = {},
): FakeReply {
  return { status, error: { message, code, extra }, headers: {}, [REPLY]: true };
}

export function isFakeReply(value: unknown): value is FakeReply {
  return typeof value === 'object' && value !== null && (value as FakeReply)[REPLY] === true;
}

export interface RenderSettings {
  errorEnvelope: (error: FakeErrorInfo) => unknown;
  /** Header carrying the request id on every answer; `undefined` sends none. */
  requestIdHeader: string | undefined;
}

/** The reply as a fetch `Response`, with the request id header and JSON content type. */
export function renderReply(
  reply: FakeReply | Response,
  requestId: string,
  settings: RenderSettings,
): Response {
  if (reply instanceof Response) {
    if (!settings.requestIdHeader || reply.headers.has(settings.requestIdHeader)) return reply;
    // A Response built by the route may have immutable headers: copy it.
    const headers = new Headers(reply.headers);
    headers.set(settings.requestIdHeader, requestId);
    return new Response(reply.body, {
      status: reply.status,
      statusText: reply.statusText,
      headers,
    });
  }
  const body = reply.error
    ? settings.errorEnvelope({ status: reply.status, requestId, ...reply.error })
    : reply.body;
  const headers = new Headers();
  if (settings.requestIdHeader) headers.set(settings.requestIdHeader, requestId);
  // 1xx, 204, 205 and 304 answers cannot carry a body.
  const bodyless = body === undefined || [204, 205, 304].includes(reply.status);
  if (!bodyless) headers.set('content-type', 'application/json');
  for (const [name, value] of Object.entries(reply.headers ?? {})) headers.set(name, value);
  return new Response(bodyless ? null : JSON.stringify(body), { status: reply.status, headers });
}
