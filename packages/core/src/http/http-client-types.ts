import type { AuthStrategy } from '../auth-strategy.js';
import type { CircuitBreakerFactory } from '../circuit-breaker/circuit-breaker.js';
import type { Clock } from '../clock.js';
import type {
  ApiErrorContext,
  ErrorResponseInfo,
  ProviderErrorDetails,
} from '../error-classification.js';
import type { ApiError, IntegrationError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { RateLimiter } from '../rate-limiter.js';
import type { RedirectPolicy } from '../redirect-policy.js';
import type { RetryHint, RetryInfo, RetryOptions } from '../retry-policy.js';
import type { TracerLike } from '../tracing.js';
import type { QueryArrayFormat, QueryValue } from '../url.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

export interface HttpRequest {
  method: HttpMethod;
  /** Joined to `baseURL` (which may carry a path prefix). An absolute URL is used as is. */
  path: string;
  query?: Record<string, QueryValue> | undefined;
  body?: unknown;
  /** `json` (default) or Stripe-style bracket `form` encoding. A string body is sent as is. */
  bodyEncoding?: 'json' | 'form' | undefined;
  headers?: Record<string, string | undefined> | undefined;
  /** Sent in the idempotency header, the same on every attempt; makes POST/PATCH retryable. */
  idempotencyKey?: string | undefined;
  /**
   * Marks a POST/PATCH as safe to repeat without a key: a read sent as POST
   * (a search, a rate quote, a tracking lookup) or an upsert by a unique id.
   * Default: only GET, HEAD, OPTIONS, PUT and DELETE are.
   */
  idempotent?: boolean | undefined;
  /** Per-attempt timeout. Default: the client's. */
  timeoutMs?: number | undefined;
  /** Aborts the call at once, also while waiting for a retry or the rate limiter. */
  signal?: AbortSignal | undefined;
  /**
   * Overrides the client's retry settings (its `onRetry` is called besides the
   * client's); `false` never retries (a call that can charge twice).
   */
  retry?: RetryOptions | false | undefined;
  /** Stable name such as `paymentIntents.create`, for logs, metrics and errors. */
  operation?: string | undefined;
  /** Rate limit bucket. Default: the client's `rateLimitKey`. */
  rateLimitKey?: string | undefined;
  /** Units of rate-limit budget. Default 1. */
  rateLimitCost?: number | undefined;
  /** `json` (default) parses the body; `text` returns it as a string. */
  responseType?: 'json' | 'text' | undefined;
  /** Largest answer accepted, raw and decoded. Default: the client's. */
  maxResponseBytes?: number | undefined;
  /** What a 3xx does. Default: the client's. */
  redirect?: RedirectPolicy | undefined;
}

export interface HttpResponse<T> {
  data: T;
  status: number;
  headers: Headers;
  requestId: string | undefined;
  /** Attempts made, 1 when the first one succeeded. */
  attempts: number;
  durationMs: number;
}

export interface RequestEventInfo {
  provider: string;
  operation: string | undefined;
  method: string;
  /** Redacted. */
  url: string;
  /** Redacted. */
  headers: Record<string, string>;
  attempt: number;
}

export interface ResponseEventInfo extends RequestEventInfo {
  status: number;
  durationMs: number;
  requestId: string | undefined;
}

/** Observers; they see redacted data only and cannot change the call. */
export interface HttpClientHooks {
  onRequest?: ((info: RequestEventInfo) => void) | undefined;
  onResponse?: ((info: ResponseEventInfo) => void) | undefined;
  onRetry?: ((info: RetryInfo) => void) | undefined;
  onError?: ((error: IntegrationError) => void) | undefined;
}

export interface HttpClientOptions {
  /** Provider name for logs, metrics and errors, e.g. `stripe`. */
  name: string;
  /** Absolute URL; `http://` only for loopback hosts unless `allowInsecureHttp`. */
  baseURL: string;
  auth?: AuthStrategy | undefined;
  /** Per-attempt timeout. Default 60 000 ms. */
  timeoutMs?: number | undefined;
  retry?: RetryOptions | undefined;
  /** A provider's reading of its hint headers (`Stripe-Should-Retry`, `x-should-retry`). */
  retryHint?: ((response: ErrorResponseInfo) => RetryHint) | undefined;
  /**
   * Statuses the provider guarantees it answers before acting on the request
   * (HubSpot's 429), so any method may be repeated after them: a POST or PATCH
   * without an idempotency key is then retried like a GET (still not when the
   * retry hint says no, nor for a `QuotaExceededError`). Default: none.
   */
  notActedOnStatuses?: ReadonlyArray<number> | undefined;
  rateLimiter?: RateLimiter | undefined;
  /** Default rate limit bucket. Default: `name`. */
  rateLimitKey?: string | undefined;
  /** Default: silent. Every line is redacted. */
  logger?: Logger | undefined;
  metrics?: Metrics | undefined;
  /** An OpenTelemetry `Tracer`; one client span per attempt. */
  tracer?: TracerLike | undefined;
  hooks?: HttpClientHooks | undefined;
  /**
   * A circuit breaker per provider and key (the request's `rateLimitKey`, or
   * the client's): `circuitBreaker()` for the defaults (open at a 50 % failure
   * rate over at least 20 calls in 30 s, probe after 15 s), or
   * `circuitBreaker({ ...settings, store })`. Counts 5xx, timeouts and
   * connection errors only. Default: off.
   */
  circuitBreaker?: CircuitBreakerFactory | undefined;
  /** A `fetch` implementation. Default: the global one, looked up per call (so MSW sees it). */
  fetch?: typeof fetch | undefined;
  /** Prepended to the User-Agent, e.g. `int-stripe/0.1.0`. */
  userAgent?: string | undefined;
  /** Allow `http://` to non-loopback hosts. Default false. */
  allowInsecureHttp?: boolean | undefined;
  /**
   * Largest answer accepted, in bytes, as sent and once decompressed; a
   * larger one fails at once with a `ResponseTooLargeError` (not retried).
   * Default 33 554 432 (32 MiB).
   */
  maxResponseBytes?: number | undefined;
  /**
   * What a 3xx does: `follow-same-origin` (default) follows only to the same
   * origin, without the body and without credential headers; `error` follows
   * nothing. A redirect not followed is raised as an `ApiError` naming its
   * `Location`. A `fetch` of your own must honour `redirect: 'manual'`.
   */
  redirect?: RedirectPolicy | undefined;
  defaultHeaders?: Record<string, string> | undefined;
  /** Header carrying `idempotencyKey`. Default `Idempotency-Key`. */
  idempotencyHeader?: string | undefined;
  /** Reads the provider's error body. Default: the common JSON shapes. */
  parseError?: ((response: ErrorResponseInfo) => ProviderErrorDetails) | undefined;
  /** Builds the provider's own error subclass; return undefined for the default class. */
  createError?: ((context: ApiErrorContext) => ApiError | undefined) | undefined;
  /**
   * Provider fields for the error's `details` (HubSpot's `category`, FedEx's
   * `errors`), read from the failed answer. `body` is the redacted one, so no
   * credential can reach `details`. Runs before `createError`, whose context
   * carries the result in `details`. Default: none.
   */
  errorDetails?: ((response: ErrorResponseInfo) => Record<string, unknown> | undefined) | undefined;
  /** Response headers holding the request id, first match wins. */
  requestIdHeaders?: ReadonlyArray<string> | undefined;
  queryArrayFormat?: QueryArrayFormat | undefined;
  /** Injected time, for tests. */
  clock?: Clock | undefined;
  /** Injected randomness for backoff jitter, for tests. */
  random?: (() => number) | undefined;
}

export interface HttpClient {
  readonly name: string;
  readonly baseURL: string;
  /** Resolves to the parsed body. */
  request<T = unknown>(request: HttpRequest): Promise<T>;
  requestWithResponse<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
}
