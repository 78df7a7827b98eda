import { AbortError, ApiError, type IntegrationError } from '../errors.js';
import { silentLogger } from '../logger.js';
import { redactHeaders, redactUrl } from '../redaction.js';
import type { RetryInfo } from '../retry-policy.js';
import { endAttemptSpan, type SpanLike, startAttemptSpan } from '../tracing.js';
import type { CallSecrets } from './call-secrets.js';
import type { ClientSettings } from './client-settings.js';

/** Hooks observe; a throwing observer must not change the call. */
export function observe<T>(hook: ((value: T) => void) | undefined, value: T): void {
  if (!hook) return;
  try {
    hook(value);
  } catch {
    // Deliberately ignored.
  }
}

/** The call being observed. */
export interface ObservedCall {
  operation: string | undefined;
  method: string;
  /** The prepared URL, before auth. */
  url: URL;
  started: number;
  secrets: CallSecrets;
  /** `onRetry` observers besides `hooks.onRetry`: the client's and the request's. */
  retryObservers: ReadonlyArray<(info: RetryInfo) => void>;
  /** The circuit's state when the call was let through (with a breaker). */
  circuit?: string | undefined;
}

export interface AttemptFailure {
  status: number | undefined;
  error: IntegrationError;
}

/** A 2xx answer, as the observers see it. */
export interface ObservedAnswer {
  status: number;
  headers: Headers;
  requestId: string | undefined;
  /** Since the call started. */
  durationMs: number;
}

/**
 * Everything that watches one call: log lines, the one metrics record, one
 * span per attempt and the hooks. All of it sees redacted data only.
 */
export interface CallObservers {
  attemptStarted(
    attempt: { url: URL; headers: Record<string, string> },
    number: number,
  ): SpanLike | undefined;
  attemptFailed(span: SpanLike | undefined, failure: AttemptFailure, errorType?: string): void;
  succeeded(answer: ObservedAnswer, attempts: number, attemptMs: number): void;
  /** One `request.retry` line and every `onRetry`. */
  retrying(info: RetryInfo): void;
  refreshingAuth(status: number, attempt: number): void;
  /** Reports the call's failure (one log line, one metrics record, `onError`) and throws it. */
  failed(error: IntegrationError, attempts: number): never;
}

interface Observing {
  settings: ClientSettings;
  call: ObservedCall;
  debugEnabled: boolean;
}

function attemptStarted(
  { settings, call, debugEnabled }: Observing,
  attempt: { url: URL; headers: Record<string, string> },
  number: number,
): SpanLike | undefined {
  const { provider, logger, options } = settings;
  const { tracer, hooks } = options;
  const { operation, method, secrets } = call;
  const observed = debugEnabled || tracer || hooks?.onRequest;
  const loggedUrl = observed ? redactUrl(attempt.url, secrets.scrubber) : '';
  const span = tracer
    ? startAttemptSpan(tracer, {
        method,
        url: attempt.url,
        redactedUrl: loggedUrl,
        attempt: number,
        provider,
        operation,
        circuit: call.circuit,
      })
    : undefined;
  if (hooks?.onRequest)
    observe(hooks.onRequest, {
      provider,
      operation,
      method,
      url: loggedUrl,
      headers: redactHeaders(attempt.headers, secrets.scrubber),
      attempt: number,
    });
  if (debugEnabled) {
    logger.debug(
      { event: 'request.start', provider, operation, method, url: loggedUrl, attempt: number },
      `${provider} ${method} ${attempt.url.pathname}`,
    );
  }
  return span;
}

function succeeded(
  { settings, call, debugEnabled }: Observing,
  answer: ObservedAnswer,
  attempts: number,
  attemptMs: number,
): void {
  const { provider, logger, options } = settings;
  const { operation, method, url, secrets } = call;
  const { status, requestId, durationMs } = answer;
  if (options.hooks?.onResponse) {
    observe(options.hooks.onResponse, {
      provider,
      operation,
      method,
      url: redactUrl(url, secrets.collect()),
      headers: redactHeaders(answer.headers, secrets.scrubber),
      attempt: attempts,
      status,
      durationMs: attemptMs,
      requestId,
    });
  }
  if (debugEnabled) {
    logger.debug(
      {
        event: 'request.success',
        provider,
        operation,
        method,
        url: redactUrl(url, secrets.collect()),
        status,
        attempt: attempts,
        durationMs,
        requestId,
      },
      `${provider} ${method} ${url.pathname} ${status}`,
    );
  }
  const record = { provider, operation: operation ?? method, ok: true, durationMs, status };
  options.metrics?.record({ ...record, attempts });
}

function retrying({ settings, call }: Observing, info: RetryInfo): void {
  const { provider, logger, clock, options } = settings;
  const scrubber = call.secrets.collect();
  logger.warn(
    {
      event: 'request.retry',
      provider,
      operation: call.operation,
      method: call.method,
      url: redactUrl(call.url, scrubber),
      status: info.status,
      attempt: info.attempt,
      delayMs: info.delayMs,
      durationMs: clock.now() - call.started,
    },
    scrubber.scrub(`${provider} retrying after ${info.reason} in ${info.delayMs} ms`),
  );
  for (const hook of [...call.retryObservers, options.hooks?.onRetry]) observe(hook, info);
}

function refreshingAuth({ settings, call }: Observing, status: number, attempt: number): void {
  const { provider, logger } = settings;
  const { operation, method, url, secrets } = call;
  logger.info(
    {
      event: 'auth.refresh',
      provider,
      operation,
      method,
      url: redactUrl(url, secrets.scrubber),
      status,
      attempt,
    },
    `${provider} answered ${status}; refreshing credentials once`,
  );
}

function failed({ settings, call }: Observing, error: IntegrationError, attempts: number): never {
  const { provider, logger, clock, options } = settings;
  const { operation, method } = call;
  const scrubber = call.secrets.collect();
  const durationMs = clock.now() - call.started;
  const status = ApiError.isInstance(error) ? error.status : undefined;
  const level = status !== undefined && status < 500 && status !== 429 ? 'warn' : 'error';
  logger[level](
    {
      event: 'request.failed',
      provider,
      operation,
      method,
      url: redactUrl(call.url, scrubber),
      status,
      attempt: attempts,
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
      attempts,
    });
  observe(options.hooks?.onError, error);
  throw error;
}

function attemptFailed(span: SpanLike | undefined, failure: AttemptFailure, errorType?: string) {
  if (!span) return;
  const { status, error } = failure;
  const type = errorType ?? (status === undefined ? error.name : String(status));
  endAttemptSpan(span, { status, errorType: type, error });
}

export function createCallObservers(settings: ClientSettings, call: ObservedCall): CallObservers {
  const { logger } = settings;
  const debugEnabled = logger.isLevelEnabled
    ? logger.isLevelEnabled('debug')
    : logger !== silentLogger;
  const observing: Observing = { settings, call, debugEnabled };
  return {
    attemptStarted: (attempt, number) => attemptStarted(observing, attempt, number),
    attemptFailed,
    succeeded: (answer, attempts, attemptMs) => succeeded(observing, answer, attempts, attemptMs),
    retrying: (info) => retrying(observing, info),
    refreshingAuth: (status, attempt) => refreshingAuth(observing, status, attempt),
    failed: (error, attempts) => failed(observing, error, attempts),
  };
}
