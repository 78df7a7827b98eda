import { describeValue } from '../describe-value.js';
import { WebhookVerificationError } from '../errors.js';

export interface WebhookTimestampCheck {
  provider: string;
  /** When the sender signed, epoch milliseconds (already parsed from its header). */
  timestampMs: number;
  /** How far the timestamp may be from now, both ways, in seconds. */
  toleranceSec: unknown;
  /** The verifier's clock, epoch milliseconds. */
  now: unknown;
  /** Put before each message, e.g. `Stripe webhook: `. */
  prefix?: string | undefined;
  /** The tolerance option's name in messages. Default `toleranceSec`. */
  toleranceName?: string | undefined;
}

/**
 * The replay window every timestamped signature scheme needs: `timestampMs`
 * within `toleranceSec` of `now()` both ways. Fails closed: a NaN, infinite or
 * negative tolerance, a clock that is not a function of finite milliseconds, or
 * a NaN timestamp is `invalid_time` (NaN would make both comparisons false).
 */
export function checkWebhookTimestamp(check: WebhookTimestampCheck): void {
  const { provider, timestampMs, toleranceSec, now, prefix = '' } = check;
  const toleranceName = check.toleranceName ?? 'toleranceSec';
  const refuse = (reason: WebhookVerificationError['reason'], message: string): never => {
    throw new WebhookVerificationError(`${prefix}${message}`, { reason, provider });
  };
  if (typeof toleranceSec !== 'number' || !Number.isFinite(toleranceSec) || toleranceSec < 0) {
    refuse(
      'invalid_time',
      `${toleranceName} must be a finite, non-negative number of seconds, got ${describeValue(toleranceSec)}.`,
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
  const limitMs = (toleranceSec as number) * 1000;
  const off = `${Math.round(Math.abs(ageMs) / 1000)} s (tolerance ${toleranceSec} s)`;
  if (ageMs > limitMs) refuse('timestamp_too_old', `the signature is too old: ${off}.`);
  if (-ageMs > limitMs) refuse('timestamp_too_new', `the signature is in the future: ${off}.`);
}
