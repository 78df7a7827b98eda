import { afterAll, describe, expect, it } from 'vitest';
import { type ChaosReport, formatReports } from '../src/chaos-report.js';
import { chaosSettings } from '../src/chaos-settings.js';
import { runStripeChaos } from '../src/stripe-chaos.js';

const settings = chaosSettings();
const reports: ChaosReport[] = [];

function expectClean(report: ChaosReport): void {
  expect(report.untypedFailures).toEqual([]);
  expect(report.duplicates).toBe(0);
  expect(report.lost).toBe(0);
  expect(report.keyMismatches).toBe(0);
  expect(report.successes + report.typedFailures).toBe(report.calls);
  expect(report.nonRetryable.marked).toBeGreaterThan(0);
  expect(report.nonRetryable.repeated).toBe(0);
  expect(report.nonRetryable.notTyped).toBe(0);
  expect(report.retryAfter.waited).toBeGreaterThan(0);
  expect(report.retryAfter.early).toBe(0);
  for (const count of Object.values(report.faults)) expect(count).toBeGreaterThan(0);
}

afterAll(() => {
  console.log(
    `chaos: ${settings.calls} calls per provider (CHAOS_CALLS, default 2000), concurrency ${settings.concurrency}, seed ${settings.seed}\n${formatReports(reports)}`,
  );
});

describe.concurrent('chaos', () => {
  it('stripe paymentIntents.create: no duplicate, no lost call, Retry-After honoured', async () => {
    const report = await runStripeChaos(settings);
    reports.push(report);
    expectClean(report);
  });
});
