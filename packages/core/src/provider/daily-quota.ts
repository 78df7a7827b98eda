import { type ApiErrorContext, apiErrorClassFor } from '../error-classification.js';
import { QuotaExceededError } from '../errors.js';

/**
 * The next midnight in `timeZone` (an IANA name; default UTC), when daily
 * quotas of FedEx (GMT), UPS and HubSpot (the account's zone) reset.
 */
export function nextDailyReset(now: number, timeZone = 'UTC'): Date {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(now));
  const part = (type: string) => Number(parts.find((item) => item.type === type)?.value ?? 0);
  const wallNow = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  // The zone's offset at `now`, to the second (wall time carries no milliseconds).
  const offset = wallNow - Math.floor(now / 1000) * 1000;
  return new Date(Date.UTC(part('year'), part('month') - 1, part('day') + 1) - offset);
}

/**
 * A spent daily quota as the one error every provider raises: a
 * `QuotaExceededError` (never retried) whose `resetAt` is the next midnight in
 * the quota's zone and whose `retryAfterMs` is the wait until then, so a job
 * queue reschedules instead of burning attempts.
 */
export function dailyQuotaError(
  context: ApiErrorContext,
  options: { now: number; timeZone?: string | undefined },
): QuotaExceededError {
  const resetAt = nextDailyReset(options.now, options.timeZone);
  return new QuotaExceededError(context.message, {
    ...context,
    resetAt,
    retryAfterMs: Math.max(0, resetAt.getTime() - options.now),
  });
}

/** The default class for a status, built from the pipeline's context (for a provider's `createError`). */
export function defaultApiError(context: ApiErrorContext) {
  const ErrorClass = apiErrorClassFor(context.status);
  return new ErrorClass(context.message, context);
}
