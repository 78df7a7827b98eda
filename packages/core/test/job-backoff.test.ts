import fc from 'fast-check';
import { expect, it } from 'vitest';
import { jobBackoffDelay, nextAttemptDelay, retryAfterFromError } from '../src/jobs/job-backoff.js';

it('exponential full jitter stays within [0, min(max, base * 2^(n-1)))', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 40 }),
      fc.double({ min: 0, max: 0.999_999, noNaN: true }),
      (attempt, draw) => {
        const delay = jobBackoffDelay(attempt, { delayMs: 1_000, maxDelayMs: 60_000 }, () => draw);
        const ceiling = Math.min(60_000, 1_000 * 2 ** (attempt - 1));
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      },
    ),
  );
  expect(jobBackoffDelay(3, {}, () => 0.5)).toBe(2_000);
  expect(jobBackoffDelay(3, { type: 'fixed', delayMs: 250 }, () => 0.5)).toBe(250);
});

it('prefers an error retryAfterMs over the backoff', () => {
  expect(retryAfterFromError({ retryAfterMs: 1_234 })).toBe(1_234);
  expect(retryAfterFromError(new Error('x'))).toBeUndefined();
  expect(retryAfterFromError({ retryAfterMs: -1 })).toBeUndefined();
  expect(nextAttemptDelay(1, { retryAfterMs: 9_000 }, {}, () => 0)).toBe(9_000);
  expect(nextAttemptDelay(1, new Error('x'), { delayMs: 100 }, () => 0.5)).toBe(50);
});
