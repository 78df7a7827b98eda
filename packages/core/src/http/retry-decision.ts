import {
  backoffDelay,
  isIdempotentMethod,
  type ResolvedRetryOptions,
  type RetryHint,
} from '../retry-policy.js';

/** What went wrong with one attempt, as the retry rules see it. */
export type RetryFailure =
  /** A non-2xx answer; `quota` when it was raised as a `QuotaExceededError`. */
  | { kind: 'status'; status: number; hint?: RetryHint | undefined; quota?: boolean | undefined }
  /** A 2xx answer whose body could not be parsed. */
  | { kind: 'invalid-body'; status: number }
  | { kind: 'timeout' }
  | { kind: 'connection'; beforeRequestSent: boolean }
  /** Anything else (too large, a failed setup): never repeated. */
  | { kind: 'other' };

/** Why a failed attempt is not repeated. */
export type RetryStopReason =
  | 'retries-off'
  | 'not-retryable'
  | 'hint-no-retry'
  | 'quota'
  | 'unsafe-to-repeat'
  | 'max-retries'
  | 'retry-after-too-long'
  | 'deadline';

export type RetryDecision =
  | { retry: true; delayMs: number; reason: string }
  | { retry: false; reason: RetryStopReason };

/** The limits of one request's retries. */
export type RetryLimits = Pick<
  ResolvedRetryOptions,
  'maxRetries' | 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs'
>;

/** Whether a failure may be repeated at all, whatever the retries left. */
export interface RepeatabilityInput {
  failure: RetryFailure;
  method: string;
  /** The request was marked `idempotent: true`. */
  idempotent?: boolean | undefined;
  /** The request carries an idempotency key. */
  hasIdempotencyKey?: boolean | undefined;
  retryStatuses: ReadonlySet<number>;
  /** Statuses answered before the provider acts: any method may be repeated after them. */
  notActedOnStatuses?: ReadonlySet<number> | undefined;
}

export interface RetryDecisionInput extends RepeatabilityInput {
  /** `false` when the request turned retries off. */
  limits: RetryLimits | false;
  /** Retries already made: 0 after the first attempt. */
  retriesDone: number;
  /** What is left of `deadlineMs`. */
  deadlineLeftMs: number;
  /** The wait an error answer asked for (`Retry-After`), when it did. */
  retryAfterMs?: number | undefined;
  /** Draws the backoff jitter, in [0, 1). */
  random: () => number;
}

/** True when sending the request again cannot do anything twice. */
function safeToRepeat(input: RepeatabilityInput): boolean {
  const { failure } = input;
  if (isIdempotentMethod(input.method) || input.idempotent === true || input.hasIdempotencyKey)
    return true;
  if (failure.kind === 'connection') return failure.beforeRequestSent;
  return failure.kind === 'status' && (input.notActedOnStatuses?.has(failure.status) ?? false);
}

/** Whether this kind of failure may succeed on a repeat; a hint wins over the status list. */
function failureStop(input: RepeatabilityInput): RetryStopReason | undefined {
  const { failure } = input;
  switch (failure.kind) {
    case 'status':
      if (failure.quota) return 'quota';
      if (failure.hint === 'no-retry') return 'hint-no-retry';
      if (failure.hint === 'retry' || input.retryStatuses.has(failure.status)) return undefined;
      return 'not-retryable';
    case 'invalid-body':
    case 'timeout':
    case 'connection':
      return undefined;
    default:
      return 'not-retryable';
  }
}

/**
 * Why this failure may never be repeated, or undefined when it may: the
 * `retryable` core gives an `ApiError`, before any retry budget counts.
 */
export function repeatStop(input: RepeatabilityInput): RetryStopReason | undefined {
  return failureStop(input) ?? (safeToRepeat(input) ? undefined : 'unsafe-to-repeat');
}

function reasonOf(failure: RetryFailure): string {
  switch (failure.kind) {
    case 'status':
      return `status ${failure.status}`;
    case 'invalid-body':
      return 'invalid response body';
    case 'timeout':
      return 'TimeoutError';
    case 'connection':
      return 'ConnectionError';
    default:
      return 'error';
  }
}

/**
 * The retry rule, in one place and without side effects: whether a failed
 * attempt is repeated, and after how long.
 */
export function decideRetry(input: RetryDecisionInput): RetryDecision {
  const { limits } = input;
  if (limits === false) return { retry: false, reason: 'retries-off' };
  if (input.retriesDone >= limits.maxRetries) return { retry: false, reason: 'max-retries' };
  const stop = repeatStop(input);
  if (stop) return { retry: false, reason: stop };
  // Only an error answer can ask for a wait.
  const retryAfterMs = input.failure.kind === 'status' ? input.retryAfterMs : undefined;
  let delayMs: number;
  if (retryAfterMs !== undefined) {
    // Waiting longer than the cap would hold a worker hostage; hand the wait to the caller.
    if (retryAfterMs > limits.maxRetryAfterMs)
      return { retry: false, reason: 'retry-after-too-long' };
    delayMs = retryAfterMs;
  } else {
    delayMs = backoffDelay(input.retriesDone + 1, limits, input.random);
  }
  if (delayMs > input.deadlineLeftMs) return { retry: false, reason: 'deadline' };
  return { retry: true, delayMs, reason: reasonOf(input.failure) };
}
