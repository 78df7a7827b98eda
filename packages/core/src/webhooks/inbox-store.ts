import type { JobError } from '../jobs/job-record.js';

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

/** An in-memory inbox store for tests and single-process use; lost on exit. */
export function memoryInboxStore(): InboxStore {
  const events = new Map<string, InboxEvent>();
  return {
    async insertIfAbsent(event) {
      // No await between the check and the insert: atomic within the process.
      const key = keyOf(event.provider, event.eventId);
      if (events.has(key)) return false;
      events.set(key, copy(event));
      return true;
    },
    async get(provider, eventId) {
      const event = events.get(keyOf(provider, eventId));
      return event ? copy(event) : undefined;
    },
    async update(provider, eventId, patch) {
      const event = events.get(keyOf(provider, eventId));
      if (!event) return undefined;
      Object.assign(event, patch);
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
  };
}
