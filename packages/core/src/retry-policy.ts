import { describeValue } from './describe-value.js';
import { ConfigurationError } from './errors.js';

/** Retry settings. Every field has a default; a request can override any of them. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number | undefined;
  /** First backoff ceiling; doubles per retry. Default 500 ms. */
  baseDelayMs?: number | undefined;
  /** Backoff ceiling. Default 8 000 ms. */
  maxDelayMs?: number | undefined;
  /**
   * A `Retry-After` longer than this is not waited for: the error is raised at
   * once with `retryAfterMs` so the caller (or a job queue) can reschedule.
   * Default 60 000 ms.
   */
  maxRetryAfterMs?: number | undefined;
  /** Total time budget for all attempts and waits. Default 120 000 ms. */
  deadlineMs?: number | undefined;
  /** Statuses that are retried. Default 408, 429, 500, 502, 503, 504. */
  retryStatuses?: ReadonlyArray<number> | undefined;
  /** Called before each wait. Throwing from it is ignored. */
  onRetry?: ((info: RetryInfo) => void) | undefined;
}

export interface RetryInfo {
  provider: string;
  operation: string | undefined;
  method: string;
  /** The attempt that just failed, from 1. */
  attempt: number;
  delayMs: number;
  reason: string;
  status: number | undefined;
  error: Error;
}

/** What a provider says about one answer, from its own headers or body. */
export type RetryHint = 'retry' | 'no-retry' | undefined;

export interface ResolvedRetryOptions {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  deadlineMs: number;
  retryStatuses: ReadonlySet<number>;
  onRetry: ((info: RetryInfo) => void) | undefined;
}

export const DEFAULT_RETRY_STATUSES: ReadonlyArray<number> = [408, 429, 500, 502, 503, 504];

export function resolveRetryOptions(
  options: RetryOptions | undefined,
  base?: ResolvedRetryOptions,
): ResolvedRetryOptions {
  const resolved: ResolvedRetryOptions = {
    maxRetries: options?.maxRetries ?? base?.maxRetries ?? 2,
    baseDelayMs: options?.baseDelayMs ?? base?.baseDelayMs ?? 500,
    maxDelayMs: options?.maxDelayMs ?? base?.maxDelayMs ?? 8_000,
    maxRetryAfterMs: options?.maxRetryAfterMs ?? base?.maxRetryAfterMs ?? 60_000,
    deadlineMs: options?.deadlineMs ?? base?.deadlineMs ?? 120_000,
    retryStatuses: options?.retryStatuses
      ? new Set(options.retryStatuses)
      : (base?.retryStatuses ?? new Set(DEFAULT_RETRY_STATUSES)),
    onRetry: options?.onRetry ?? base?.onRetry,
  };
  if (!Number.isInteger(resolved.maxRetries) || resolved.maxRetries < 0) {
    throw new ConfigurationError(
      `retry.maxRetries must be a non-negative integer, got ${describeValue(resolved.maxRetries)}.`,
      { option: 'retry.maxRetries' },
    );
  }
  for (const name of ['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs', 'deadlineMs'] as const) {
    const value = resolved[name];
    if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
      throw new ConfigurationError(
        `retry.${name} must be a non-negative number, got ${describeValue(value)}.`,
        {
          option: `retry.${name}`,
        },
      );
    }
  }
  return resolved;
}

/**
 * Full jitter (a uniform draw between 0 and the exponential ceiling), so that
 * many clients failing together do not retry together. No floor: a floor
 * would cancel part of the jitter.
 */
export function backoffDelay(
  retryNumber: number,
  options: Pick<ResolvedRetryOptions, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retryNumber - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Reads `retry-after-ms` (milliseconds) or `Retry-After` (seconds or an HTTP
 * date). Returns undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: Headers, now: number): number | undefined {
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds !== null) {
    const value = Number(milliseconds);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const header = headers.get('retry-after');
  if (header === null) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // Only an HTTP date has letters; V8 would read "-1" as a year.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Reads a boolean hint header such as `Stripe-Should-Retry` or `x-should-retry`. */
export function shouldRetryHeader(name: string): (headers: Headers) => RetryHint {
  return (headers) => {
    const value = headers.get(name)?.trim().toLowerCase();
    if (value === 'true') return 'retry';
    if (value === 'false') return 'no-retry';
    return undefined;
  };
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}
