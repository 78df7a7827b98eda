import {
  bearer,
  type Clock,
  ConfigurationError,
  createHttpClient,
  type HttpClientHooks,
  type HttpMethod,
  type Logger,
  type Metrics,
  type QueryValue,
  type RateLimiter,
  type RetryOptions,
  type TracerLike,
} from '@int/core';
import { checkRequestOptions, type RequestOptions } from './request-options.js';
import { createStripeError, parseStripeError } from './stripe-errors.js';
import { STRIPE_RETRY_DEFAULTS, stripeRetryHint } from './stripe-retry.js';
import { DEFAULT_API_VERSION, VERSION } from './version.js';

/** Settings of `createStripe`. Every field is optional. */
export interface StripeOptions {
  /**
   * Secret (`sk_...`) or restricted (`rk_...`) key, sent as `Authorization: Bearer`.
   * Default: the `STRIPE_SECRET_KEY` environment variable, read at the first
   * API call (never at import or construction).
   */
  secretKey?: string | undefined;
  /** Sent as `Stripe-Version` on every call. Default `2026-10-28.endive`. */
  apiVersion?: string | undefined;
  /** A connected account (`acct_...`) to act on, sent as `Stripe-Account`. Default: none. */
  stripeAccount?: string | undefined;
  /** Default `https://api.stripe.com`. Plain `http://` only for loopback hosts. */
  baseURL?: string | undefined;
  /** Per-attempt timeout in ms. Default 80 000 (Stripe's). */
  timeoutMs?: number | undefined;
  /**
   * Largest answer accepted, in bytes, as sent and once decompressed; a larger
   * one fails at once with core's `ResponseTooLargeError` (never retried).
   * Default 33 554 432 (32 MiB).
   */
  maxResponseBytes?: number | undefined;
  /**
   * Retry settings. Default: 2 retries, full-jitter backoff from 500 ms up to
   * 5 s, `Retry-After` honoured; retried: `Stripe-Should-Retry: true`, 409, 429,
   * 5xx, connection errors and timeouts; never a 402.
   */
  retry?: RetryOptions | undefined;
  /** A `RateLimiter` (`memoryRateLimiter()` from `@int/core`). Default: none. */
  rateLimiter?: RateLimiter | undefined;
  /** A pino-shaped logger; every line is redacted. Default: silent. */
  logger?: Logger | undefined;
  /** `createMetrics()` from `@int/core`. Default: none. */
  metrics?: Metrics | undefined;
  /** An OpenTelemetry `Tracer`: one client span per attempt. Default: none. */
  tracer?: TracerLike | undefined;
  /** A `fetch` implementation. Default: the global one, looked up per call (MSW sees it). */
  fetch?: typeof fetch | undefined;
  /** Observers of requests, responses, retries and errors (redacted). Default: none. */
  hooks?: HttpClientHooks | undefined;
  /** Injected time, for tests. Default: the system clock. */
  clock?: Clock | undefined;
}

/** A call as a resource method describes it. */
export interface StripeCall {
  method: HttpMethod;
  path: string;
  params?: Record<string, unknown> | undefined;
  operation: string;
  options?: RequestOptions | undefined;
}

/** The transport every resource uses: one Stripe call through core's pipeline. */
export interface StripeRequester {
  send<T>(call: StripeCall): Promise<T>;
}

const readEnv = (name: string): string | undefined =>
  typeof process !== 'undefined' && process.env ? process.env[name] : undefined;

function checkOptions(options: StripeOptions): void {
  if (options === null || typeof options !== 'object') {
    throw new ConfigurationError('createStripe options must be an object when given.', {
      option: 'options',
      provider: 'stripe',
    });
  }
  for (const name of ['secretKey', 'apiVersion', 'stripeAccount'] as const) {
    const value = options[name];
    if (value !== undefined && (typeof value !== 'string' || value.trim().length === 0)) {
      throw new ConfigurationError(`${name} must be a non-empty string when given.`, {
        option: name,
        provider: 'stripe',
      });
    }
  }
}

export function createStripeRequester(options: StripeOptions = {}): StripeRequester {
  checkOptions(options);
  const retry: RetryOptions = { ...STRIPE_RETRY_DEFAULTS, ...options.retry };
  const retryStatuses = new Set(retry.retryStatuses ?? STRIPE_RETRY_DEFAULTS.retryStatuses);
  const apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
  let secretKey: string | undefined;
  const key = (): string => {
    if (secretKey) return secretKey;
    const value = options.secretKey ?? readEnv('STRIPE_SECRET_KEY');
    if (typeof value !== 'string' || value.length === 0) {
      throw new ConfigurationError(
        'Stripe secret key is missing. Pass `secretKey` or set STRIPE_SECRET_KEY.',
        { option: 'secretKey', provider: 'stripe' },
      );
    }
    secretKey = value;
    return value;
  };
  const http = createHttpClient({
    name: 'stripe',
    baseURL: options.baseURL ?? 'https://api.stripe.com',
    auth: bearer(key),
    timeoutMs: options.timeoutMs ?? 80_000,
    maxResponseBytes: options.maxResponseBytes,
    retry,
    retryHint: stripeRetryHint,
    rateLimiter: options.rateLimiter,
    logger: options.logger,
    metrics: options.metrics,
    tracer: options.tracer,
    fetch: options.fetch,
    hooks: options.hooks,
    clock: options.clock,
    userAgent: `int-stripe/${VERSION}`,
    requestIdHeaders: ['request-id'],
    queryArrayFormat: 'indices',
    parseError: parseStripeError,
    createError: (context) => createStripeError(context, retryStatuses),
  });

  return {
    async send<T>(call: StripeCall): Promise<T> {
      const requestOptions = checkRequestOptions(call.options, call.operation);
      key(); // a missing key fails here, before anything is sent or logged
      const isPost = call.method === 'POST';
      const stripeAccount = requestOptions.stripeAccount ?? options.stripeAccount;
      return http.request<T>({
        method: call.method,
        path: call.path,
        operation: call.operation,
        query: isPost ? undefined : (call.params as Record<string, QueryValue> | undefined),
        body: isPost ? (call.params ?? {}) : undefined,
        bodyEncoding: 'form',
        headers: {
          'stripe-version': requestOptions.apiVersion ?? apiVersion,
          'stripe-account': stripeAccount,
        },
        // Generated once per call, so every retry of it carries the same key.
        idempotencyKey: isPost
          ? (requestOptions.idempotencyKey ?? globalThis.crypto.randomUUID())
          : undefined,
        timeoutMs: requestOptions.timeoutMs,
        retry:
          requestOptions.maxRetries === undefined
            ? undefined
            : { maxRetries: requestOptions.maxRetries },
        signal: requestOptions.signal,
      });
    },
  };
}
