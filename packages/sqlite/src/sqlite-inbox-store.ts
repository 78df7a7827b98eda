import {
  backgroundPruner,
  type Clock,
  ConfigurationError,
  DEFAULT_INBOX_RETENTION,
  type InboxEvent,
  type InboxEventPatch,
  type InboxEventState,
  type InboxListOptions,
  type InboxStore,
  type JobError,
  type Logger,
  type RetentionOptions,
  resolveRetention,
  silentLogger,
  systemClock,
} from '@int/core';
import { finishedRowsPruner } from './finished-rows-pruner.js';
import {
  type Migration,
  migrate,
  openDatabase,
  type SqliteFileOptions,
} from './sqlite-database.js';

export interface SqliteInboxStoreOptions extends SqliteFileOptions {
  /**
   * How long finished events are kept; a kept event's id still dedups a
   * redelivery. Default core's `DEFAULT_INBOX_RETENTION`: processed and
   * ignored events for 7 days, at most 100 000; failed ones for 30 days, at
   * most 100 000; pruned every minute in batches of 500 rows. Events still to
   * do (received, processing) are never removed. `false` keeps every event.
   */
  retention?: RetentionOptions | false | undefined;
  /** Time source of the age checks (against each event's `updatedAt`). Default `systemClock`. */
  clock?: Clock | undefined;
  /** Receives `webhook.prune_failed`. Default `silentLogger`. */
  logger?: Logger | undefined;
}

export interface SqliteInboxStore extends InboxStore {
  /** Deletes the finished events retention no longer keeps, in batches; resolves to how many. */
  prune(): Promise<number>;
  /** Stops pruning and closes the file. */
  close(): void;
}

interface InboxRow {
  provider: string;
  event_id: string;
  type: string;
  payload: string;
  raw_body: string;
  headers: string;
  state: InboxEventState;
  attempts: number;
  error: string | null;
  received_at: number;
  updated_at: number;
  processed_at: number | null;
}

const migrations: Migration[] = [
  (db) => {
    db.exec(`
      CREATE TABLE int_inbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        provider TEXT NOT NULL,
        event_id TEXT NOT NULL,
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        raw_body TEXT NOT NULL,
        headers TEXT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        received_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        processed_at INTEGER,
        UNIQUE (provider, event_id)
      );
      CREATE INDEX int_inbox_received ON int_inbox (received_at, seq);
    `);
  },
  // Retention walks finished events oldest first.
  (db) => {
    db.exec(`
      CREATE INDEX int_inbox_done ON int_inbox (updated_at, seq) WHERE state IN ('processed', 'ignored');
      CREATE INDEX int_inbox_failed ON int_inbox (updated_at, seq) WHERE state = 'failed';
    `);
  },
];

function toEvent(row: InboxRow): InboxEvent {
  return {
    provider: row.provider,
    eventId: row.event_id,
    type: row.type,
    payload: JSON.parse(row.payload) as unknown,
    rawBody: row.raw_body,
    headers: JSON.parse(row.headers) as Record<string, string>,
    state: row.state,
    attempts: row.attempts,
    error: row.error ? (JSON.parse(row.error) as JobError) : undefined,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
    processedAt: row.processed_at ?? undefined,
  };
}

/**
 * A webhook `InboxStore` in a SQLite file: the raw event is committed before
 * the webhook is answered, and `(provider, event id)` is unique, so a
 * redelivered or concurrently delivered event is stored once.
 */
export function sqliteInboxStore(options: SqliteInboxStoreOptions): SqliteInboxStore {
  if (!options?.file) {
    throw new ConfigurationError('sqliteInboxStore needs a `file`.', { option: 'file' });
  }
  const retention = resolveRetention(options.retention, DEFAULT_INBOX_RETENTION);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const db = openDatabase(options);
  migrate(db, 'inbox', migrations);
  const insert = db.prepare(`
    INSERT INTO int_inbox (provider, event_id, type, payload, raw_body, headers, state, attempts,
      error, received_at, updated_at, processed_at)
    VALUES (@provider, @eventId, @type, @payload, @rawBody, @headers, @state, @attempts,
      @error, @receivedAt, @updatedAt, @processedAt)
    ON CONFLICT (provider, event_id) DO NOTHING`);
  const select = db.prepare('SELECT * FROM int_inbox WHERE provider = ? AND event_id = ?');
  const list = db.prepare(`
    SELECT * FROM int_inbox
    WHERE (@state IS NULL OR state = @state) AND (@provider IS NULL OR provider = @provider)
      AND (@eventId IS NULL OR event_id = @eventId)
    ORDER BY received_at DESC, seq DESC LIMIT @limit`);
  // Each column is set only when the patch names it (a present `undefined` clears it).
  const update = db.prepare(`
    UPDATE int_inbox SET
      state = CASE WHEN @hasState THEN @state ELSE state END,
      attempts = CASE WHEN @hasAttempts THEN @attempts ELSE attempts END,
      error = CASE WHEN @hasError THEN @error ELSE error END,
      processed_at = CASE WHEN @hasProcessedAt THEN @processedAt ELSE processed_at END,
      updated_at = @updatedAt
    WHERE provider = @provider AND event_id = @eventId RETURNING *`);

  // Retention: the oldest finished events past the age, then past the count (newest kept).
  const pruneBatch = finishedRowsPruner(
    db,
    {
      table: 'int_inbox',
      where: { done: "state IN ('processed', 'ignored')", failed: "state = 'failed'" },
      finishedAt: 'updated_at',
    },
    retention,
    () => clock.now(),
  );
  const pruner = backgroundPruner({
    intervalMs: retention.intervalMs,
    batchSize: retention.batchSize,
    pruneBatch: () => pruneBatch.immediate(),
    onError: (error) =>
      logger.warn(
        { event: 'webhook.prune_failed', error: (error as Error).message },
        'Could not prune finished webhook events; retrying on the next interval',
      ),
  });

  return {
    async insertIfAbsent(event) {
      const result = insert.run({
        provider: event.provider,
        eventId: event.eventId,
        type: event.type,
        payload: JSON.stringify(event.payload ?? null),
        rawBody: event.rawBody,
        headers: JSON.stringify(event.headers ?? {}),
        state: event.state,
        attempts: event.attempts ?? 0,
        error: event.error ? JSON.stringify(event.error) : null,
        receivedAt: event.receivedAt,
        updatedAt: event.updatedAt ?? event.receivedAt,
        processedAt: event.processedAt ?? null,
      });
      return result.changes === 1;
    },
    async get(provider, eventId) {
      const row = select.get(provider, eventId) as InboxRow | undefined;
      return row ? toEvent(row) : undefined;
    },
    async update(provider, eventId, patch: InboxEventPatch & { updatedAt: number }) {
      const row = update.get({
        provider,
        eventId,
        updatedAt: patch.updatedAt,
        hasState: 'state' in patch ? 1 : 0,
        state: patch.state ?? null,
        hasAttempts: 'attempts' in patch ? 1 : 0,
        attempts: patch.attempts ?? 0,
        hasError: 'error' in patch ? 1 : 0,
        error: patch.error ? JSON.stringify(patch.error) : null,
        hasProcessedAt: 'processedAt' in patch ? 1 : 0,
        processedAt: patch.processedAt ?? null,
      }) as InboxRow | undefined;
      return row ? toEvent(row) : undefined;
    },
    async list(listOptions: InboxListOptions = {}) {
      const rows = list.all({
        state: listOptions.state ?? null,
        provider: listOptions.provider ?? null,
        eventId: listOptions.eventId ?? null,
        limit: listOptions.limit ?? 100,
      }) as InboxRow[];
      return rows.map(toEvent);
    },
    prune: () => pruner.prune(),
    close() {
      // A batch already running is synchronous (one transaction), so the file can close now.
      void pruner.stop();
      db.close();
    },
  };
}
