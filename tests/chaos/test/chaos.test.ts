import { afterAll, describe, expect, it } from 'vitest';
import { type ChaosReport, formatReports } from '../src/chaos-report.js';
import { chaosSettings } from '../src/chaos-settings.js';
import { runFedExChaos } from '../src/fedex-chaos.js';
import { runHubSpotChaos } from '../src/hubspot-chaos.js';
import { runMercadoPagoChaos } from '../src/mercadopago-chaos.js';
import { runOutageChaos } from '../src/outage-chaos.js';
import { runStripeChaos } from '../src/stripe-chaos.js';
import { runUPSChaos } from '../src/ups-chaos.js';

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

  it('control: the same run without idempotency keys is caught duplicating', async () => {
    // Proves the duplicate counter can fail: strip the key the client sends.
    const withoutKeys: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.delete('idempotency-key');
      return fetch(input, { ...init, headers });
    };
    const report = await runStripeChaos({ ...settings, calls: 200 }, withoutKeys);
    expect(report.untypedFailures).toEqual([]);
    expect(report.duplicates).toBeGreaterThan(0);
  });

  it('hubspot contacts upsert by email: one contact per email, no lost call', async () => {
    const report = await runHubSpotChaos(settings);
    reports.push(report);
    expectClean(report);
  });

  it('fedex rates.quote: every quote answered or typed, none lost', async () => {
    const report = await runFedExChaos(settings);
    reports.push(report);
    expectClean(report);
  });

  it('mercadopago Pix payments.create: one payment per call, none lost, Retry-After honoured', async () => {
    const report = await runMercadoPagoChaos(settings);
    reports.push(report);
    expectClean(report);
  });

  it('mercadopago control: the same run without X-Idempotency-Key is caught duplicating', async () => {
    const withoutKeys: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.delete('x-idempotency-key');
      return fetch(input, { ...init, headers });
    };
    const report = await runMercadoPagoChaos({ ...settings, calls: 200 }, withoutKeys);
    expect(report.untypedFailures).toEqual([]);
    expect(report.duplicates).toBeGreaterThan(0);
  });

  it('ups shipments.create: never shipped twice (re-runs look the reference up first), none lost', async () => {
    const report = await runUPSChaos(settings);
    reports.push(report);
    expectClean(report);
  });
});

describe('outage', () => {
  it('stripe down for a stretch: the breaker opens, requests drop to the probes, nothing lost or duplicated, calls resume', async () => {
    const report = await runOutageChaos({
      orders: 600,
      before: 100,
      outageMs: 1_500,
      concurrency: 10,
    });
    console.log(`outage: ${JSON.stringify(report)}`);
    expect(report.done).toBe(report.orders);
    expect(report.failed).toBe(0);
    expect(report.duplicates).toBe(0);
    expect(report.lost).toBe(0);
    expect(report.transitions[0]).toBe('circuit.opened');
    expect(report.refused).toBeGreaterThan(0);
    // Once open only the probes reach Stripe (a probe is one call of at most two attempts, one retry), plus the
    // retries of the calls already in flight when it opened (at most `concurrency` calls of two attempts).
    expect(report.requestsWhileOpen).toBeLessThanOrEqual(report.probes * 2 + 10 * 2);
    expect(report.refused).toBeGreaterThan(report.requestsWhileOpen);
    expect(report.requestsAfter).toBeGreaterThan(0);
    expect(report.transitions.at(-1)).toBe('circuit.closed');
    expect(report.finalCircuit).toBe('closed');
  });
});
