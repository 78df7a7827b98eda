import {
  AbortError,
  ApiError,
  ConnectionError,
  IntegrationError,
  QuotaExceededError,
  TimeoutError,
} from '../errors.js';
import type { ReleaseFn } from '../rate-limiter.js';
import type { RetryInfo } from '../retry-policy.js';
import { endAttemptSpan, type SpanLike } from '../tracing.js';
import { readFailedAnswer } from './api-error-factory.js';
import { type CallObservers, createCallObservers } from './call-observers.js';
import { type CallSecrets, createCallSecrets } from './call-secrets.js';
import type { ClientSettings } from './client-settings.js';
import type { HttpRequest, HttpResponse } from './http-client-types.js';
import { type PreparedRequest, prepareRequest } from './request-building.js';
import { parseSuccess, requestIdOf } from './response-parsing.js';
import {
  decideRetry,
  type RepeatabilityInput,
  type RetryFailure,
  repeatStop,
} from './retry-decision.js';
import type { AttemptOutcome, AttemptSender, ResponseOutcome } from './send-attempt.js';

/** One logical call: its request, its observers and its counters across attempts. */
interface Call {
  settings: ClientSettings;
  sender: AttemptSender;
  request: HttpRequest;
  prepared: PreparedRequest;
  secrets: CallSecrets;
  observers: CallObservers;
  /** The request's side of the retry rules. */
  safety: Omit<RepeatabilityInput, 'failure'>;
  started: number;
  attempt: number;
  retriesDone: number;
  authRefreshed: boolean;
}

interface SentAttempt {
  outcome: AttemptOutcome;
  span: SpanLike | undefined;
  durationMs: number;
}

/** A failed attempt, judged. */
interface Failure {
  error: IntegrationError;
  /** The answer's status, when there was an answer. */
  status: number | undefined;
  retry: RetryFailure;
  retryAfterMs: number | undefined;
}

type Judged<T> = { ok: true; response: HttpResponse<T> } | { ok: false; failure: Failure };

function startCall(
  settings: ClientSettings,
  sender: AttemptSender,
  request: HttpRequest,
  prepared: PreparedRequest,
  circuit: string | undefined,
): Call {
  const { method, operation, url, headers } = prepared;
  const secrets = createCallSecrets(settings.options.auth, request.body, { url, headers });
  const started = settings.clock.now();
  // A request's own `onRetry` is called besides the client's, never instead of it.
  const retryObservers = new Set<(info: RetryInfo) => void>();
  for (const hook of [settings.retryDefaults.onRetry, prepared.retry?.onRetry])
    if (hook) retryObservers.add(hook);
  const observers = createCallObservers(settings, {
    operation,
    method,
    url,
    started,
    secrets,
    retryObservers: [...retryObservers],
    circuit,
  });
  const safety = {
    method,
    idempotent: request.idempotent === true,
    hasIdempotencyKey: request.idempotencyKey !== undefined,
    retryStatuses: (prepared.retry ?? settings.retryDefaults).retryStatuses,
    notActedOnStatuses: settings.notActedOnStatuses,
  };
  const counters = { attempt: 0, retriesDone: 0, authRefreshed: false };
  return { settings, sender, request, prepared, secrets, observers, safety, started, ...counters };
}

function aborted(call: Call): AbortError {
  const { provider } = call.settings;
  const { operation, method, url } = call.prepared;
  return new AbortError(
    `${provider} ${operation ?? `${method} ${url.pathname}`} was aborted by the caller.`,
    { provider, operation, cause: call.request.signal?.reason },
  );
}

async function acquireBudget(call: Call): Promise<ReleaseFn | undefined> {
  const { rateLimiter } = call.settings.options;
  if (!rateLimiter) return undefined;
  const { request } = call;
  try {
    return await rateLimiter.acquire(request.rateLimitKey ?? call.settings.rateLimitKey, {
      cost: request.rateLimitCost ?? 1,
      signal: request.signal,
    });
  } catch (error) {
    if (request.signal?.aborted) call.observers.failed(aborted(call), call.attempt);
    throw error;
  }
}

/** The attempt's URL and headers once the auth strategy had its say. */
async function authorize(call: Call) {
  const { auth } = call.settings.options;
  const { url, headers, method } = call.prepared;
  if (!auth) return { url, headers, authSet: new Set<string>() };
  // Copies, so that a strategy changes this attempt only. The URL is copied
  // when the strategy first reads it: most set a header and never do.
  let copiedUrl: URL | undefined;
  const request = {
    method,
    headers: { ...headers },
    get url() {
      copiedUrl ??= new URL(url);
      return copiedUrl;
    },
    set url(value: URL) {
      copiedUrl = value;
    },
  };
  await auth.apply(request);
  const attempt = { url: copiedUrl ?? url, headers: request.headers };
  const authSet = call.secrets.learnAttempt({ url, headers }, attempt);
  return { url: attempt.url, headers: attempt.headers, authSet };
}

function setupFailure(call: Call, error: unknown): IntegrationError {
  if (IntegrationError.isInstance(error)) return error;
  const { provider } = call.settings;
  return new IntegrationError(
    `${provider} request setup failed: ${(error as Error)?.message ?? String(error)}`,
    { provider, operation: call.prepared.operation, cause: error },
  );
}

async function sendAttempt(call: Call): Promise<SentAttempt> {
  const { clock } = call.settings;
  const { prepared } = call;
  const release = await acquireBudget(call);
  const attemptStarted = clock.now();
  let span: SpanLike | undefined;
  let outcome: AttemptOutcome;
  try {
    const attempt = await authorize(call);
    span = call.observers.attemptStarted(attempt, call.attempt);
    outcome = await call.sender.send({
      url: attempt.url,
      headers: attempt.headers,
      authSet: attempt.authSet,
      method: prepared.method,
      body: prepared.body,
      timeoutMs: prepared.timeoutMs,
      signal: call.request.signal,
      operation: prepared.operation,
      attempt: call.attempt,
      transfer: prepared.transfer,
    });
  } catch (error) {
    outcome = { kind: 'error', error: setupFailure(call, error) };
  } finally {
    release?.();
  }
  return { outcome, span, durationMs: clock.now() - attemptStarted };
}

function succeed<T>(call: Call, sent: SentAttempt, outcome: ResponseOutcome): Judged<T> {
  const { settings, prepared } = call;
  const { status, headers } = outcome;
  const requestId = requestIdOf(headers, settings.requestIdHeaders);
  let data: T;
  try {
    data = parseSuccess<T>(outcome, {
      provider: settings.provider,
      operation: prepared.operation,
      method: prepared.method,
      requestId,
      responseType: call.request.responseType ?? 'json',
      secrets: () => call.secrets.collect(),
    });
  } catch (error) {
    const failure: Failure = {
      error: error as IntegrationError,
      status,
      retry: { kind: 'invalid-body', status },
      retryAfterMs: undefined,
    };
    call.observers.attemptFailed(sent.span, failure, 'ResponseParseError');
    return { ok: false, failure };
  }
  if (sent.span) endAttemptSpan(sent.span, { status });
  const durationMs = settings.clock.now() - call.started;
  const answer = { status, headers, requestId, durationMs };
  call.observers.succeeded(answer, call.attempt, sent.durationMs);
  const response = { data, status, headers, requestId, attempts: call.attempt, durationMs };
  return { ok: true, response };
}

/** How the retry rules see an error raised without an answer (or by the auth strategy). */
function retryFailureOf(error: IntegrationError): RetryFailure {
  if (ApiError.isInstance(error))
    return { kind: 'status', status: error.status, quota: QuotaExceededError.isInstance(error) };
  if (TimeoutError.isInstance(error)) return { kind: 'timeout' };
  if (ConnectionError.isInstance(error))
    return { kind: 'connection', beforeRequestSent: error.beforeRequestSent };
  return { kind: 'other' };
}

function failureOf(call: Call, outcome: AttemptOutcome): Failure {
  const scrubber = call.secrets.collect();
  if (outcome.kind === 'error') {
    const { error } = outcome;
    const retry = retryFailureOf(error);
    // A timeout or a connection lost after sending may have been acted on: for a call
    // unsafe to repeat (a POST without a key) it is not retryable, as its 5xx is not.
    if (error.retryable && repeatStop({ ...call.safety, failure: retry }) === 'unsafe-to-repeat') {
      Object.defineProperty(error, 'retryable', { value: false });
    }
    return { error, status: undefined, retry, retryAfterMs: undefined };
  }
  const { operation, method, url } = call.prepared;
  const { status } = outcome;
  const read = readFailedAnswer(call.settings, outcome, {
    operation,
    method,
    url,
    attempts: call.attempt,
    scrubber,
    repeatability: call.safety,
  });
  const quota = QuotaExceededError.isInstance(read.error);
  const retry: RetryFailure = { kind: 'status', status, hint: read.hint, quota };
  return { error: read.error, status, retry, retryAfterMs: read.retryAfterMs };
}

function judge<T>(call: Call, sent: SentAttempt): Judged<T> {
  const { outcome } = sent;
  if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300)
    return succeed<T>(call, sent, outcome);
  const failure = failureOf(call, outcome);
  call.observers.attemptFailed(sent.span, failure);
  return { ok: false, failure };
}

async function refreshAuth(call: Call, status: number): Promise<void> {
  const { auth } = call.settings.options;
  if (!auth?.refresh) return;
  call.authRefreshed = true;
  call.observers.refreshingAuth(status, call.attempt);
  const { url, headers } = call.secrets.lastSent;
  try {
    await auth.refresh({ rejected: { method: call.prepared.method, url, headers } });
  } catch (refreshError) {
    const { provider } = call.settings;
    const error = IntegrationError.isInstance(refreshError)
      ? refreshError
      : new IntegrationError(`${provider} credential refresh failed after a 401.`, {
          provider,
          operation: call.prepared.operation,
          cause: refreshError,
        });
    call.observers.failed(error, call.attempt);
  }
}

async function waitForRetry(call: Call, failure: Failure, delayMs: number, reason: string) {
  const { settings, prepared } = call;
  call.retriesDone += 1;
  call.observers.retrying({
    provider: settings.provider,
    operation: prepared.operation,
    method: prepared.method,
    attempt: call.attempt,
    delayMs,
    reason,
    status: failure.status,
    error: failure.error,
  });
  try {
    await settings.clock.sleep(delayMs, call.request.signal);
  } catch {
    // The caller's abort, whatever its reason, is raised as core's AbortError.
    call.observers.failed(aborted(call), call.attempt);
  }
}

/** After a failed attempt: refresh credentials once, retry, or raise the error. */
async function recover(call: Call, failure: Failure): Promise<void> {
  const { settings, prepared } = call;
  const { error } = failure;
  if (AbortError.isInstance(error)) call.observers.failed(error, call.attempt);
  if (failure.status === 401 && settings.options.auth?.refresh && !call.authRefreshed)
    return refreshAuth(call, failure.status);
  const elapsedMs = settings.clock.now() - call.started;
  const decision = decideRetry({
    ...call.safety,
    failure: failure.retry,
    limits: prepared.retry ?? false,
    retriesDone: call.retriesDone,
    deadlineLeftMs: (prepared.retry?.deadlineMs ?? 0) - elapsedMs,
    retryAfterMs: failure.retryAfterMs,
    random: settings.random,
  });
  if (!decision.retry) call.observers.failed(error, call.attempt);
  await waitForRetry(call, failure, decision.delayMs, decision.reason);
}

/** Runs one logical call; `circuit` is the breaker's state when it let the call through. */
export type CallRunner = <T>(request: HttpRequest, circuit?: string) => Promise<HttpResponse<T>>;

/** The call loop: every attempt, every retry and the one outcome of a logical call. */
export function createCallRunner(settings: ClientSettings, sender: AttemptSender): CallRunner {
  return async function requestWithResponse<T>(
    request: HttpRequest,
    circuit?: string,
  ): Promise<HttpResponse<T>> {
    const prepared = prepareRequest(settings, request);
    const call = startCall(settings, sender, request, prepared, circuit);
    for (;;) {
      call.attempt += 1;
      if (request.signal?.aborted) call.observers.failed(aborted(call), call.attempt);
      const judged = judge<T>(call, await sendAttempt(call));
      if (judged.ok) return judged.response;
      await recover(call, judged.failure);
    }
  };
}
