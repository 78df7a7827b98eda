import { type Clock, systemClock } from '../clock.js';
import type { JobError } from '../jobs/job-record.js';
import {
  backgroundPruner,
  pruneOldestFinished,
  type ResolvedRetention,
  type RetentionOptions,
  type RetentionRule,
  resolveRetention,
} from '../retention.js';

export type InboxEventState = 'received' | 'processing' | 'processed' | 'failed' | 'ignored';

/** One webhook delivery as kept by the inbox: the raw body first, so nothing is ever lost. */
export interface InboxEvent {
  provider: string;
  /** The provider's event id; unique per provider. */
  eventId: string;
  type: string;
  /** What the verifier parsed from the body. */
  payload: unknown;
  /** The body exactly as received (UTF-8 text). */
  rawBody: string;
  /** Request headers, lower-case, with signatures and credentials redacted. */
  headers: Record<string, string>;
  state: InboxEventState;
  /** Handler attempts so far, across replays. */
  attempts: number;
  /** The latest handler error; cleared when the event is processed. */
  error?: JobError | undefined;
  receivedAt: number;
  updatedAt: number;
  processedAt?: number | undefined;
}

export type InboxEventPatch = Partial<
  Pick<InboxEvent, 'state' | 'attempts' | 'error' | 'processedAt'>
>;

export interface InboxListOptions {
  state?: InboxEventState | undefined;
  provider?: string | undefined;
  eventId?: string | undefined;
  /** Default 100. */
  limit?: number | undefined;
}

/**
 * Where the inbox keeps events. Async so SQLite and Redis stores fit;
 * `insertIfAbsent` must be atomic (a unique key on provider + event id), as
 * concurrent redeliveries race on it.
 */
export interface InboxStore {
  /** Stores the event unless one with the same provider and event id exists. True when stored. */
  insertIfAbsent(event: InboxEvent): Promise<boolean>;
  get(provider: string, eventId: string): Promise<InboxEvent | undefined>;
  /** Applies `patch` (and sets `updatedAt`); undefined when the event is unknown. */
  update(
    provider: string,
    eventId: string,
    patch: InboxEventPatch & { updatedAt: number },
  ): Promise<InboxEvent | undefined>;
  /** Newest first. */
  list(options?: InboxListOptions): Promise<InboxEvent[]>;
}

const keyOf = (provider: string, eventId: string) => JSON.stringify([provider, eventId]);

const copy = (event: InboxEvent): InboxEvent => ({
  ...event,
  headers: { ...event.headers },
  error: event.error ? { ...event.error } : undefined,
});

/** Which retention kind an event in `state` belongs to; undefined while it is still to do. */
export function retentionKindOf(state: InboxEventState): 'done' | 'failed' | undefined {
  if (state === 'processed' || state === 'ignored') return 'done';
  if (state === 'failed') return 'failed';
  return undefined;
}

/**
 * The memory store keeps fewer done events by default than the durable
 * stores: it holds them in the heap (raw bodies included).
 */
export const DEFAULT_MEMORY_INBOX_RETENTION: {
  done: Required<RetentionRule>;
  failed: Required<RetentionRule>;
} = {
  done: { maxAgeMs: 7 * 24 * 3_600_000, maxCount: 10_000 },
  failed: { maxAgeMs: 30 * 24 * 3_600_000, maxCount: 10_000 },
};

export interface MemoryInboxStoreOptions {
  /**
   * How long finished events are kept; a kept event's id still dedups a
   * redelivery. Default `DEFAULT_MEMORY_INBOX_RETENTION`: processed and
   * ignored events for 7 days, at most 10 000; failed ones for 30 days, at
   * most 10 000. `false` keeps every event.
   */
  retention?: RetentionOptions | false | undefined;
  /** Time source of the age checks. Default `systemClock`. */
  clock?: Clock | undefined;
}

export interface MemoryInboxStore extends InboxStore {
  /** Removes the finished events retention no longer keeps; resolves to how many. */
  prune(): Promise<number>;
  /** Stops background pruning. */
  close(): Promise<void>;
}

/** An in-memory inbox store for tests and single-process use; lost on exit. */
export function memoryInboxStore(storeOptions: MemoryInboxStoreOptions = {}): MemoryInboxStore {
  const events = new Map<string, InboxEvent>();
  const clock = storeOptions.clock ?? systemClock;
  const retention: ResolvedRetention = resolveRetention(
    storeOptions.retention,
    DEFAULT_MEMORY_INBOX_RETENTION,
  );
  // Finished events by kind, in the order they finished: the oldest are pruned first.
  const finished = { done: new Map<string, InboxEvent>(), failed: new Map<string, InboxEvent>() };
  const track = (key: string, event: InboxEvent) => {
    finished.done.delete(key);
    finished.failed.delete(key);
    const kind = retentionKindOf(event.state);
    if (kind) finished[kind].set(key, event);
  };
  const pruner = backgroundPruner({
    intervalMs: retention.intervalMs,
    batchSize: retention.batchSize,
    pruneBatch: () =>
      pruneOldestFinished(finished, retention, {
        now: clock.now(),
        finishedAt: (event) => event.updatedAt,
        forget: (key) => events.delete(key),
      }),
    onError: () => undefined,
  });
  return {
    async insertIfAbsent(event) {
      // No await between the check and the insert: atomic within the process.
      const key = keyOf(event.provider, event.eventId);
      if (events.has(key)) return false;
      const stored = copy(event);
      events.set(key, stored);
      track(key, stored);
      return true;
    },
    async get(provider, eventId) {
      const event = events.get(keyOf(provider, eventId));
      return event ? copy(event) : undefined;
    },
    async update(provider, eventId, patch) {
      const key = keyOf(provider, eventId);
      const event = events.get(key);
      if (!event) return undefined;
      Object.assign(event, patch);
      if ('state' in patch) track(key, event);
      return copy(event);
    },
    async list(options = {}) {
      return [...events.values()]
        .filter(
          (event) =>
            (options.state === undefined || event.state === options.state) &&
            (options.provider === undefined || event.provider === options.provider) &&
            (options.eventId === undefined || event.eventId === options.eventId),
        )
        .reverse()
        .sort((a, b) => b.receivedAt - a.receivedAt)
        .slice(0, options.limit ?? 100)
        .map(copy);
    },
    prune: () => pruner.prune(),
    close: () => pruner.stop(),
  };
}
