import type { BackoffOptions } from './core-stand-in.js';

/**
 * The delay before attempt `attempt + 1`: the error's own `retryAfterMs` when
 * it names one (a 429's Retry-After), otherwise exponential (or fixed) from
 * `delayMs`, capped, with jitter between half and all of it so retries of
 * many jobs do not land together.
 */
export function backoffDelayFor(
  attempt: number,
  backoff: BackoffOptions,
  error: unknown,
  random: () => number = Math.random,
): number {
  const hinted = (error as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  if (typeof hinted === 'number' && Number.isFinite(hinted) && hinted >= 0) return hinted;
  const base = backoff.delayMs ?? 1_000;
  const cap = backoff.maxDelayMs ?? 60_000;
  const raw = backoff.type === 'fixed' ? base : base * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(raw, cap);
  return Math.round(capped / 2 + random() * (capped / 2));
}
