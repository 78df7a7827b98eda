import type { CircuitStatus } from './circuit-breaker/circuit-state.js';
import { type Clock, systemClock } from './clock.js';
import {
  createStatusTracker,
  type StatusChangeListener,
  type StatusHysteresis,
} from './health-status-tracker.js';
import { type Logger, silentLogger } from './logger.js';

export type HealthStatus = 'ok' | 'warning' | 'error' | 'unknown';

export interface CallRecord {
  provider: string;
  operation: string;
  ok: boolean;
  durationMs: number;
  status?: number | undefined;
  /** Error class name when the call failed, e.g. `RateLimitError`. */
  errorName?: string | undefined;
  /** One line, already redacted. */
  errorMessage?: string | undefined;
  /** Attempts the call made, retries included: one record per logical call. */
  attempts?: number | undefined;
}

export interface OperationStats {
  provider: string;
  operation: string;
  /** Counts since the metrics were created. */
  count: number;
  successes: number;
  failures: number;
  /** Latency percentiles over the calls inside the window, in ms. */
  p50: number | undefined;
  p95: number | undefined;
  p99: number | undefined;
  /** Calls inside the window, and their success rate (0..1). */
  windowCount: number;
  successRate: number | undefined;
  lastError: { name: string; message: string; status: number | undefined; at: Date } | undefined;
  health: HealthStatus;
}

/** A provider circuit as the last transition left it. */
export interface CircuitHealth {
  /** The breaker's key: the account or rate-limit key. */
  key: string;
  status: CircuitStatus;
  /** When it moved there. */
  since: Date;
}

export interface ProviderHealth {
  provider: string;
  health: HealthStatus;
  successRate: number | undefined;
  windowCount: number;
  operations: OperationStats[];
  /** Circuits that moved since the metrics were created (a breaker that never opened is not listed). */
  circuits: CircuitHealth[];
}

export interface Metrics {
  record(call: CallRecord): void;
  /** Stats per provider and operation. */
  snapshot(): OperationStats[];
  /** Health of one provider, or of every provider seen. */
  health(provider: string): ProviderHealth;
  health(): ProviderHealth[];
  /**
   * Calls `listener` when a provider's status changes (with the numbers behind
   * it), with hysteresis so a flapping provider does not alert on every call:
   * see `MetricsOptions.hysteresis`. A provider's first move from `unknown`
   * to `ok` is not reported. Pass `webhookAlert(...)` or `logAlert()`, or
   * your own function. Returns a function that removes the listener.
   */
  onStatusChange(listener: StatusChangeListener): () => void;
  /** A client's breaker moved (clients call it; shown in `health()`). */
  recordCircuit?(transition: {
    provider: string;
    key: string;
    to: CircuitStatus;
    at: number;
  }): void;
  reset(): void;
}

export interface MetricsOptions {
  /** Calls older than this do not count towards health and percentiles. Default 5 minutes. */
  windowMs?: number | undefined;
  /** Most recent calls kept per operation. Default 1 000. */
  maxSamples?: number | undefined;
  /** Success rate at or above which health is `ok`. Default 0.95. */
  okThreshold?: number | undefined;
  /** Success rate at or above which health is `warning`. Default 0.8. */
  warningThreshold?: number | undefined;
  /** Hysteresis of `onStatusChange`. Default `{ minimumCalls: 10, margin: 0.02 }`. */
  hysteresis?: StatusHysteresis | undefined;
  /** Receives `alert.listener_failed` when a status listener throws. Default `silentLogger`. */
  logger?: Logger | undefined;
  clock?: Clock | undefined;
}

interface Sample {
  at: number;
  durationMs: number;
  healthy: boolean;
}

interface Series {
  provider: string;
  operation: string;
  count: number;
  successes: number;
  failures: number;
  samples: Sample[];
  lastError: OperationStats['lastError'];
}

// A caller's own mistake (bad input, a record that is not there, a declined
// card: Stripe's 402) says nothing about the provider's health; everything
// else that fails does.
const CALLER_STATUSES = new Set([400, 402, 404, 409, 422]);

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ReadonlyArray<number>, fraction: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const windowMs = options.windowMs ?? 5 * 60_000;
  const maxSamples = options.maxSamples ?? 1_000;
  const okThreshold = options.okThreshold ?? 0.95;
  const warningThreshold = options.warningThreshold ?? 0.8;
  const clock = options.clock ?? systemClock;
  const series = new Map<string, Series>();
  const circuits = new Map<string, Map<string, CircuitHealth>>();
  const tracker = createStatusTracker({
    ...options.hysteresis,
    windowMs,
    maxSamples,
    okThreshold,
    warningThreshold,
    logger: options.logger ?? silentLogger,
  });

  const classify = (successRate: number | undefined): HealthStatus => {
    if (successRate === undefined) return 'unknown';
    if (successRate >= okThreshold) return 'ok';
    if (successRate >= warningThreshold) return 'warning';
    return 'error';
  };

  const windowSamples = (entry: Series, now: number) =>
    entry.samples.filter((sample) => sample.at > now - windowMs);

  const stats = (entry: Series, now: number): OperationStats => {
    const recent = windowSamples(entry, now);
    const durations = recent.map((sample) => sample.durationMs).sort((a, b) => a - b);
    const healthy = recent.filter((sample) => sample.healthy).length;
    const successRate = recent.length > 0 ? healthy / recent.length : undefined;
    return {
      provider: entry.provider,
      operation: entry.operation,
      count: entry.count,
      successes: entry.successes,
      failures: entry.failures,
      p50: percentile(durations, 0.5),
      p95: percentile(durations, 0.95),
      p99: percentile(durations, 0.99),
      windowCount: recent.length,
      successRate,
      lastError: entry.lastError,
      health: classify(successRate),
    };
  };

  const providerHealth = (provider: string, now: number): ProviderHealth => {
    const operations = [...series.values()]
      .filter((entry) => entry.provider === provider)
      .map((entry) => stats(entry, now));
    let total = 0;
    let healthy = 0;
    for (const entry of series.values()) {
      if (entry.provider !== provider) continue;
      for (const sample of windowSamples(entry, now)) {
        total += 1;
        if (sample.healthy) healthy += 1;
      }
    }
    const successRate = total > 0 ? healthy / total : undefined;
    return {
      provider,
      health: classify(successRate),
      successRate,
      windowCount: total,
      operations,
      circuits: [...(circuits.get(provider)?.values() ?? [])],
    };
  };

  function health(provider: string): ProviderHealth;
  function health(): ProviderHealth[];
  function health(provider?: string): ProviderHealth | ProviderHealth[] {
    const now = clock.now();
    if (provider !== undefined) return providerHealth(provider, now);
    const providers = [
      ...new Set([...[...series.values()].map((entry) => entry.provider), ...circuits.keys()]),
    ];
    return providers.map((name) => providerHealth(name, now));
  }

  return {
    record(call) {
      const key = `${call.provider}\u0000${call.operation}`;
      let entry = series.get(key);
      if (!entry) {
        entry = {
          provider: call.provider,
          operation: call.operation,
          count: 0,
          successes: 0,
          failures: 0,
          samples: [],
          lastError: undefined,
        };
        series.set(key, entry);
      }
      const now = clock.now();
      entry.count += 1;
      if (call.ok) entry.successes += 1;
      else {
        entry.failures += 1;
        entry.lastError = {
          name: call.errorName ?? 'Error',
          message: call.errorMessage ?? '',
          status: call.status,
          at: new Date(now),
        };
      }
      const healthy = call.ok || (call.status !== undefined && CALLER_STATUSES.has(call.status));
      entry.samples.push({ at: now, durationMs: call.durationMs, healthy });
      if (entry.samples.length > maxSamples)
        entry.samples.splice(0, entry.samples.length - maxSamples);
      tracker.observe({
        provider: call.provider,
        at: now,
        healthy,
        errorName: call.errorName,
        errorMessage: call.errorMessage,
        status: call.status,
      });
    },
    snapshot() {
      const now = clock.now();
      return [...series.values()].map((entry) => stats(entry, now));
    },
    health,
    onStatusChange: (listener) => tracker.subscribe(listener),
    recordCircuit(transition) {
      let byKey = circuits.get(transition.provider);
      if (!byKey) {
        byKey = new Map();
        circuits.set(transition.provider, byKey);
      }
      byKey.set(transition.key, {
        key: transition.key,
        status: transition.to,
        since: new Date(transition.at),
      });
    },
    reset() {
      series.clear();
      circuits.clear();
      tracker.reset();
    },
  };
}
