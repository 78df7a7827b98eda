import type { Logger } from './logger.js';
import type { HealthStatus } from './metrics.js';

/** A provider's health moved from one status to another. */
export interface StatusChange {
  provider: string;
  from: HealthStatus;
  to: HealthStatus;
  /** When the call that tipped it was recorded, ms since the epoch. */
  at: number;
  /** The numbers behind it: the healthy share (0..1) of the calls in the window. */
  successRate: number;
  /** Calls in the window (the provider's latest `maxSamples` within `windowMs`). */
  windowCount: number;
  /** Calls in the window that count against health (caller errors do not). */
  failures: number;
  windowMs: number;
  /** The provider's latest failed call, redacted as recorded. */
  lastError: { name: string; message: string; status: number | undefined } | undefined;
}

/**
 * Called synchronously inside `metrics.record()` on each change: do slow work
 * asynchronously (a returned promise is not awaited; its rejection is logged).
 */
export type StatusChangeListener = (change: StatusChange) => unknown;

/**
 * Keeps a flapping provider from alerting on every call. Worse news is
 * reported as soon as the rate crosses a threshold (ok -> warning -> error);
 * recovery only once the rate clears the ok threshold by `margin`, in one step
 * (error -> ok: a partial recovery is not news), so an outage makes two alerts
 * however the rate climbs back; and nothing changes on fewer than
 * `minimumCalls` calls in the window.
 */
export interface StatusHysteresis {
  /** Calls in the window below which the status holds. Default 10. */
  minimumCalls?: number | undefined;
  /** How far above a threshold the rate must be to move back up. Default 0.02 (two points). */
  margin?: number | undefined;
}

export interface StatusTrackerOptions extends StatusHysteresis {
  windowMs: number;
  maxSamples: number;
  okThreshold: number;
  warningThreshold: number;
  /** Receives `alert.listener_failed` when a listener throws or rejects. */
  logger: Logger;
}

export interface StatusTracker {
  /** Counts one call of `provider`; notifies listeners when its status changes. */
  observe(call: {
    provider: string;
    at: number;
    healthy: boolean;
    errorName?: string | undefined;
    errorMessage?: string | undefined;
    status?: number | undefined;
  }): void;
  subscribe(listener: StatusChangeListener): () => void;
  reset(): void;
}

interface ProviderWindow {
  // Parallel arrays from `head` on, oldest first: a queue without shifting.
  at: number[];
  healthy: boolean[];
  head: number;
  healthyCount: number;
  status: HealthStatus;
  lastError: StatusChange['lastError'];
}

const RANK: Record<HealthStatus, number> = { unknown: -1, ok: 0, warning: 1, error: 2 };

export function createStatusTracker(options: StatusTrackerOptions): StatusTracker {
  const minimumCalls = Math.max(1, options.minimumCalls ?? 10);
  const margin = options.margin ?? 0.02;
  const windows = new Map<string, ProviderWindow>();
  const listeners = new Set<StatusChangeListener>();

  const classify = (rate: number): HealthStatus =>
    rate >= options.okThreshold ? 'ok' : rate >= options.warningThreshold ? 'warning' : 'error';

  const next = (current: HealthStatus, rate: number): HealthStatus => {
    const raw = classify(rate);
    if (current === 'unknown' || RANK[raw] >= RANK[current]) return raw;
    // Better: back to ok once the rate clears the ok threshold by the margin, never halfway.
    // The epsilon keeps 0.97 - 0.02 from landing just below 0.95 in floating point.
    return classify(rate - margin + 1e-9) === 'ok' ? 'ok' : current;
  };

  const dropOldest = (window: ProviderWindow) => {
    if (window.healthy[window.head]) window.healthyCount -= 1;
    window.head += 1;
  };

  const notify = (change: StatusChange) => {
    const failed = (error: unknown) =>
      options.logger.error(
        {
          event: 'alert.listener_failed',
          provider: change.provider,
          from: change.from,
          to: change.to,
          error: error instanceof Error ? error.message : String(error),
        },
        'A health status listener failed',
      );
    for (const listener of listeners) {
      try {
        const result = listener(change);
        if (result && typeof (result as Promise<unknown>).then === 'function') {
          (result as Promise<unknown>).then(undefined, failed);
        }
      } catch (error) {
        failed(error);
      }
    }
  };

  return {
    observe(call) {
      let window = windows.get(call.provider);
      if (!window) {
        window = {
          at: [],
          healthy: [],
          head: 0,
          healthyCount: 0,
          status: 'unknown',
          lastError: undefined,
        };
        windows.set(call.provider, window);
      }
      window.at.push(call.at);
      window.healthy.push(call.healthy);
      if (call.healthy) window.healthyCount += 1;
      else {
        window.lastError = {
          name: call.errorName ?? 'Error',
          message: call.errorMessage ?? '',
          status: call.status,
        };
      }
      const since = call.at - options.windowMs;
      while (window.at.length - window.head > options.maxSamples) dropOldest(window);
      while (window.head < window.at.length && window.at[window.head]! <= since) dropOldest(window);
      if (window.head > 1_024 && window.head * 2 > window.at.length) {
        window.at = window.at.slice(window.head);
        window.healthy = window.healthy.slice(window.head);
        window.head = 0;
      }

      const count = window.at.length - window.head;
      if (count < minimumCalls) return;
      const rate = window.healthyCount / count;
      const from = window.status;
      const to = next(from, rate);
      if (to === from) return;
      window.status = to;
      // A provider's first verdict of good health is not news.
      if (from === 'unknown' && to === 'ok') return;
      if (listeners.size === 0) return;
      notify({
        provider: call.provider,
        from,
        to,
        at: call.at,
        successRate: rate,
        windowCount: count,
        failures: count - window.healthyCount,
        windowMs: options.windowMs,
        lastError: window.lastError,
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    reset() {
      windows.clear();
    },
  };
}
