import { ConfigurationError } from './errors.js';

/**
 * How long finished items are kept. An item goes once it is older than
 * `maxAgeMs` **or** more than `maxCount` newer finished items of its kind
 * exist, whichever comes first. Leave one out to limit by the other only.
 */
export interface RetentionRule {
  /** Age since the item finished, in ms. */
  maxAgeMs?: number | undefined;
  /** Finished items of this kind kept, newest first. */
  maxCount?: number | undefined;
}

/**
 * Retention of a queue's finished jobs or an inbox's finished events. Items
 * still to do (pending or running jobs; received or processing events) are
 * never removed. `false` for a kind keeps it forever.
 */
export interface RetentionOptions {
  /** Jobs that succeeded; events processed or ignored. */
  done?: RetentionRule | false | undefined;
  /** Jobs and events that failed for good: kept longer, to diagnose and retry. */
  failed?: RetentionRule | false | undefined;
  /** Time between background prunes. Default 60 000 ms; `0` prunes only when `prune()` is called. */
  intervalMs?: number | undefined;
  /** Items removed per kind and rule in one batch; batches repeat until one comes back short. Default 500. */
  batchSize?: number | undefined;
}

/** Retention with every default filled in; a kind kept forever is `undefined`. */
export interface ResolvedRetention {
  done: Required<RetentionRule> | undefined;
  failed: Required<RetentionRule> | undefined;
  intervalMs: number;
  batchSize: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Jobs: done ones for a day (at most 10 000), failed ones for a week (at most 10 000). */
export const DEFAULT_JOB_RETENTION = {
  done: { maxAgeMs: DAY, maxCount: 10_000 },
  failed: { maxAgeMs: 7 * DAY, maxCount: 10_000 },
} as const;

/**
 * Webhook events: processed or ignored ones for a week (beyond the redelivery
 * window of Stripe, 3 days, and HubSpot), at most 100 000; failed ones for 30
 * days, at most 100 000.
 */
export const DEFAULT_INBOX_RETENTION = {
  done: { maxAgeMs: 7 * DAY, maxCount: 100_000 },
  failed: { maxAgeMs: 30 * DAY, maxCount: 100_000 },
} as const;

function rule(
  value: RetentionRule | false | undefined,
  fallback: Required<RetentionRule>,
  kind: string,
): Required<RetentionRule> | undefined {
  if (value === false) return undefined;
  const resolved = { ...fallback, ...value };
  for (const [name, number] of Object.entries(resolved)) {
    if (!(typeof number === 'number' && number >= 0 && !Number.isNaN(number))) {
      throw new ConfigurationError(
        `retention.${kind}.${name} must be a non-negative number, got ${String(number)}.`,
        { option: `retention.${kind}.${name}` },
      );
    }
  }
  return resolved;
}

/** Fills in `defaults`; `false` keeps everything forever. */
export function resolveRetention(
  options: RetentionOptions | false | undefined,
  defaults: { done: Required<RetentionRule>; failed: Required<RetentionRule> },
): ResolvedRetention {
  if (options === false) {
    return { done: undefined, failed: undefined, intervalMs: 0, batchSize: 500 };
  }
  const batchSize = options?.batchSize ?? 500;
  const intervalMs = options?.intervalMs ?? 60_000;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ConfigurationError(
      `retention.batchSize must be a positive integer, got ${String(batchSize)}.`,
      {
        option: 'retention.batchSize',
      },
    );
  }
  if (!(intervalMs >= 0)) {
    throw new ConfigurationError(
      `retention.intervalMs must be a non-negative number, got ${String(intervalMs)}.`,
      { option: 'retention.intervalMs' },
    );
  }
  return {
    done: rule(options?.done, defaults.done, 'done'),
    failed: rule(options?.failed, defaults.failed, 'failed'),
    intervalMs,
    batchSize,
  };
}

export interface BackgroundPruner {
  /** Prunes now, batch after batch, until a batch comes back short; resolves to the items removed. */
  prune(): Promise<number>;
  /** Stops the timer; a batch already running finishes. */
  stop(): Promise<void>;
}

// Batches run back to back for at most this long before the pruner yields:
// yielding after every batch would let a busy producer outrun it.
const SLICE_MS = 10;

/**
 * Runs `pruneBatch` every `intervalMs` (a timer that never keeps the process
 * alive), repeating it while it removes a full batch (so it has caught up
 * once a batch comes back short, rather than chasing every item that finishes
 * meanwhile), and yielding to other work every 10 ms, so a large backlog is
 * pruned in small steps without stalling the process.
 */
export function backgroundPruner(options: {
  intervalMs: number;
  /** The most one rule removes in one batch. */
  batchSize: number;
  /** Removes at most one batch per rule; returns how many items it removed. */
  pruneBatch: () => number | Promise<number>;
  /** A batch that threw; the next run tries again. */
  onError: (error: unknown) => void;
}): BackgroundPruner {
  let running: Promise<number> | undefined;
  let stopped = false;
  const yieldTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

  const runAll = async (): Promise<number> => {
    let total = 0;
    let sliceStart = Date.now();
    for (;;) {
      if (stopped) return total;
      const removed = await options.pruneBatch();
      total += removed;
      if (removed < options.batchSize) return total;
      if (Date.now() - sliceStart >= SLICE_MS) {
        await yieldTurn();
        sliceStart = Date.now();
      }
    }
  };
  const prune = () => {
    running ??= runAll().finally(() => {
      running = undefined;
    });
    return running;
  };

  let timer: ReturnType<typeof setInterval> | undefined;
  if (options.intervalMs > 0) {
    timer = setInterval(() => {
      if (!running) prune().catch(options.onError);
    }, options.intervalMs);
    (timer as { unref?: () => void }).unref?.();
  }
  return {
    prune,
    async stop() {
      stopped = true;
      if (timer !== undefined) clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}

/**
 * One prune batch over finished items kept in insertion-ordered maps (oldest
 * first): at most `batchSize` of each kind, while the kind is over its count
 * or its oldest item is over its age. `forget` drops the item elsewhere too.
 */
export function pruneOldestFinished<T>(
  finished: Record<'done' | 'failed', Map<string, T>>,
  retention: ResolvedRetention,
  settings: { now: number; finishedAt: (item: T) => number; forget: (key: string) => void },
): number {
  let removed = 0;
  for (const kind of ['done', 'failed'] as const) {
    const rule = retention[kind];
    if (!rule) continue;
    const kept = finished[kind];
    let batch = 0;
    for (const [key, item] of kept) {
      const over = kept.size > rule.maxCount;
      const old = settings.finishedAt(item) <= settings.now - rule.maxAgeMs;
      if (batch >= retention.batchSize || (!over && !old)) break;
      kept.delete(key);
      settings.forget(key);
      batch += 1;
    }
    removed += batch;
  }
  return removed;
}
