import { type $Fetch, ofetch } from 'ofetch';
import { ATTEMPT_TIMEOUT, ATTEMPT_TIMEOUT_CODE } from './attempt-timeout.js';
import type { AuthRequest, AuthStrategy } from './auth-strategy.js';
import { contextualLogger } from './call-context.js';
import { type Clock, systemClock } from './clock.js';
import { describeValue } from './describe-value.js';
import {
  type ApiErrorContext,
  apiErrorClassFor,
  defaultErrorParser,
  type ErrorResponseInfo,
  failedBeforeSending,
  type ProviderErrorDetails,
  transportErrorCode,
} from './error-classification.js';
import {
  AbortError,
  ApiError,
  ConfigurationError,
  ConnectionError,
  IntegrationError,
  QuotaExceededError,
  ResponseParseError,
  TimeoutError,
  ValidationError,
} from './errors.js';
import { encodeForm } from './form-encoding.js';
import { type Logger, silentLogger } from './logger.js';
import type { Metrics } from './metrics.js';
import { hasDotSegment } from './path-segment.js';
import * as platform from './platform/platform.js';
import type { RateLimiter, ReleaseFn } from './rate-limiter.js';
import { redactHeaders, redactUrl, redactValue, SecretScrubber, scrubValue } from './redaction.js';
import {
  checkRedirectPolicy,
  DEFAULT_REDIRECT_POLICY,
  decideRedirect,
  headersForHop,
  isRedirectStatus,
  type RedirectPolicy,
} from './redirect-policy.js';
import {
  checkMaxResponseBytes,
  DEFAULT_MAX_RESPONSE_BYTES,
  findResponseTooLarge,
  limitFetchResponse,
  MAX_RESPONSE_BYTES,
  responseLimitOf,
  responseTooLarge,
} from './response-size-limit.js';
import {
  backoffDelay,
  isIdempotentMethod,
  parseRetryAfter,
  type ResolvedRetryOptions,
  type RetryHint,
  type RetryInfo,
  type RetryOptions,
  resolveRetryOptions,
} from './retry-policy.js';
import { endAttemptSpan, type SpanLike, startAttemptSpan, type TracerLike } from './tracing.js';
import {
  appendQuery,
  joinUrl,
  parseServiceUrl,
  type QueryArrayFormat,
  type QueryValue,
} from './url.js';
import { runtimeUserAgent } from './version.js';

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
  /** Overrides the client's retry settings; `false` never retries (a call that can charge twice). */
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
  rateLimiter?: RateLimiter | undefined;
  /** Default rate limit bucket. Default: `name`. */
  rateLimitKey?: string | undefined;
  /** Default: silent. Every line is redacted. */
  logger?: Logger | undefined;
  metrics?: Metrics | undefined;
  /** An OpenTelemetry `Tracer`; one client span per attempt. */
  tracer?: TracerLike | undefined;
  hooks?: HttpClientHooks | undefined;
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

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const DEFAULT_REQUEST_ID_HEADERS = [
  'request-id',
  'x-request-id',
  'x-correlation-id',
  'x-amzn-requestid',
];
const MAX_ERROR_TEXT = 2_000;

const MAX_TIMER_MS = 2_147_483_647;

function checkTimeout(value: unknown, option: string, provider: string): number | undefined {
  if (value === undefined) return undefined;
  // Timers overflow above 2^31 - 1 ms (about 24.8 days) and fire at once.
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
    throw new ConfigurationError(
      `${option} must be a positive number of milliseconds up to ${MAX_TIMER_MS}, got ${describeValue(value)}.`,
      {
        option,
        provider,
      },
    );
  }
  return value;
}

/** Options read at construction: a wrong type here must not surface later as a TypeError. */
function checkClientOptions(options: HttpClientOptions, provider: string): void {
  const fail = (option: string, expected: string): never => {
    throw new ConfigurationError(
      `${option} must be ${expected}, got ${describeValue(options[option as keyof HttpClientOptions])}.`,
      { option, provider },
    );
  };
  const isText = (value: unknown) => typeof value === 'string' && value.length > 0;
  const isRecord = (value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value);
  if (options.idempotencyHeader !== undefined && !isText(options.idempotencyHeader))
    fail('idempotencyHeader', 'a header name');
  if (options.userAgent !== undefined && typeof options.userAgent !== 'string')
    fail('userAgent', 'a string');
  if (options.rateLimitKey !== undefined && !isText(options.rateLimitKey))
    fail('rateLimitKey', 'a non-empty string');
  if (
    options.queryArrayFormat !== undefined &&
    !['repeat', 'indices'].includes(options.queryArrayFormat)
  )
    fail('queryArrayFormat', "'repeat' or 'indices'");
  if (
    options.defaultHeaders !== undefined &&
    (!isRecord(options.defaultHeaders) ||
      !Object.values(options.defaultHeaders).every((value) => typeof value === 'string'))
  )
    fail('defaultHeaders', 'an object of strings');
  if (
    options.requestIdHeaders !== undefined &&
    (!Array.isArray(options.requestIdHeaders) || !options.requestIdHeaders.every(isText))
  )
    fail('requestIdHeaders', 'a list of header names');
  for (const name of ['fetch', 'retryHint', 'parseError', 'createError', 'random'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function')
      fail(name, 'a function');
  }
  // Objects whose methods the pipeline calls: a wrong one would fail mid-call.
  const shapes: Record<string, readonly string[]> = {
    auth: ['apply'],
    rateLimiter: ['acquire'],
    logger: ['debug', 'info', 'warn', 'error'],
    metrics: ['record'],
    tracer: ['startSpan'],
    clock: ['now', 'sleep'],
    hooks: [],
  };
  for (const [name, methods] of Object.entries(shapes)) {
    const value = options[name as keyof HttpClientOptions];
    if (value === undefined) continue;
    if (
      !isRecord(value) ||
      !methods.every((method) => typeof (value as Record<string, unknown>)[method] === 'function')
    )
      fail(name, methods.length > 0 ? `an object with ${methods.join(', ')}` : 'an object');
  }
  if (options.retry !== undefined && !isRecord(options.retry)) fail('retry', 'an object');
}

/** A 3xx the redirect policy did not follow. */
interface UnfollowedRedirect {
  location: string | null;
  reason: string;
}

/** Outcome of one attempt before it is judged. */
type AttemptOutcome =
  | {
      kind: 'response';
      status: number;
      headers: Headers;
      text: string;
      redirect?: UnfollowedRedirect | undefined;
    }
  | { kind: 'error'; error: IntegrationError };

export function createHttpClient(options: HttpClientOptions): HttpClient {
  if (!options || typeof options.name !== 'string' || options.name.length === 0) {
    throw new ConfigurationError('name is required: the provider name used in logs and errors.', {
      option: 'name',
    });
  }
  const provider = options.name;
  checkClientOptions(options, provider);
  const allowInsecureHttp = options.allowInsecureHttp ?? false;
  const baseURL = parseServiceUrl(options.baseURL, 'baseURL', { provider, allowInsecureHttp });
  const timeoutMs = checkTimeout(options.timeoutMs, 'timeoutMs', provider) ?? 60_000;
  const maxResponseBytes =
    checkMaxResponseBytes(options.maxResponseBytes, provider) ?? DEFAULT_MAX_RESPONSE_BYTES;
  const redirectPolicy = checkRedirectPolicy(options.redirect, provider) ?? DEFAULT_REDIRECT_POLICY;
  let retryDefaults: ResolvedRetryOptions;
  try {
    retryDefaults = resolveRetryOptions(options.retry);
  } catch (error) {
    throw new ConfigurationError((error as Error).message, {
      option: (error as ConfigurationError).option,
      provider,
    });
  }
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  // Lines carry the call context (the webhook event a handler is processing).
  const logger = options.logger ? contextualLogger(options.logger) : silentLogger;
  const parseError = options.parseError ?? defaultErrorParser;
  const requestIdHeaders = options.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS;
  const idempotencyHeader = (options.idempotencyHeader ?? 'Idempotency-Key').toLowerCase();
  const queryArrayFormat = options.queryArrayFormat ?? 'repeat';
  const rateLimitKey = options.rateLimitKey ?? provider;
  const userAgent = options.userAgent
    ? `${options.userAgent} ${runtimeUserAgent()}`
    : runtimeUserAgent();
  const defaultHeaders: Record<string, string> = {
    accept: 'application/json',
    'user-agent': userAgent,
  };
  for (const [name, value] of Object.entries(options.defaultHeaders ?? {})) {
    defaultHeaders[name.toLowerCase()] = value;
  }
  // On Node.js the default is node:http under ofetch (see platform/platform.ts).
  const nodeFetch = options.fetch ? undefined : platform.nodeTransport();
  const userFetch = options.fetch;
  // Any other fetch (the caller's, or the global one looked up per call so
  // MSW sees it) has its body read here, counted against the size limit.
  const limitedFetch: typeof fetch = async (input, init) =>
    limitFetchResponse(await (userFetch ?? globalThis.fetch)(input, init), responseLimitOf(init));
  const customFetch = nodeFetch ?? limitedFetch;
  // ofetch is only the transport: its retry ignores Retry-After and its
  // timeout would break ours, so both are off and the loop below owns them.
  const transport: $Fetch = ofetch.create(
    { retry: 0, ignoreResponseError: true, responseType: 'text' },
    { fetch: (input, init) => customFetch(input, init) },
  );

  const requestIdOf = (headers: Headers): string | undefined => {
    for (const name of requestIdHeaders) {
      const value = headers.get(name);
      if (value) return value;
    }
    return undefined;
  };

  const validate = (request: HttpRequest, operation: string | undefined): void => {
    const issues: Array<{ path: string[]; message: string }> = [];
    if (!request || typeof request !== 'object') {
      throw new ValidationError([{ path: [], message: 'request must be an object' }], {
        provider,
        operation,
      });
    }
    if (typeof request.method !== 'string' || !METHODS.has(request.method)) {
      issues.push({ path: ['method'], message: `must be one of ${[...METHODS].join(', ')}` });
    }
    if (typeof request.path !== 'string' || request.path.length === 0) {
      issues.push({ path: ['path'], message: 'must be a non-empty string' });
    } else if (hasDotSegment(request.path)) {
      // An id of `..` would make `DELETE /v1/customers/..` a `DELETE /v1/`.
      issues.push({
        path: ['path'],
        message:
          'must not contain a `.` or `..` segment (an id of "." or ".." climbs the URL path)',
      });
    }
    if (request.body !== undefined && (request.method === 'GET' || request.method === 'HEAD')) {
      issues.push({ path: ['body'], message: `a ${request.method} request cannot carry a body` });
    }
    if (
      request.bodyEncoding === 'form' &&
      request.body !== undefined &&
      typeof request.body !== 'string' &&
      (request.body === null || typeof request.body !== 'object' || Array.isArray(request.body))
    ) {
      issues.push({ path: ['body'], message: 'form encoding needs a plain object' });
    }
    if (
      request.idempotencyKey !== undefined &&
      (typeof request.idempotencyKey !== 'string' || request.idempotencyKey.length === 0)
    ) {
      issues.push({ path: ['idempotencyKey'], message: 'must be a non-empty string' });
    }
    if (issues.length > 0) throw new ValidationError(issues, { provider, operation });
    checkMaxResponseBytes(request.maxResponseBytes, provider);
    checkRedirectPolicy(request.redirect, provider);
  };

  /**
   * Request data that cannot be encoded, as a ValidationError naming where. The
   * form encoder's own ValidationError keeps its issues (paths under `part`).
   */
  const unencodable = (
    part: 'query' | 'body',
    cause: unknown,
    operation: string | undefined,
  ): ValidationError => {
    const issues = ValidationError.isInstance(cause)
      ? cause.issues.map((issue) => ({ path: [part, ...issue.path], message: issue.message }))
      : [{ path: [part], message: `cannot be encoded: ${(cause as Error)?.message}` }];
    return new ValidationError(issues, { provider, operation, cause });
  };

  async function requestWithResponse<T>(request: HttpRequest): Promise<HttpResponse<T>> {
    const operation = request?.operation;
    validate(request, operation);
    const requestTimeout = checkTimeout(request.timeoutMs, 'timeoutMs', provider) ?? timeoutMs;
    const transfer: TransferLimits = {
      maxResponseBytes: request.maxResponseBytes ?? maxResponseBytes,
      redirect: request.redirect ?? redirectPolicy,
    };
    let retry: ResolvedRetryOptions | undefined;
    if (request.retry !== false) {
      retry = request.retry ? resolveRetryOptions(request.retry, retryDefaults) : retryDefaults;
    }
    const method = request.method;
    const url = joinUrl(baseURL, request.path);
    if (url.origin !== baseURL.origin)
      parseServiceUrl(url.toString(), 'path', { provider, allowInsecureHttp });
    try {
      appendQuery(url, request.query, queryArrayFormat);
    } catch (cause) {
      // A lone UTF-16 surrogate cannot be percent-encoded: the caller's data, not a bug.
      throw unencodable('query', cause, operation);
    }

    const headers: Record<string, string> = { ...defaultHeaders };
    let body: string | undefined;
    if (request.body !== undefined) {
      if (typeof request.body === 'string') {
        body = request.body;
      } else {
        try {
          if (request.bodyEncoding === 'form') {
            body = encodeForm(request.body as Record<string, unknown>);
            headers['content-type'] = 'application/x-www-form-urlencoded';
          } else {
            body = JSON.stringify(request.body);
            headers['content-type'] = 'application/json';
          }
        } catch (cause) {
          // A BigInt or a cycle in the body: the caller's data, reported before anything is sent.
          throw unencodable('body', cause, operation);
        }
      }
    }
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      if (value !== undefined) headers[name.toLowerCase()] = value;
    }
    if (request.idempotencyKey) headers[idempotencyHeader] = request.idempotencyKey;

    const scrubber = new SecretScrubber();
    let lastAttemptUrl = url;
    let lastAttemptHeaders = headers;
    // Credentials are gathered for scrubbing only when something is about to
    // be logged or thrown: the success path with logging off pays nothing.
    const collectSecrets = () => {
      for (const secret of options.auth?.secrets?.() ?? []) scrubber.add(secret);
      redactHeaders(lastAttemptHeaders, scrubber);
      redactUrl(lastAttemptUrl, scrubber);
      if (request.body !== undefined && typeof request.body === 'object') {
        redactValue(request.body, scrubber, { outgoing: true });
      }
    };
    const debugEnabled = logger.isLevelEnabled
      ? logger.isLevelEnabled('debug')
      : logger !== silentLogger;
    const mutationSafe =
      isIdempotentMethod(method) ||
      request.idempotent === true ||
      request.idempotencyKey !== undefined;
    const started = clock.now();
    const signal = request.signal;
    let attempt = 0;
    let retriesDone = 0;
    let authRefreshed = false;

    const finish: (error: IntegrationError) => never = (error) => {
      collectSecrets();
      const durationMs = clock.now() - started;
      const status = ApiError.isInstance(error) ? error.status : undefined;
      const level = status !== undefined && status < 500 && status !== 429 ? 'warn' : 'error';
      logger[level](
        {
          event: 'request.failed',
          provider,
          operation,
          method,
          url: redactUrl(url, scrubber),
          status,
          attempt,
          durationMs,
          requestId: ApiError.isInstance(error) ? error.requestId : undefined,
          error: error.name,
        },
        scrubber.scrub(error.message),
      );
      // A caller's abort says nothing about the provider.
      if (!AbortError.isInstance(error))
        options.metrics?.record({
          provider,
          // Paths carry ids; keyed by them, metrics would grow with every record.
          operation: operation ?? method,
          ok: false,
          durationMs,
          status,
          errorName: error.name,
          errorMessage: scrubber.scrub(error.message),
        });
      observe(options.hooks?.onError, error);
      throw error;
    };

    const aborted = (): AbortError =>
      new AbortError(
        `${provider} ${operation ?? `${method} ${url.pathname}`} was aborted by the caller.`,
        {
          provider,
          operation,
          cause: signal?.reason,
        },
      );

    for (;;) {
      attempt += 1;
      if (signal?.aborted) finish(aborted());

      let release: ReleaseFn | undefined;
      if (options.rateLimiter) {
        try {
          release = await options.rateLimiter.acquire(request.rateLimitKey ?? rateLimitKey, {
            cost: request.rateLimitCost ?? 1,
            signal,
          });
        } catch (error) {
          if (signal?.aborted) finish(aborted());
          throw error;
        }
      }

      // Copies only when an auth strategy may change them for this attempt.
      const attemptUrl = options.auth ? new URL(url) : url;
      const attemptHeaders = options.auth ? { ...headers } : headers;
      // Header names the strategy set: a followed redirect never carries them.
      const authSet = new Set<string>();
      let outcome: AttemptOutcome;
      let span: SpanLike | undefined;
      const attemptStarted = clock.now();
      try {
        if (options.auth) {
          const authRequest: AuthRequest = { method, url: attemptUrl, headers: attemptHeaders };
          await options.auth.apply(authRequest);
          // Whatever the strategy added is a credential, whatever its name.
          for (const [name, value] of Object.entries(attemptHeaders)) {
            if (headers[name] !== value) {
              scrubber.add(value);
              authSet.add(name);
            }
          }
          if (attemptUrl.search !== url.search) {
            for (const [name, value] of attemptUrl.searchParams) {
              if (!url.searchParams.getAll(name).includes(value)) scrubber.add(value);
            }
          }
        }
        lastAttemptUrl = attemptUrl;
        lastAttemptHeaders = attemptHeaders;
        const observed = debugEnabled || options.tracer || options.hooks?.onRequest;
        const loggedUrl = observed ? redactUrl(attemptUrl, scrubber) : '';
        if (options.tracer) {
          span = startAttemptSpan(options.tracer, {
            method,
            url: attemptUrl,
            redactedUrl: loggedUrl,
            attempt,
            provider,
            operation,
          });
        }
        if (options.hooks?.onRequest)
          observe(options.hooks.onRequest, {
            provider,
            operation,
            method,
            url: loggedUrl,
            headers: redactHeaders(attemptHeaders, scrubber),
            attempt,
          });
        if (debugEnabled) {
          logger.debug(
            { event: 'request.start', provider, operation, method, url: loggedUrl, attempt },
            `${provider} ${method} ${attemptUrl.pathname}`,
          );
        }
        outcome = await send(
          attemptUrl,
          method,
          attemptHeaders,
          authSet,
          body,
          requestTimeout,
          signal,
          operation,
          attempt,
          transfer,
        );
      } catch (error) {
        outcome = {
          kind: 'error',
          error: IntegrationError.isInstance(error)
            ? error
            : new IntegrationError(
                `${provider} request setup failed: ${(error as Error)?.message ?? String(error)}`,
                {
                  provider,
                  operation,
                  cause: error,
                },
              ),
        };
      } finally {
        release?.();
      }

      const attemptDuration = clock.now() - attemptStarted;
      if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
        const requestId = requestIdOf(outcome.headers);
        let data: T;
        try {
          data = parseSuccess<T>(
            outcome,
            request.responseType ?? 'json',
            requestId,
            operation,
            method,
            () => {
              collectSecrets();
              return scrubber;
            },
          );
        } catch (error) {
          if (span)
            endAttemptSpan(span, {
              status: outcome.status,
              errorType: 'ResponseParseError',
              error: error as Error,
            });
          const parseFailure = error as IntegrationError;
          if (retry && mutationSafe && retriesDone < retry.maxRetries) {
            const delayMs = backoffDelay(retriesDone + 1, retry, random);
            if (clock.now() - started + delayMs > retry.deadlineMs) finish(parseFailure);
            if (await waitForRetry(parseFailure, outcome.status, delayMs, 'invalid response body'))
              continue;
          }
          finish(parseFailure);
        }
        if (span) endAttemptSpan(span, { status: outcome.status });
        const durationMs = clock.now() - started;
        if (options.hooks?.onResponse) {
          collectSecrets();
          observe(options.hooks.onResponse, {
            provider,
            operation,
            method,
            url: redactUrl(url, scrubber),
            headers: redactHeaders(outcome.headers, scrubber),
            attempt,
            status: outcome.status,
            durationMs: attemptDuration,
            requestId,
          });
        }
        if (debugEnabled) {
          collectSecrets();
          logger.debug(
            {
              event: 'request.success',
              provider,
              operation,
              method,
              url: redactUrl(url, scrubber),
              status: outcome.status,
              attempt,
              durationMs,
              requestId,
            },
            `${provider} ${method} ${url.pathname} ${outcome.status}`,
          );
        }
        options.metrics?.record({
          provider,
          operation: operation ?? method,
          ok: true,
          durationMs,
          status: outcome.status,
        });
        return {
          data: data!,
          status: outcome.status,
          headers: outcome.headers,
          requestId,
          attempts: attempt,
          durationMs,
        };
      }

      // Failure: build the typed error, then decide whether to go again.
      let error: IntegrationError;
      let hint: RetryHint;
      let retryAfterMs: number | undefined;
      let status: number | undefined;
      if (outcome.kind === 'response') {
        status = outcome.status;
        collectSecrets();
        // Secrets under sensitive keys of the body are learnt first; then
        // parsers and hints see the body and headers with every known secret
        // scrubbed, so no field they build can carry one.
        const parsedBody = parseErrorBody(outcome.text, scrubber);
        const redactedBody = redactValue(parsedBody, scrubber);
        const redactedHeaders = redactHeaders(outcome.headers, scrubber);
        const info: ErrorResponseInfo = {
          status: outcome.status,
          headers: scrubHeaders(outcome.headers, scrubber),
          body: scrubValue(parsedBody, scrubber),
        };
        retryAfterMs = parseRetryAfter(outcome.headers, clock.now());
        hint = options.retryHint?.(info);
        error = buildApiError(info, {
          body: redactedBody,
          headers: redactedHeaders,
          redirect: outcome.redirect,
          retryAfterMs,
          operation,
          method,
          url,
          attempts: attempt,
          scrubber,
        });
        if (span) endAttemptSpan(span, { status, errorType: String(status), error });
      } else {
        collectSecrets();
        error = outcome.error;
        if (span) endAttemptSpan(span, { errorType: error.name, error });
      }

      if (AbortError.isInstance(error)) finish(error);

      if (status === 401 && options.auth?.refresh && !authRefreshed) {
        authRefreshed = true;
        logger.info(
          {
            event: 'auth.refresh',
            provider,
            operation,
            method,
            url: redactUrl(url, scrubber),
            status,
            attempt,
          },
          `${provider} answered 401; refreshing credentials once`,
        );
        try {
          await options.auth.refresh({
            rejected: { method, url: lastAttemptUrl, headers: lastAttemptHeaders },
          });
        } catch (refreshError) {
          finish(
            IntegrationError.isInstance(refreshError)
              ? refreshError
              : new IntegrationError(`${provider} credential refresh failed after a 401.`, {
                  provider,
                  operation,
                  cause: refreshError,
                }),
          );
        }
        continue;
      }

      if (!retry || retriesDone >= retry.maxRetries || QuotaExceededError.isInstance(error))
        finish(error);
      const safe = mutationSafe || (ConnectionError.isInstance(error) && error.beforeRequestSent);
      if (!safe) finish(error);

      let retryable: boolean;
      if (ApiError.isInstance(error)) {
        retryable =
          hint === 'retry' || (hint !== 'no-retry' && retry.retryStatuses.has(error.status));
      } else {
        retryable = TimeoutError.isInstance(error) || ConnectionError.isInstance(error);
      }
      if (!retryable) finish(error);

      let delayMs: number;
      if (retryAfterMs !== undefined) {
        // Waiting longer than the cap would hold a worker hostage; hand the wait to the caller.
        if (retryAfterMs > retry.maxRetryAfterMs) finish(error);
        delayMs = retryAfterMs;
      } else {
        delayMs = backoffDelay(retriesDone + 1, retry, random);
      }
      if (clock.now() - started + delayMs > retry.deadlineMs) finish(error);
      if (!(await waitForRetry(error, status, delayMs, status ? `status ${status}` : error.name)))
        finish(error);
    }

    async function waitForRetry(
      error: IntegrationError,
      status: number | undefined,
      delayMs: number,
      reason: string,
    ): Promise<boolean> {
      retriesDone += 1;
      collectSecrets();
      const info: RetryInfo = {
        provider,
        operation,
        method,
        attempt,
        delayMs,
        reason,
        status,
        error,
      };
      logger.warn(
        {
          event: 'request.retry',
          provider,
          operation,
          method,
          url: redactUrl(url, scrubber),
          status,
          attempt,
          delayMs,
          durationMs: clock.now() - started,
        },
        scrubber.scrub(`${provider} retrying after ${reason} in ${delayMs} ms`),
      );
      for (const hook of [retry?.onRetry, options.hooks?.onRetry]) {
        try {
          hook?.(info);
        } catch {
          // An observer must not change the outcome.
        }
      }
      try {
        await clock.sleep(delayMs, signal);
      } catch {
        finish(aborted());
      }
      return true;
    }
  }

  async function send(
    url: URL,
    method: string,
    headers: Record<string, string>,
    authSet: ReadonlySet<string>,
    body: string | undefined,
    attemptTimeoutMs: number,
    userSignal: AbortSignal | undefined,
    operation: string | undefined,
    attempt: number,
    transfer: TransferLimits,
  ): Promise<AttemptOutcome> {
    // The Node transport enforces the attempt's timeout with a timer of its
    // own; with any other fetch, a fresh signal per attempt combines this
    // attempt's timeout with the caller's abort.
    const timeoutSignal = nodeFetch ? undefined : AbortSignal.timeout(attemptTimeoutMs);
    const signal =
      timeoutSignal && userSignal
        ? AbortSignal.any([timeoutSignal, userSignal])
        : (timeoutSignal ?? userSignal);
    const operationName = operation ?? `${method} ${url.pathname}`;
    const attemptStarted = Date.now();
    // Redirects are followed here, never by the transport, so that the
    // policy (redirect-policy.ts) sees every hop.
    let hopUrl = url;
    let hopMethod = method;
    let hopHeaders = headers;
    let hopBody = body;
    try {
      for (let hops = 0; ; hops += 1) {
        // Hops share the attempt's time.
        const remainingMs = attemptTimeoutMs - (hops === 0 ? 0 : Date.now() - attemptStarted);
        if (remainingMs <= 0)
          throw Object.assign(new Error('timed out'), { code: ATTEMPT_TIMEOUT_CODE });
        // The Node transport takes the URL object as is (no re-parse); ofetch
        // passes any non-string request through untouched.
        const target = nodeFetch ? (hopUrl as unknown as string) : hopUrl.toString();
        const response = await transport.raw<string, 'text'>(target, {
          method: hopMethod,
          headers: hopHeaders,
          body: hopBody,
          signal,
          redirect: 'manual',
          // Read by the transports, not by ofetch (which passes its options on).
          ...{ [MAX_RESPONSE_BYTES]: transfer.maxResponseBytes },
          ...(nodeFetch ? { [ATTEMPT_TIMEOUT]: remainingMs } : {}),
        });
        const outcome = {
          kind: 'response' as const,
          status: response.status,
          headers: response.headers,
          text: typeof response._data === 'string' ? response._data : '',
        };
        // A browser's fetch hides a manual redirect behind an opaque answer.
        if (response.type === 'opaqueredirect') {
          return { ...outcome, redirect: { location: null, reason: 'the runtime hides it' } };
        }
        if (!isRedirectStatus(response.status)) return outcome;
        const location = response.headers.get('location');
        const decision = decideRedirect({
          status: response.status,
          location,
          from: hopUrl,
          start: url,
          method: hopMethod,
          hasBody: hopBody !== undefined,
          policy: transfer.redirect,
          allowInsecureHttp,
          hops,
        });
        if (!decision.follow)
          return { ...outcome, redirect: { location, reason: decision.reason } };
        if (logger.isLevelEnabled?.('debug') ?? logger !== silentLogger) {
          logger.debug(
            {
              event: 'request.redirect',
              provider,
              operation,
              status: response.status,
              method: decision.method,
              url: redactUrl(decision.url),
              attempt,
            },
            `${provider} ${operationName} redirected (${response.status}) to ${decision.url.pathname}`,
          );
        }
        hopUrl = decision.url;
        hopMethod = decision.method;
        hopHeaders = headersForHop(hopHeaders, authSet);
        hopBody = undefined;
      }
    } catch (error) {
      if (userSignal?.aborted) {
        return {
          kind: 'error',
          error: new AbortError(`${provider} ${operationName} was aborted by the caller.`, {
            provider,
            operation,
            cause: userSignal.reason,
          }),
        };
      }
      const tooLarge = findResponseTooLarge(error);
      if (tooLarge) {
        return {
          kind: 'error',
          error: responseTooLarge(tooLarge.limitBytes, {
            provider,
            operation,
            what: `The ${provider} ${operationName} response`,
          }),
        };
      }
      const code = transportErrorCode(error);
      if (timeoutSignal ? timeoutSignal.aborted : code === ATTEMPT_TIMEOUT_CODE) {
        return {
          kind: 'error',
          error: new TimeoutError(
            `${provider} ${operationName} timed out after ${attemptTimeoutMs} ms.`,
            {
              provider,
              operation,
              timeoutMs: attemptTimeoutMs,
              attempts: attempt,
            },
          ),
        };
      }
      return {
        kind: 'error',
        error: new ConnectionError(
          `${provider} ${operationName} could not connect${code ? ` (${code})` : ''}.`,
          {
            provider,
            operation,
            code,
            beforeRequestSent: failedBeforeSending(code),
            attempts: attempt,
            // ofetch's FetchError message carries the full URL (a query key with it);
            // the undici error beneath it does not.
            cause:
              (error as { name?: string }).name === 'FetchError'
                ? (error as { cause?: unknown }).cause
                : error,
          },
        ),
      };
    }
  }

  function parseSuccess<T>(
    outcome: { status: number; headers: Headers; text: string },
    responseType: 'json' | 'text',
    requestId: string | undefined,
    operation: string | undefined,
    method: string,
    secrets: () => SecretScrubber,
  ): T {
    if (responseType === 'text') return outcome.text as T;
    if (outcome.text.length === 0 || outcome.status === 204) return undefined as T;
    try {
      return JSON.parse(outcome.text) as T;
    } catch (cause) {
      const scrubber = secrets();
      const contentType = outcome.headers.get('content-type') ?? 'no content type';
      // The parser's own message quotes the body; only its kind is kept.
      const reason = new SyntaxError('The body is not valid JSON.', {
        cause: (cause as Error)?.name,
      });
      throw new ResponseParseError(
        scrubber.scrub(
          `${provider} ${operation ?? method} answered ${outcome.status} with a body that is not valid JSON (${contentType}, ${outcome.text.length} bytes)${requestId ? ` [request ${requestId}]` : ''}.`,
        ),
        {
          provider,
          operation,
          status: outcome.status,
          requestId: requestId === undefined ? undefined : scrubber.scrub(requestId),
          cause: reason,
          retryable: true,
        },
      );
    }
  }

  function buildApiError(
    info: ErrorResponseInfo,
    context: {
      /** Key-redacted copies for the error's own fields. */
      body: unknown;
      headers: Record<string, string>;
      redirect: UnfollowedRedirect | undefined;
      retryAfterMs: number | undefined;
      operation: string | undefined;
      method: string;
      url: URL;
      attempts: number;
      scrubber: SecretScrubber;
    },
  ): ApiError {
    const { scrubber, operation } = context;
    const details = scrubValue(parseError(info), scrubber) as ProviderErrorDetails;
    const headerId = requestIdOf(info.headers);
    const requestId = details.requestId ?? headerId;
    const what = operation ?? `${context.method} ${context.url.pathname}`;
    const said = details.message ? `: ${details.message}` : '';
    const redirect = context.redirect
      ? ` (redirect${context.redirect.location ? ` to ${redactUrl(context.redirect.location, scrubber)}` : ''} not followed: ${context.redirect.reason})`
      : '';
    const message = scrubber.scrub(
      `${provider} ${what} failed with ${info.status}${said}${redirect}${requestId ? ` [request ${requestId}]` : ''}`,
    );
    const apiContext: ApiErrorContext = {
      message,
      details: { ...details },
      status: info.status,
      body: context.body,
      headers: context.headers,
      requestId,
      code: details.code,
      attempts: context.attempts,
      retryAfterMs: context.retryAfterMs,
      provider,
      operation,
      retryable: false,
    };
    const custom = options.createError?.(apiContext);
    if (custom) return custom;
    const ErrorClass = apiErrorClassFor(info.status);
    return new ErrorClass(message, {
      ...apiContext,
      retryable: retryDefaults.retryStatuses.has(info.status),
    });
  }

  return {
    name: provider,
    baseURL: baseURL.toString(),
    async request<T>(request: HttpRequest): Promise<T> {
      const response = await requestWithResponse<T>(request);
      return response.data;
    },
    requestWithResponse,
  };
}

/** Hooks observe; a throwing observer must not change the call. */
function observe<T>(hook: ((value: T) => void) | undefined, value: T): void {
  if (!hook) return;
  try {
    hook(value);
  } catch {
    // Deliberately ignored.
  }
}

/** Scrubbed before it is cut, so a cut never leaves half a secret behind. */
function parseErrorBody(text: string, scrubber: SecretScrubber): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    const scrubbed = scrubber.scrub(text);
    return scrubbed.length > MAX_ERROR_TEXT ? `${scrubbed.slice(0, MAX_ERROR_TEXT)}…` : scrubbed;
  }
}

/** Response headers with every known secret scrubbed from their values, for parsers and hints. */
function scrubHeaders(headers: Headers, scrubber: SecretScrubber): Headers {
  const scrubbed = new Headers();
  headers.forEach((value, name) => {
    scrubbed.append(name, scrubber.scrub(value));
  });
  return scrubbed;
}

/** Per-call transfer settings: the size limit and the redirect policy. */
interface TransferLimits {
  maxResponseBytes: number;
  redirect: RedirectPolicy;
}
