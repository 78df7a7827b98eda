import {
  ConfigurationError,
  type InboxEvent,
  type InboxEventPatch,
  type InboxEventState,
  type InboxListOptions,
  type InboxStore,
  type JobError,
} from '@int/core';
import {
  type Migration,
  migrate,
  openDatabase,
  type SqliteFileOptions,
} from './sqlite-database.js';

export type SqliteInboxStoreOptions = SqliteFileOptions;

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
export function sqliteInboxStore(options: SqliteInboxStoreOptions): InboxStore & {
  close(): void;
} {
  if (!options?.file) {
    throw new ConfigurationError('sqliteInboxStore needs a `file`.', { option: 'file' });
  }
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
    close() {
      db.close();
    },
  };
}
