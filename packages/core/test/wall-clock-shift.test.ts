import { describe, expect, it } from 'vitest';

// `pnpm test:shifted` moves Date by INT_TEST_CLOCK_SHIFT_DAYS in every test process. This proves the
// move happened (performance.timeOrigin is the real wall clock, untouched by the shift), so a
// shifted pass cannot pass silently on today's date.
describe('the shifted-date test pass', () => {
  const days = Number(process.env.INT_TEST_CLOCK_SHIFT_DAYS ?? 0);

  it.runIf(days !== 0)(`moves Date by INT_TEST_CLOCK_SHIFT_DAYS (${days} days)`, () => {
    const realNow = performance.timeOrigin + performance.now();
    const shiftMs = Date.now() - realNow;
    expect(Math.abs(shiftMs - days * 86_400_000)).toBeLessThan(60_000);
    // `new Date()` moves too, not only Date.now().
    expect(Math.abs(new Date().valueOf() - Date.now())).toBeLessThan(60_000);
    expect(new Date(0).getTime()).toBe(0);
    expect(new Date() instanceof Date).toBe(true);
  });

  it.runIf(days === 0)('leaves Date alone when no shift is asked for', () => {
    const realNow = performance.timeOrigin + performance.now();
    expect(Math.abs(Date.now() - realNow)).toBeLessThan(60_000);
  });
});
