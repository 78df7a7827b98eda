import type { RetryInfo } from '@int/core';
import { serveHandlers, unusedPort } from '@int/core/testing';
import type { RequestHandler } from 'msw';
import { buildReport, type CallEffects, type ChaosReport } from './chaos-report.js';
import type { ChaosSettings } from './chaos-settings.js';
import { type ClientRetryLog, createClientRetryLog } from './client-retries.js';
import {
  createFaultInjector,
  type FaultInjector,
  type FaultInjectorOptions,
} from './fault-injector.js';
import { runPool } from './run-pool.js';

/** What every provider client in a run is given: the run's timeout and retry settings, retries logged. */
export interface ChaosClientSettings {
  timeoutMs: number;
  retry: ChaosSettings['retry'] & { onRetry(info: RetryInfo): void };
}

/** One provider's run: its fake, its error bodies, its client and one logical call. */
export interface ChaosRun<Fake extends { handlers: RequestHandler[] }, Client, Result> {
  provider: string;
  settings: ChaosSettings;
  /** The logical call's id, the one the injector reads back with `identify`. */
  callId(index: number): string;
  fake(baseURL: string): Fake;
  identify: FaultInjectorOptions['identify'];
  errors: FaultInjectorOptions['errors'];
  client(baseURL: string, settings: ChaosClientSettings): Client;
  call(client: Client, callId: string, index: number, log: ClientRetryLog): Promise<Result>;
  /** The ids of what the fake holds per call id after the run (created objects). */
  held?(fake: Fake): Map<string, string[]>;
  /** Effects of a call when they are not held objects (read-only calls). */
  effectsOf?(callId: string, injector: FaultInjector): CallEffects;
  /** False when a success does not name what the fake holds for it: counted as lost. */
  confirms(result: Result, held: string[] | undefined): boolean;
  /** The failure a resolved value may still carry (HubSpot batch results). */
  failureOf?: (result: Result) => unknown;
}

/**
 * Serves the fake behind the seeded fault injector, runs `settings.calls`
 * logical calls at `settings.concurrency`, then joins what the client saw with
 * what the fake holds into one report (duplicates, lost calls, retries).
 */
export async function runChaos<Fake extends { handlers: RequestHandler[] }, Client, Result>(
  run: ChaosRun<Fake, Client, Result>,
): Promise<ChaosReport> {
  const { settings } = run;
  const port = await unusedPort();
  const baseURL = `http://127.0.0.1:${port}`;
  const fake = run.fake(baseURL);
  const injector = createFaultInjector({
    ...settings,
    identify: run.identify,
    errors: run.errors,
  });
  const clientRetries = createClientRetryLog();
  const server = await serveHandlers(fake.handlers, { port, intercept: injector.intercept });
  try {
    const client = run.client(baseURL, {
      timeoutMs: settings.timeoutMs,
      retry: { ...settings.retry, onRetry: clientRetries.onRetry },
    });
    const callIds = Array.from({ length: settings.calls }, (_, index) => run.callId(index));
    const started = performance.now();
    const outcomes = await runPool<Result>(
      settings.calls,
      settings.concurrency,
      (index) =>
        clientRetries.withCall(callIds[index]!, () =>
          run.call(client, callIds[index]!, index, clientRetries),
        ),
      settings.deadlineMs,
    );
    const elapsedMs = performance.now() - started;
    await injector.drain();
    const held = run.held?.(fake) ?? new Map<string, string[]>();
    const report = buildReport({
      provider: run.provider,
      callIds,
      outcomes,
      injector,
      clientRetries,
      plan: settings,
      elapsedMs,
      effectsOf: (callId) =>
        run.effectsOf?.(callId, injector) ?? { effects: held.get(callId)?.length ?? 0 },
      failureOf: run.failureOf,
    });
    outcomes.forEach((outcome, index) => {
      if (outcome.kind === 'ok' && !run.confirms(outcome.value, held.get(callIds[index]!))) {
        report.lost += 1;
      }
    });
    return report;
  } finally {
    await server.close();
  }
}

/** Groups ids by the call id each carries: `[callId, id]` pairs into a map. */
export function groupByCall(pairs: Iterable<readonly [string | undefined, string]>) {
  const grouped = new Map<string, string[]>();
  for (const [callId, id] of pairs) {
    if (callId !== undefined) grouped.set(callId, [...(grouped.get(callId) ?? []), id]);
  }
  return grouped;
}

/** A success names the one object held for its call (none held is judged by the duplicate/lost counts). */
export const namesHeld = (id: string | undefined, held: string[] | undefined) =>
  !(held?.length === 1 && held[0] !== id);
