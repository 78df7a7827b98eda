import { describe, expect, it } from 'vitest';
import { WebhookVerificationError } from '../src/errors.js';
import { createTestClock } from '../src/testing/index.js';
import { signatureHeaderFields } from '../src/webhooks/signature-header.js';
import { checkWebhookTimestamp } from '../src/webhooks/webhook-timestamp.js';

const reasonOf = (run: () => void): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    return error.reason;
  }
};

describe('checkWebhookTimestamp', () => {
  const clock = createTestClock();
  const now = () => clock.now();
  const check = (timestampMs: number, toleranceSec: unknown = 300, at: unknown = now) =>
    reasonOf(() => checkWebhookTimestamp({ provider: 'acme', timestampMs, toleranceSec, now: at }));

  it('accepts the window both ways, edges included', () => {
    expect(check(clock.now())).toBeUndefined();
    expect(check(clock.now() - 300_000)).toBeUndefined();
    expect(check(clock.now() + 300_000)).toBeUndefined();
  });

  it('refuses one millisecond past either edge', () => {
    expect(check(clock.now() - 300_001)).toBe('timestamp_too_old');
    expect(check(clock.now() + 300_001)).toBe('timestamp_too_new');
  });

  it('fails closed on a tolerance, clock or timestamp that is not a finite number', () => {
    for (const tolerance of [Number.NaN, Number.POSITIVE_INFINITY, -1, '300', null]) {
      expect(check(clock.now(), tolerance)).toBe('invalid_time');
    }
    for (const at of [() => Number.NaN, () => '1', 5, null]) {
      expect(check(clock.now(), 300, at)).toBe('invalid_time');
    }
    expect(check(Number.NaN)).toBe('invalid_time');
  });

  it('says how far off and which option, with the provider on the error', () => {
    try {
      checkWebhookTimestamp({
        provider: 'acme',
        timestampMs: clock.now() - 400_000,
        toleranceSec: 300,
        now,
        prefix: 'Acme webhook: ',
      });
      expect.unreachable();
    } catch (error) {
      expect((error as WebhookVerificationError).message).toBe(
        'Acme webhook: the signature is too old: 400 s (tolerance 300 s).',
      );
      expect((error as WebhookVerificationError).provider).toBe('acme');
    }
  });
});

describe('checkWebhookTimestamp in milliseconds', () => {
  it('takes toleranceMs exactly, names it, and refuses one that is not a finite number', () => {
    const clock = createTestClock();
    const check = (timestampMs: number, toleranceMs: unknown) =>
      reasonOf(() =>
        checkWebhookTimestamp({
          provider: 'acme',
          operation: 'webhooks.verify',
          timestampMs,
          toleranceMs,
          now: () => clock.now(),
        }),
      );
    expect(check(clock.now() - 1_001, 1_001)).toBeUndefined();
    expect(check(clock.now() - 1_002, 1_001)).toBe('timestamp_too_old');
    expect(check(clock.now(), '300000')).toBe('invalid_time');
    try {
      checkWebhookTimestamp({
        provider: 'acme',
        operation: 'webhooks.verify',
        timestampMs: 0,
        toleranceMs: Number.NaN,
        now: () => clock.now(),
      });
      expect.unreachable();
    } catch (error) {
      expect((error as WebhookVerificationError).message).toBe(
        'toleranceMs must be a finite, non-negative number of milliseconds, got NaN.',
      );
      expect((error as WebhookVerificationError).operation).toBe('webhooks.verify');
    }
  });
});

describe('signatureHeaderFields', () => {
  it('keeps every value of a repeated name, trimmed, and splits on the first =', () => {
    const fields = signatureHeaderFields(' ts=1704908010 , v1=abc, v1=de=f,v0=,=x,junk');
    expect([...fields]).toEqual([
      ['ts', ['1704908010']],
      ['v1', ['abc', 'de=f']],
    ]);
  });
});
