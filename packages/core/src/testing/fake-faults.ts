import { describeValue } from '../describe-value.js';
import { ConfigurationError } from '../errors.js';

/**
 * A failure the fake serves instead of its normal answer, after the auth check.
 * A fault with only `delayMs` (no status, body, headers, message, code or
 * error) delays the normal answer instead: a slow provider.
 */
export interface FakeFault {
  /** Requests whose pathname contains this string, or matches this RegExp. Default: every API path. */
  path?: string | RegExp | undefined;
  /** Default: every method. */
  method?: string | undefined;
  /** Default 503. */
  status?: number | undefined;
  /** Requests it answers. Default 1; `Infinity` until `clearFaults()`. */
  times?: number | undefined;
  /** Default: the provider's error envelope for `status`, `message` and `code`. */
  body?: unknown;
  /** Extra response headers, e.g. `{ 'retry-after': '2' }`. */
  headers?: Record<string, string> | undefined;
  /** Message in the default envelope. Default `injected fault <status>`. */
  message?: string | undefined;
  /** Code in the default envelope. Default `fault`. */
  code?: string | undefined;
  /**
   * Real time to wait before answering (for timeouts). The wait ends early on
   * `clearFaults()` / `reset()`, and when the request is aborted (as MSW sees
   * it: a `fetch` abort; the node:http transport's is not seen).
   */
  delayMs?: number | undefined;
  /** `network`: a connection error instead of an answer. */
  error?: 'network' | undefined;
}

export interface PathFilter {
  method?: string | undefined;
  path?: string | RegExp | undefined;
}

/** True when `method` and `pathname` pass the filter (case-insensitive method). */
export function matchesFilter(filter: PathFilter, method: string, pathname: string): boolean {
  if (filter.method !== undefined && filter.method.toUpperCase() !== method) return false;
  if (filter.path === undefined) return true;
  if (typeof filter.path === 'string') return pathname.includes(filter.path);
  // A global or sticky RegExp keeps state between tests; a fresh copy does not.
  return new RegExp(filter.path.source, filter.path.flags.replace(/[gy]/g, '')).test(pathname);
}

/** True when the fault only slows the normal answer down. */
export function isDelayOnly(fault: FakeFault): boolean {
  return (
    fault.delayMs !== undefined &&
    fault.status === undefined &&
    fault.body === undefined &&
    fault.headers === undefined &&
    fault.message === undefined &&
    fault.code === undefined &&
    fault.error === undefined
  );
}

function checkFault(fault: FakeFault): void {
  const fail = (option: string, expected: string, value: unknown): never => {
    throw new ConfigurationError(
      `fail(): ${option} must be ${expected}, got ${describeValue(value)}.`,
      {
        option,
      },
    );
  };
  if (typeof fault !== 'object' || fault === null) fail('fault', 'an object', fault);
  const { status, times, delayMs, method, path, error } = fault;
  if (status !== undefined && (!Number.isInteger(status) || status < 200 || status > 599))
    fail('status', 'an HTTP status from 200 to 599', status);
  if (times !== undefined && !(times === Number.POSITIVE_INFINITY || Number.isInteger(times)))
    fail('times', 'a positive integer or Infinity', times);
  if (times !== undefined && times < 1) fail('times', 'a positive integer or Infinity', times);
  if (delayMs !== undefined && !(Number.isFinite(delayMs) && delayMs >= 0))
    fail('delayMs', 'a non-negative number', delayMs);
  if (method !== undefined && typeof method !== 'string') fail('method', 'a string', method);
  if (path !== undefined && typeof path !== 'string' && !(path instanceof RegExp))
    fail('path', 'a string or a RegExp', path);
  if (error !== undefined && error !== 'network') fail('error', "'network'", error);
}

/** Queued faults, served in the order they were queued, and the waits of delayed ones. */
export function createFaultQueue() {
  let queue: Array<{ fault: FakeFault; left: number }> = [];
  const waits = new Set<() => void>();

  return {
    add(fault: FakeFault): void {
      checkFault(fault);
      queue.push({ fault: { ...fault }, left: fault.times ?? 1 });
    },

    /**
     * The first queued fault for this request, counted as served. With
     * `pathRequired` (the token endpoint), only a fault that names a `path`.
     */
    take(method: string, pathname: string, pathRequired = false): FakeFault | undefined {
      const entry = queue.find(
        (item) =>
          item.left > 0 &&
          (!pathRequired || item.fault.path !== undefined) &&
          matchesFilter(item.fault, method, pathname),
      );
      if (!entry) return undefined;
      entry.left -= 1;
      if (entry.left <= 0) queue = queue.filter((item) => item !== entry);
      return entry.fault;
    },

    /** Waits `ms` of real time; ends early on `signal` or `clear()`. */
    wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          waits.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        waits.add(done);
        if (signal?.aborted) done();
        else signal?.addEventListener('abort', done, { once: true });
      });
    },

    /** Forgets queued faults and ends every wait in progress. */
    clear(): void {
      queue = [];
      for (const done of [...waits]) done();
    },
  };
}
