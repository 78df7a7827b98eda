import { ValidationError, type ValidationIssue } from '@int/core';

/** Per-call options, the second argument of every method. */
export interface RequestOptions {
  /**
   * Sent as `Idempotency-Key` (at most 255 characters). Default on every POST:
   * a fresh `crypto.randomUUID()`, the same on every retry of that call.
   */
  idempotencyKey?: string | undefined;
  /** Act on a connected account (`acct_...`): sent as `Stripe-Account`. Default: the client's. */
  stripeAccount?: string | undefined;
  /** Sent as `Stripe-Version`. Default: the client's `apiVersion`. */
  apiVersion?: string | undefined;
  /** Per-attempt timeout in ms. Default: the client's `timeoutMs` (80 000). */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt. Default: the client's `retry.maxRetries` (2). */
  maxRetries?: number | undefined;
  /** Cancels the call at once, also while it waits for a retry or the rate limiter. */
  signal?: AbortSignal | undefined;
}

/** Stripe's limit on `Idempotency-Key`. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export function checkRequestOptions(options: unknown, operation: string): RequestOptions {
  if (options === undefined || options === null) return {};
  const issues: ValidationIssue[] = [];
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new ValidationError([{ path: ['options'], message: 'must be an object' }], {
      provider: 'stripe',
      operation,
    });
  }
  const value = options as RequestOptions;
  const key = value.idempotencyKey;
  if (key !== undefined) {
    if (typeof key !== 'string' || key.length === 0) {
      issues.push({ path: ['options', 'idempotencyKey'], message: 'must be a non-empty string' });
    } else if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
      issues.push({
        path: ['options', 'idempotencyKey'],
        message: `is ${key.length} characters; Stripe allows at most ${MAX_IDEMPOTENCY_KEY_LENGTH}`,
      });
    }
  }
  for (const name of ['stripeAccount', 'apiVersion'] as const) {
    const item = value[name];
    if (item !== undefined && (typeof item !== 'string' || item.length === 0)) {
      issues.push({ path: ['options', name], message: 'must be a non-empty string' });
    }
  }
  if (
    value.maxRetries !== undefined &&
    (!Number.isInteger(value.maxRetries) || value.maxRetries < 0)
  ) {
    issues.push({ path: ['options', 'maxRetries'], message: 'must be a non-negative integer' });
  }
  if (
    value.timeoutMs !== undefined &&
    (typeof value.timeoutMs !== 'number' || !(value.timeoutMs > 0))
  ) {
    issues.push({ path: ['options', 'timeoutMs'], message: 'must be a positive number' });
  }
  if (issues.length > 0) throw new ValidationError(issues, { provider: 'stripe', operation });
  return value;
}
