import {
  ApiError,
  type ApiErrorOptions,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  UnprocessableEntityError,
} from './errors.js';
import { asText } from './provider/answer-readers.js';
import { asRecord } from './provider/record-guards.js';

/** What a provider's error body says, as a provider's parser reads it. */
export interface ProviderErrorDetails {
  /** The provider's own human message. */
  message?: string | undefined;
  /** The provider's own error code, e.g. `card_declined`. */
  code?: string | undefined;
  requestId?: string | undefined;
}

export interface ErrorResponseInfo {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body was JSON, else the text. */
  body: unknown;
}

/**
 * Everything known about a failed answer, for a provider to build its own
 * error class. Spread it into the class's options: `retryable` is core's
 * decision (status, retry hint, method safety) and `details` lands on the error.
 */
export interface ApiErrorContext extends ApiErrorOptions {
  message: string;
  /** The error parser's fields, then those of the client's `errorDetails` hook. */
  details: ProviderErrorDetails & Readonly<Record<string, unknown>>;
  /** Whether repeating the same call may succeed, as core's retry rules see it. */
  retryable: boolean;
}

type ApiErrorClass = new (message: string, options: ApiErrorOptions) => ApiError;

const STATUS_CLASSES: Record<number, ApiErrorClass> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

export function apiErrorClassFor(status: number): ApiErrorClass {
  return STATUS_CLASSES[status] ?? (status >= 500 ? ServerError : ApiError);
}

/**
 * Reads the common shapes of JSON error bodies: `{ error: { message, code } }`,
 * `{ message, code }`, RFC 6749 `{ error, error_description }`, and
 * `{ errors: [{ message, code }] }`.
 */
export function defaultErrorParser(response: ErrorResponseInfo): ProviderErrorDetails {
  const body = asRecord(response.body);
  if (!body) {
    const text = asText(response.body);
    return { message: text ? text.slice(0, 200) : undefined };
  }
  const nested = asRecord(body.error);
  const first = Array.isArray(body.errors) ? asRecord(body.errors[0]) : undefined;
  return {
    message:
      asText(nested?.message) ??
      asText(body.message) ??
      asText(body.error_description) ??
      asText(first?.message) ??
      asText(body.error),
    code:
      asText(nested?.code) ??
      asText(nested?.type) ??
      asText(body.code) ??
      asText(first?.code) ??
      asText(body.error),
  };
}

const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/** The system error code deepest in a cause chain (undici nests it). */
export function transportErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  let code: string | undefined;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth += 1) {
    const value = (current as { code?: unknown }).code;
    if (typeof value === 'string') code = value;
    current = (current as { cause?: unknown }).cause;
  }
  return code;
}

/** True when the failure certainly happened before the request was written. */
export function failedBeforeSending(code: string | undefined): boolean {
  return code !== undefined && NOT_SENT_CODES.has(code);
}
