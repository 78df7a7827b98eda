import type { JobState } from './jobs/job-record.js';
import { brandErrorClass } from './provider/error-brand.js';

/**
 * One error taxonomy for every provider. Providers add detail on these classes
 * or subclass them; they never build a parallel hierarchy.
 */

// Brands (`Symbol.for('@int/core/error/<name>')`, set by `brandErrorClass`) survive
// duplicated package copies (two versions of @int/core in one app), where `instanceof` would fail.
// Each class brands itself in a pure static field, so a bundle keeps only the classes it uses.

type ErrorClass = abstract new (...args: never[]) => IntegrationError;

export interface IntegrationErrorOptions {
  /** Provider name, e.g. `stripe`. */
  provider?: string;
  /** Stable operation name, e.g. `paymentIntents.create`. */
  operation?: string;
  /** Whether repeating the same call may succeed. */
  retryable?: boolean;
  cause?: unknown;
}

export class IntegrationError extends Error {
  // Names are set explicitly: minifiers rename classes, and `error.name` is API.
  static readonly brand: symbol = /* @__PURE__ */ brandErrorClass(this, 'core', 'IntegrationError');
  readonly provider: string;
  readonly operation: string | undefined;
  readonly retryable: boolean;

  constructor(message: string, options: IntegrationErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.provider = options.provider ?? 'unknown';
    this.operation = options.operation;
    this.retryable = options.retryable ?? false;
  }

  /** `instanceof` that also holds across duplicated copies of @int/core. */
  static isInstance<T extends ErrorClass>(this: T, value: unknown): value is InstanceType<T> {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass the check was called on.
    const brand = (this as unknown as { brand: symbol }).brand;
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[brand] === true
    );
  }
}

export interface ApiErrorOptions extends IntegrationErrorOptions {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  requestId?: string;
  code?: string;
  attempts?: number;
  retryAfterMs?: number;
  /** What the provider said beyond the message: see `ApiError.details`. */
  details?: Readonly<Record<string, unknown>> | undefined;
}

/** The provider answered with a non-2xx status. */
export class ApiError extends IntegrationError {
  static override readonly brand = /* @__PURE__ */ brandErrorClass(this, 'core', 'ApiError');
  readonly status: number;
  /** Parsed response body, redacted. */
  readonly body: unknown;
  /** Response headers, lower-cased, redacted. */
  readonly headers: Record<string, string>;
  readonly requestId: string | undefined;
  /** The provider's own error code, when its body names one. */
  readonly code: string | undefined;
  readonly attempts: number;
  /** How long the provider asked us to wait (Retry-After), when it did. */
  readonly retryAfterMs: number | undefined;
  /**
   * Provider fields read from the redacted body: the error parser's
   * (`message`, `code`, ...) and the client's `errorDetails` hook's.
   */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(message: string, options: ApiErrorOptions) {
    super(message, options);
    this.status = options.status;
    this.body = options.body;
    this.headers = options.headers ?? {};
    this.requestId = options.requestId;
    this.code = options.code;
    this.attempts = options.attempts ?? 1;
    this.retryAfterMs = options.retryAfterMs;
    this.details = options.details;
  }
}

/** 400: the provider rejected the request as malformed. */
export class BadRequestError extends ApiError {
  static override readonly brand = /* @__PURE__ */ brandErrorClass(this, 'core', 'BadRequestError');
}
/** 401: credentials missing, wrong or expired. */
export class AuthenticationError extends ApiError {
  static override readonly brand = /* @__PURE__ */ brandErrorClass(
    this,
    'core',
    'AuthenticationError',
  );
}
/** 403: credentials valid but not allowed to do this. */
export class PermissionDeniedError extends ApiError {
  static override readonly brand = /* @__PURE__ */ brandErrorClass(
    this,
    'core',
    'PermissionDeniedError',
  );
}
/** 404 */
export class NotFoundError extends ApiError {
  static override readonly brand = /* @__PURE__ */ brandErrorClass(this, 'core', 'NotFoundError');
}
/** 409: conflicting state, or a concurrent use of the same idempotency key. */
export class ConflictError extends ApiError {
  static override readonly brand = /* @__PURE__ */ brandErrorClass(this, 'core', 'ConflictError');
}
/** 422 */
export class UnprocessableEntityError extends ApiError {
  static override readonly brand = /* @__PURE__ */ brandErrorClass(
    this,
    'core',
    'UnprocessableEntityError',
  );
}
/** 429: slow down; `retryAfterMs` says for how long when the provider said it. */
export class RateLimitError extends ApiError {
  static override readonly brand = /* @__PURE__ */ brandErrorClass(this, 'core', 'RateLimitError');
}
/** 5xx */
export class ServerError extends ApiError {
  static override readonly brand = /* @__PURE__ */ brandErrorClass(this, 'core', 'ServerError');
}

export interface QuotaExceededErrorOptions extends ApiErrorOptions {
  /** When the quota resets, if the provider said. */
  resetAt?: Date;
}

/** A daily or periodic quota is spent. Not retried: waiting seconds will not help. */
export class QuotaExceededError extends ApiError {
  static override readonly brand = /* @__PURE__ */ brandErrorClass(
    this,
    'core',
    'QuotaExceededError',
  );
  readonly resetAt: Date | undefined;
  constructor(message: string, options: QuotaExceededErrorOptions) {
    super(message, { ...options, retryable: false });
    this.resetAt = options.resetAt;
  }
}

/** No answer within the per-attempt timeout (or the total deadline). */
export class TimeoutError extends IntegrationError {
  static override readonly brand = /* @__PURE__ */ brandErrorClass(this, 'core', 'TimeoutError');
  readonly timeoutMs: number;
  readonly attempts: number;
  constructor(
    message: string,
    options: IntegrationErrorOptions & { timeoutMs: number; attempts?: number },
  ) {
    super(message, { retryable: true, ...options });
    this.timeoutMs = options.timeoutMs;
    this.attempts = options.attempts ?? 1;
  }
}

/** The connection failed: refused, reset, DNS, TLS. */
export class ConnectionError extends IntegrationError {
  static override readonly brand = /* @__PURE__ */ brandErrorClass(this, 'core', 'ConnectionError');
  /**
   * `true` when the failure happened before any byte of the request left
   * (connection refused, DNS): such a call is safe to repeat even for POST.
   */
  readonly beforeRequestSent: boolean;
  readonly code: string | undefined;
  readonly attempts: number;
  constructor(
    message: string,
    options: IntegrationErrorOptions & {
      beforeRequestSent: boolean;
      code?: string;
      attempts?: number;
    },
  ) {
    super(message, { retryable: true, ...options });
    this.beforeRequestSent = options.beforeRequestSent;
    this.code = options.code;
    this.attempts = options.attempts ?? 1;
  }
}

/** The caller's AbortSignal fired. `cause` is the signal's reason. */
export class AbortError extends IntegrationError {
  static override readonly brand = /* @__PURE__ */ brandErrorClass(this, 'core', 'AbortError');
  /** The signal's reason, as given to `controller.abort(reason)`. */
  readonly reason: unknown;
  constructor(message: string, options: IntegrationErrorOptions = {}) {
    super(message, { ...options, retryable: false });
    this.reason = options.cause;
  }
}

/** A 2xx answer whose body could not be parsed. */
export class ResponseParseError extends IntegrationError {
  static override readonly brand = /* @__PURE__ */ brandErrorClass(
    this,
    'core',
    'ResponseParseError',
  );
  readonly status: number;
  readonly requestId: string | undefined;
  constructor(
    message: string,
    options: IntegrationErrorOptions & { status: number; requestId?: string },
  ) {
    super(message, options);
    this.status = options.status;
    this.requestId = options.requestId;
  }
}

/**
 * An answer was larger than `maxResponseBytes`, as sent or once decompressed
 * (a decompression bomb). The transfer is stopped at the limit. Not retried:
 * the same call would bring the same body.
 */
export class ResponseTooLargeError extends IntegrationError {
  static override readonly brand = /* @__PURE__ */ brandErrorClass(
    this,
    'core',
    'ResponseTooLargeError',
  );
  /** The limit that was exceeded, in bytes. */
  readonly limitBytes: number;
  constructor(message: string, options: IntegrationErrorOptions & { limitBytes: number }) {
    super(message, { ...options, retryable: false });
    this.limitBytes = options.limitBytes;
  }
}

export interface ValidationIssue {
  /** Where in the input, e.g. `['items', 0, 'price']`. */
  path: ReadonlyArray<string | number>;
  message: string;
}

/** Bad input, raised before anything is sent. */
export class ValidationError extends IntegrationError {
  static override readonly brand = /* @__PURE__ */ brandErrorClass(this, 'core', 'ValidationError');
  readonly issues: ReadonlyArray<ValidationIssue>;
  constructor(issues: ReadonlyArray<ValidationIssue>, options: IntegrationErrorOptions = {}) {
    const where = options.operation ? `${options.operation}: ` : '';
    const list = issues
      .map((issue) =>
        issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
      )
      .join('; ');
    super(`Invalid input for ${where}${list}`, { ...options, retryable: false });
    this.issues = issues;
  }
}

/** A client was set up wrong (missing key, bad option). Names the option. */
export class ConfigurationError extends IntegrationError {
  static override readonly brand = /* @__PURE__ */ brandErrorClass(
    this,
    'core',
    'ConfigurationError',
  );
  /** The option at fault, e.g. `baseURL`. */
  readonly option: string | undefined;
  constructor(message: string, options: IntegrationErrorOptions & { option?: string } = {}) {
    super(message, { ...options, retryable: false });
    this.option = options.option;
  }
}

export type WebhookVerificationFailure =
  | 'missing_header'
  | 'malformed_header'
  | 'no_matching_signature'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'missing_secret'
  | 'payload_not_raw'
  /** The current time or the tolerance is not a finite number: refused, never waved through. */
  | 'invalid_time';

/** A webhook's signature or timestamp did not check out. Never carries the payload or secret. */
export class WebhookVerificationError extends IntegrationError {
  static override readonly brand = /* @__PURE__ */ brandErrorClass(
    this,
    'core',
    'WebhookVerificationError',
  );
  readonly reason: WebhookVerificationFailure;
  constructor(
    message: string,
    options: IntegrationErrorOptions & { reason: WebhookVerificationFailure },
  ) {
    super(message, { ...options, retryable: false });
    this.reason = options.reason;
  }
}

export type OAuthCallbackFailure =
  | 'missing_state'
  | 'state_mismatch'
  | 'authorization_error'
  | 'missing_code';

/**
 * The OAuth authorization callback did not check out: its `state` is missing
 * or not ours (a forged or replayed callback), or the authorization server
 * reported an error (`error`, `error_description`).
 */
export class OAuthCallbackError extends IntegrationError {
  static override readonly brand = /* @__PURE__ */ brandErrorClass(
    this,
    'core',
    'OAuthCallbackError',
  );
  readonly reason: OAuthCallbackFailure;
  /** The callback's `error` parameter, e.g. `access_denied`. */
  readonly error: string | undefined;
  readonly errorDescription: string | undefined;
  constructor(
    message: string,
    options: IntegrationErrorOptions & {
      reason: OAuthCallbackFailure;
      error?: string | undefined;
      errorDescription?: string | undefined;
    },
  ) {
    super(message, { ...options, retryable: false });
    this.reason = options.reason;
    this.error = options.error;
    this.errorDescription = options.errorDescription;
  }
}

export type SecretBoxFailure = 'malformed' | 'unknown_key' | 'decrypt_failed';

/** A sealed value could not be opened. Never carries key material or plaintext. */
export class SecretBoxError extends IntegrationError {
  static override readonly brand = /* @__PURE__ */ brandErrorClass(this, 'core', 'SecretBoxError');
  readonly reason: SecretBoxFailure;
  /** The envelope's key id, when it could be read. Not secret. */
  readonly keyId: string | undefined;
  constructor(
    message: string,
    options: IntegrationErrorOptions & { reason: SecretBoxFailure; keyId?: string | undefined },
  ) {
    super(message, { ...options, retryable: false });
    this.reason = options.reason;
    this.keyId = options.keyId;
  }
}

// Webhooks and jobs.
/** A request body exceeded the configured size limit. HTTP handlers answer 413. */
export class PayloadTooLargeError extends IntegrationError {
  static override readonly brand = /* @__PURE__ */ brandErrorClass(
    this,
    'core',
    'PayloadTooLargeError',
  );
  /** The limit that was exceeded, in bytes. */
  readonly limitBytes: number;
  constructor(message: string, options: IntegrationErrorOptions & { limitBytes: number }) {
    super(message, { ...options, retryable: false });
    this.limitBytes = options.limitBytes;
  }
}

/**
 * A queue was asked to do something the job's state does not allow, such as
 * `retry()` on a job that is not `failed`: a done job is never run again by
 * accident (a second shipment, a second charge).
 */
export class JobStateError extends IntegrationError {
  static override readonly brand = /* @__PURE__ */ brandErrorClass(this, 'core', 'JobStateError');
  readonly jobId: string;
  /** The job's state when the call was refused. */
  readonly state: JobState;
  constructor(
    message: string,
    options: IntegrationErrorOptions & { jobId: string; state: JobState },
  ) {
    super(message, { ...options, retryable: false });
    this.jobId = options.jobId;
    this.state = options.state;
  }
}

/** Where a response broke the schema an endpoint declares. */
export interface ResponseIssue {
  /** Where in the body, e.g. `['data', 0, 'amount']`. */
  path: ReadonlyArray<string | number>;
  message: string;
}

/**
 * A 2xx answer did not match the endpoint's declared schema (with
 * `validateResponses: 'strict'`). Names the paths, never the values: a body
 * can carry personal data. Not retried: the same call brings the same body.
 */
export class ResponseValidationError extends IntegrationError {
  static override readonly brand = /* @__PURE__ */ brandErrorClass(
    this,
    'core',
    'ResponseValidationError',
  );
  readonly issues: ReadonlyArray<ResponseIssue>;
  readonly status: number;
  readonly requestId: string | undefined;
  constructor(
    issues: ReadonlyArray<ResponseIssue>,
    options: IntegrationErrorOptions & { status: number; requestId?: string | undefined },
  ) {
    const where = options.operation ? ` of ${options.operation}` : '';
    const paths = issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
    super(`The response${where} does not match its schema at ${paths}.`, {
      ...options,
      retryable: false,
    });
    this.issues = issues;
    this.status = options.status;
    this.requestId = options.requestId;
  }
}

/**
 * The provider's circuit is open: it failed too often lately, so the call
 * failed at once and nothing was sent. Retryable after `retryAfterMs` (the
 * next probe); a job queue reschedules it without spending an attempt.
 */
export class CircuitOpenError extends IntegrationError {
  static override readonly brand = /* @__PURE__ */ brandErrorClass(
    this,
    'core',
    'CircuitOpenError',
  );
  /** Time until the breaker lets a probe through, in ms. */
  readonly retryAfterMs: number;
  /** The breaker's key (the account or rate-limit key). */
  readonly key: string;
  constructor(
    message: string,
    options: IntegrationErrorOptions & { retryAfterMs: number; key: string },
  ) {
    super(message, { ...options, retryable: true });
    this.retryAfterMs = options.retryAfterMs;
    this.key = options.key;
  }
}
