import type { BackoffOptions } from './job-record.js';

export const DEFAULT_JOB_BACKOFF: Required<BackoffOptions> = {
  type: 'exponential',
  delayMs: 1_000,
  maxDelayMs: 60_000,
};

/**
 * Delay before the attempt after `attempt` failed (attempt counts from 1).
 * Exponential uses full jitter, a uniform draw below the ceiling, so jobs
 * that failed together do not all retry together.
 */
export function jobBackoffDelay(
  attempt: number,
  backoff: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const type = backoff.type ?? DEFAULT_JOB_BACKOFF.type;
  const delayMs = backoff.delayMs ?? DEFAULT_JOB_BACKOFF.delayMs;
  const maxDelayMs = backoff.maxDelayMs ?? DEFAULT_JOB_BACKOFF.maxDelayMs;
  if (type === 'fixed') return Math.min(delayMs, maxDelayMs);
  const ceiling = Math.min(maxDelayMs, delayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * A wait the failure itself asked for: `retryAfterMs` on the error, as a
 * `RateLimitError` carries from `Retry-After`. Undefined when absent.
 */
export function retryAfterFromError(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const value = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** The delay a queue waits before the next attempt: the error's own hint wins. */
export function nextAttemptDelay(
  attempt: number,
  error: unknown,
  backoff: BackoffOptions | undefined,
  random?: () => number,
): number {
  return retryAfterFromError(error) ?? jobBackoffDelay(attempt, backoff, random);
}
