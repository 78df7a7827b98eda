import {
  type ErrorResponseInfo,
  type RetryHint,
  type RetryOptions,
  shouldRetryHeader,
} from '@int/core';
import { isRateLimited, stripeErrorObject } from './stripe-errors.js';

const stripeShouldRetry = shouldRetryHeader('stripe-should-retry');

const SERVER_ERRORS = Array.from({ length: 100 }, (_, index) => 500 + index);

/**
 * Statuses retried when Stripe sends no `Stripe-Should-Retry`: 409 (a lock
 * conflict), 429 (honouring `Retry-After`) and every 5xx. 402 never is.
 */
export const STRIPE_RETRY_STATUSES: ReadonlyArray<number> = [409, 429, ...SERVER_ERRORS];

/** Retry defaults: 2 retries, full jitter from 500 ms, ceiling 5 s (stripe-node's ceiling). */
export const STRIPE_RETRY_DEFAULTS: RetryOptions = {
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 5_000,
  retryStatuses: STRIPE_RETRY_STATUSES,
};

/**
 * Stripe's verdict on one failed answer: a card error never; otherwise
 * `Stripe-Should-Retry` decides when present; `code: rate_limit` on a status
 * other than 429 counts as a 429. Otherwise core's status list decides.
 */
export function stripeRetryHint(response: ErrorResponseInfo): RetryHint {
  if (response.status === 402) return 'no-retry';
  const header = stripeShouldRetry(response.headers);
  if (header) return header;
  if (isRateLimited(response.status, stripeErrorObject(response.body))) return 'retry';
  return undefined;
}
