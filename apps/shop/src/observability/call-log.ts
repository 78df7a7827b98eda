import type { CallRecord, Metrics } from '@int/core';

/** One provider call as the dashboard lists it. */
export interface LoggedCall extends CallRecord {
  at: number;
}

export interface CallLog {
  /** Newest first. */
  recent(limit?: number): LoggedCall[];
  /** Oldest first, calls since `since`. */
  since(since: number): LoggedCall[];
}

/**
 * Wraps the one shared `Metrics` so every call it records is also kept in a
 * bounded list: the dashboard's "recent calls" and latency chart read it,
 * health and percentiles still come from core's metrics.
 */
export function withCallLog(
  metrics: Metrics,
  options: { capacity?: number; now?: () => number } = {},
): { metrics: Metrics; log: CallLog } {
  const capacity = options.capacity ?? 1_000;
  const now = options.now ?? Date.now;
  const calls: LoggedCall[] = [];
  const wrapped: Metrics = {
    record(call) {
      metrics.record(call);
      calls.push({ ...call, at: now() });
      if (calls.length > capacity) calls.splice(0, calls.length - capacity);
    },
    snapshot: () => metrics.snapshot(),
    health: metrics.health as Metrics['health'],
    onStatusChange: (listener) => metrics.onStatusChange(listener),
    reset() {
      metrics.reset();
      calls.length = 0;
    },
  };
  return {
    metrics: wrapped,
    log: {
      recent: (limit = 20) => calls.slice(-limit).reverse(),
      since: (since) => calls.filter((call) => call.at >= since),
    },
  };
}
