import { IntegrationError } from '@int/core';
import type { ClientRetryLog } from './client-retries.js';
import type { FaultInjector, FaultInjectorOptions } from './fault-injector.js';
import { FAULT_KINDS, type FaultKind, isNonRetryableCall } from './fault-plan.js';
import type { CallOutcome } from './run-pool.js';

/** What the server-side state says about one logical call. */
export interface CallEffects {
  /** Times the call took effect at the fake (records created, quotes answered...). */
  effects: number;
  /** For a read-only call: effects do not count as duplicates. */
  readOnly?: boolean;
}

export interface ChaosReport {
  provider: string;
  calls: number;
  /** Requests that reached the injector for a logical call. */
  attempts: number;
  faults: Record<FaultKind | 'reject', number>;
  successes: number;
  typedFailures: number;
  /** Rejections that are not an `IntegrationError` subclass (must be 0). */
  untypedFailures: Array<{ callId: string; error: unknown }>;
  /** Logical calls that took effect more than once (must be 0). */
  duplicates: number;
  /** Never settled, or resolved without an effect at the fake (must be 0). */
  lost: number;
  nonRetryable: {
    marked: number;
    /** The client received the 400/422 and still sent the call again (must be 0). */
    repeated: number;
    notTyped: number;
    /** The client's own timeout fired before the 400/422 reached it; its retry was correct. */
    answerMissed: number;
  };
  retryAfter: {
    /** 429s the client received and retried after. */
    waited: number;
    minGapMs: number | undefined;
    /** Retried sooner than Retry-After, at the server or by the client's own delay (must be 0). */
    early: number;
    /** 429s the client never saw (its timeout fired first). */
    missed: number;
  };
  /** Calls whose attempts carried different idempotency keys (must be 0). */
  keyMismatches: number;
  /** Calls that took effect although the client saw a failure (allowed: the last attempt lost its answer). */
  effectWithoutSuccess: number;
  elapsedMs: number;
}

export interface ReportInput<T> {
  provider: string;
  callIds: ReadonlyArray<string>;
  outcomes: ReadonlyArray<CallOutcome<T>>;
  injector: FaultInjector;
  plan: Pick<FaultInjectorOptions, 'seed' | 'faultRate' | 'nonRetryableRate' | 'retryAfterSeconds'>;
  effectsOf(callId: string): CallEffects;
  clientRetries: ClientRetryLog;
  /** The failure a resolved value may still carry (HubSpot batch results), else undefined. */
  failureOf?: (value: T) => unknown;
  elapsedMs: number;
}

/** Server-side counts and client-side outcomes, joined per logical call. */
export function buildReport<T>(input: ReportInput<T>): ChaosReport {
  const report: ChaosReport = {
    provider: input.provider,
    calls: input.callIds.length,
    attempts: 0,
    faults: { ...input.injector.faults },
    successes: 0,
    typedFailures: 0,
    untypedFailures: [],
    duplicates: 0,
    lost: 0,
    nonRetryable: { marked: 0, repeated: 0, notTyped: 0, answerMissed: 0 },
    retryAfter: { waited: 0, minGapMs: undefined, early: 0, missed: 0 },
    keyMismatches: 0,
    effectWithoutSuccess: 0,
    elapsedMs: input.elapsedMs,
  };
  const retryAfterMs = input.plan.retryAfterSeconds * 1000;
  input.callIds.forEach((callId, index) => {
    const ledger = input.injector.calls.get(callId);
    const attempts = ledger?.attempts ?? [];
    report.attempts += attempts.length;
    const retries = input.clientRetries.retriesOf(callId);
    // Server attempt k + 1 follows the client's retry k: every attempt here reaches the injector.
    attempts.forEach((attempt, k) => {
      const next = attempts[k + 1];
      if (attempt.outcome !== 'rate-limit' || !next) return;
      const retry = retries[k];
      if (retry?.status !== 429) {
        report.retryAfter.missed += 1;
        return;
      }
      const gap = next.arrivedAt - attempt.arrivedAt;
      report.retryAfter.waited += 1;
      report.retryAfter.minGapMs = Math.min(report.retryAfter.minGapMs ?? gap, gap);
      // 2 ms for the rounding of timers and clocks, never more.
      if (gap < retryAfterMs - 2 || retry.delayMs < retryAfterMs) report.retryAfter.early += 1;
    });
    const keys = new Set(attempts.map((attempt) => attempt.idempotencyKey));
    if (keys.size > 1) report.keyMismatches += 1;

    const outcome = input.outcomes[index] ?? { kind: 'pending' };
    let failure: unknown;
    if (outcome.kind === 'failed') failure = outcome.error;
    else if (outcome.kind === 'ok') failure = input.failureOf?.(outcome.value);

    const { effects, readOnly } = input.effectsOf(callId);
    if (!readOnly && effects > 1) report.duplicates += effects - 1;

    if (outcome.kind === 'pending') report.lost += 1;
    else if (failure === undefined) {
      report.successes += 1;
      if (effects === 0) report.lost += 1;
    } else if (IntegrationError.isInstance(failure)) {
      report.typedFailures += 1;
      if (effects > 0) report.effectWithoutSuccess += 1;
    } else {
      report.untypedFailures.push({ callId, error: failure });
    }

    if (isNonRetryableCall(input.plan, callId)) {
      report.nonRetryable.marked += 1;
      const firstRetry = retries[0];
      if (attempts.length > 1 && firstRetry && firstRetry.status === undefined) {
        // Timed out (or lost the connection) before the 400/422 arrived.
        report.nonRetryable.answerMissed += 1;
      } else {
        if (attempts.length !== 1 || retries.length > 0) report.nonRetryable.repeated += 1;
        const status = (failure as { status?: unknown } | undefined)?.status;
        if (!IntegrationError.isInstance(failure) || (status !== 400 && status !== 422)) {
          report.nonRetryable.notTyped += 1;
        }
      }
    }
  });
  return report;
}

/** One row per measure, one column per provider. */
export function formatReports(reports: ReadonlyArray<ChaosReport>): string {
  const rows: Array<[string, ...string[]]> = [
    ['', ...reports.map((report) => report.provider)],
    ['logical calls', ...reports.map((report) => String(report.calls))],
    ['attempts at the server', ...reports.map((report) => String(report.attempts))],
    ...FAULT_KINDS.map((kind): [string, ...string[]] => [
      `fault: ${kind}`,
      ...reports.map((report) => String(report.faults[kind])),
    ]),
    ['fault: 400/422 (marked calls)', ...reports.map((report) => String(report.faults.reject))],
    ['successes', ...reports.map((report) => String(report.successes))],
    ['typed failures', ...reports.map((report) => String(report.typedFailures))],
    ['untyped failures', ...reports.map((report) => String(report.untypedFailures.length))],
    ['duplicates', ...reports.map((report) => String(report.duplicates))],
    ['lost', ...reports.map((report) => String(report.lost))],
    [
      'non-retryable repeated',
      ...reports.map(
        (report) => `${report.nonRetryable.repeated} of ${report.nonRetryable.marked}`,
      ),
    ],
    [
      'client timed out before the 400/422',
      ...reports.map((report) => String(report.nonRetryable.answerMissed)),
    ],
    [
      '429s unseen (client timed out first)',
      ...reports.map((report) => String(report.retryAfter.missed)),
    ],
    [
      'Retry-After waits (early)',
      ...reports.map((report) => `${report.retryAfter.waited} (${report.retryAfter.early})`),
    ],
    [
      'shortest wait after 429 (ms)',
      ...reports.map((report) =>
        report.retryAfter.minGapMs === undefined ? '-' : report.retryAfter.minGapMs.toFixed(0),
      ),
    ],
    ['idempotency key changes', ...reports.map((report) => String(report.keyMismatches))],
    ['effect, client saw failure', ...reports.map((report) => String(report.effectWithoutSuccess))],
    ['elapsed (s)', ...reports.map((report) => (report.elapsedMs / 1000).toFixed(1))],
  ];
  const widths = rows[0]!.map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: ReadonlyArray<string>) =>
    `| ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ')} |`;
  const separator = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  return [line(rows[0]!), separator, ...rows.slice(1).map(line)].join('\n');
}
