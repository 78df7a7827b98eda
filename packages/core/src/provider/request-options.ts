import { ValidationError } from '../errors.js';
import { ValidationIssues } from './validation-issues.js';

/** Per-call options, the last argument of every provider method, the same in every provider. */
export interface RequestOptions {
  /** Cancels the call at once, also while it waits for a retry or the rate limiter (`AbortError`). */
  signal?: AbortSignal | undefined;
  /** Per-attempt timeout in ms (`TimeoutError`). Default: the client's `timeoutMs`. */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt. Default: the client's `retry.maxRetries`. */
  maxRetries?: number | undefined;
  /**
   * Sent in the provider's idempotency header, the same on every retry. Where
   * the provider supports one, a write without it gets a fresh UUID per call.
   */
  idempotencyKey?: string | undefined;
  /** Extra headers for this call; `undefined` values are dropped. */
  headers?: Record<string, string | undefined> | undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Checks the common per-call options (and, through `extra`, a provider's own)
 * and returns them; a wrong one is a `ValidationError` before anything is sent.
 */
export function checkRequestOptions<T extends RequestOptions>(
  value: unknown,
  context: {
    provider: string;
    operation: string;
    maxIdempotencyKeyLength?: number | undefined;
    extra?: ((options: T, issues: ValidationIssues) => void) | undefined;
  },
): T {
  if (value === undefined || value === null) return {} as T;
  const issues = new ValidationIssues(context.provider, context.operation);
  if (!isRecord(value)) {
    throw new ValidationError([{ path: ['options'], message: 'must be an object' }], context);
  }
  const options = value as T;
  const key = options.idempotencyKey;
  issues.optionalString(['options', 'idempotencyKey'], key);
  const max = context.maxIdempotencyKeyLength;
  if (typeof key === 'string' && max !== undefined && key.length > max) {
    issues.add(
      ['options', 'idempotencyKey'],
      `is ${key.length} characters; ${context.provider} allows at most ${max}`,
    );
  }
  issues.integer(['options', 'maxRetries'], options.maxRetries, 0, 100);
  if (
    options.timeoutMs !== undefined &&
    (typeof options.timeoutMs !== 'number' || !(options.timeoutMs > 0))
  ) {
    issues.add(['options', 'timeoutMs'], 'must be a positive number');
  }
  if (
    options.signal !== undefined &&
    (!isRecord(options.signal) || typeof options.signal.aborted !== 'boolean')
  ) {
    issues.add(['options', 'signal'], 'must be an AbortSignal');
  }
  if (options.headers !== undefined) {
    if (!isRecord(options.headers)) issues.add(['options', 'headers'], 'must be an object');
    else {
      for (const [name, item] of Object.entries(options.headers)) {
        if (item !== undefined && typeof item !== 'string') {
          issues.add(['options', 'headers', name], 'must be a string');
        }
      }
    }
  }
  context.extra?.(options, issues);
  issues.throwIfAny();
  return options;
}
