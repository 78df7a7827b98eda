import type { RetryOptions } from '@int/core';

/** One run's knobs; the count and seed come from the environment so CI can change them without edits. */
export interface ChaosSettings {
  /** Logical calls per provider. `CHAOS_CALLS`, default 2 000. */
  calls: number;
  concurrency: number;
  /** `CHAOS_SEED`, default 20261129. */
  seed: number;
  faultRate: number;
  nonRetryableRate: number;
  retryAfterSeconds: number;
  /** The clients' per-attempt timeout. */
  timeoutMs: number;
  /** Held after the fake acted: well past `timeoutMs`. */
  slowMs: number;
  /**
   * Backoff shortened to fit CI time; the number of retries and every rule
   * (what is retried, Retry-After, idempotency) stay the packages' defaults.
   */
  retry: RetryOptions;
  /** A call not settled by then counts as lost. */
  deadlineMs: number;
}

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive integer, got ${raw}.`);
  }
  return value;
}

export function chaosSettings(): ChaosSettings {
  return {
    calls: positiveInteger('CHAOS_CALLS', 2000),
    concurrency: 20,
    seed: positiveInteger('CHAOS_SEED', 20261129),
    faultRate: 0.3,
    nonRetryableRate: 0.02,
    retryAfterSeconds: 1,
    timeoutMs: 2_000,
    slowMs: 2_600,
    retry: { baseDelayMs: 10, maxDelayMs: 100 },
    deadlineMs: 200_000,
  };
}
