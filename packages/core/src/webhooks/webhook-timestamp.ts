import { describeValue } from '../describe-value.js';
import { WebhookVerificationError } from '../errors.js';

export interface WebhookTimestampCheck {
  provider: string;
  /** Put on the error, e.g. `webhooks.constructEvent`. */
  operation?: string | undefined;
  /** When the sender signed, epoch milliseconds (already parsed from its header). */
  timestampMs: number;
  /** How far the timestamp may be from now, both ways, in seconds… */
  toleranceSec?: unknown;
  /** …or in milliseconds (HubSpot's unit); when given, it is the one checked. */
  toleranceMs?: unknown;
  /** The verifier's clock, epoch milliseconds. */
  now: unknown;
  /** Put before each message, e.g. `Stripe webhook: `. */
  prefix?: string | undefined;
  /** The tolerance option's name in messages. Default `toleranceSec` or `toleranceMs`. */
  toleranceName?: string | undefined;
}

/**
 * The replay window every timestamped signature scheme needs: `timestampMs`
 * within `toleranceSec` of `now()` both ways. Fails closed: a NaN, infinite or
 * negative tolerance, a clock that is not a function of finite milliseconds, or
 * a NaN timestamp is `invalid_time` (NaN would make both comparisons false).
 */
export function checkWebhookTimestamp(check: WebhookTimestampCheck): void {
  const { provider, operation, timestampMs, now, prefix = '' } = check;
  const inMs = check.toleranceMs !== undefined;
  const tolerance = inMs ? check.toleranceMs : check.toleranceSec;
  const toleranceName = check.toleranceName ?? (inMs ? 'toleranceMs' : 'toleranceSec');
  const refuse = (reason: WebhookVerificationError['reason'], message: string): never => {
    throw new WebhookVerificationError(`${prefix}${message}`, { reason, provider, operation });
  };
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) {
    refuse(
      'invalid_time',
      `${toleranceName} must be a finite, non-negative number of ${inMs ? 'milliseconds' : 'seconds'}, got ${describeValue(tolerance)}.`,
    );
  }
  const nowMs: unknown = typeof now === 'function' ? now() : Number.NaN;
  if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) {
    refuse(
      'invalid_time',
      `now() must return finite epoch milliseconds, got ${describeValue(nowMs)}.`,
    );
  }
  if (!Number.isFinite(timestampMs))
    refuse('invalid_time', 'the signed timestamp is not a number.');
  const ageMs = (nowMs as number) - timestampMs;
  const limitMs = inMs ? (tolerance as number) : (tolerance as number) * 1000;
  const off = `${Math.round(Math.abs(ageMs) / 1000)} s (tolerance ${limitMs / 1000} s)`;
  if (ageMs > limitMs) refuse('timestamp_too_old', `the signature is too old: ${off}.`);
  if (-ageMs > limitMs) refuse('timestamp_too_new', `the signature is in the future: ${off}.`);
}
