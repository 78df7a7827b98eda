import { ConfigurationError } from '@int/core';
import type { InboxEvent, InboxRecord, InboxStatus, InboxStore } from './core-stand-in.js';
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
  raw_body: string;
  headers: string | null;
  status: InboxStatus;
  error: string | null;
  received_at: number;
  updated_at: number;
}

const migrations: Migration[] = [
  (db) => {
    db.exec(`
      CREATE TABLE int_inbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        provider TEXT NOT NULL,
        event_id TEXT NOT NULL,
        type TEXT NOT NULL,
        raw_body TEXT NOT NULL,
        headers TEXT,
        status TEXT NOT NULL,
        error TEXT,
        received_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (provider, event_id)
      );
      CREATE INDEX int_inbox_status ON int_inbox (status, seq);
    `);
  },
];

function toRecord(row: InboxRow): InboxRecord {
  return {
    provider: row.provider,
    eventId: row.event_id,
    type: row.type,
    rawBody: row.raw_body,
    headers: row.headers ? (JSON.parse(row.headers) as Record<string, string>) : undefined,
    status: row.status,
    error: row.error ?? undefined,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
  };
}

/**
 * A webhook `InboxStore` in a SQLite file: the raw event is committed before
 * the webhook is answered, and `(provider, event id)` is unique, so a
 * redelivered or concurrently delivered event is stored once.
 */
export function sqliteInboxStore(options: SqliteInboxStoreOptions): InboxStore & { close(): void } {
  if (!options?.file) {
    throw new ConfigurationError('sqliteInboxStore needs a `file`.', { option: 'file' });
  }
  const db = openDatabase(options);
  migrate(db, 'inbox', migrations);
  const insert = db.prepare(`
    INSERT INTO int_inbox (provider, event_id, type, raw_body, headers, status, received_at, updated_at)
    VALUES (@provider, @eventId, @type, @rawBody, @headers, 'received', @receivedAt, @receivedAt)
    ON CONFLICT (provider, event_id) DO NOTHING`);
  const select = db.prepare('SELECT * FROM int_inbox WHERE provider = ? AND event_id = ?');
  const update = db.prepare(
    'UPDATE int_inbox SET status = ?, error = ?, updated_at = ? WHERE provider = ? AND event_id = ?',
  );
  return {
    async put(event: InboxEvent) {
      const result = insert.run({
        provider: event.provider,
        eventId: event.eventId,
        type: event.type,
        rawBody: event.rawBody,
        headers: event.headers ? JSON.stringify(event.headers) : null,
        receivedAt: event.receivedAt,
      });
      return result.changes === 1;
    },
    async get(provider, eventId) {
      const row = select.get(provider, eventId) as InboxRow | undefined;
      return row ? toRecord(row) : undefined;
    },
    async mark(provider, eventId, status, error) {
      update.run(status, error ?? null, Date.now(), provider, eventId);
    },
    async list(listOptions = {}) {
      const limit = listOptions.limit ?? 100;
      const rows = listOptions.status
        ? db
            .prepare('SELECT * FROM int_inbox WHERE status = ? ORDER BY seq DESC LIMIT ?')
            .all(listOptions.status, limit)
        : db.prepare('SELECT * FROM int_inbox ORDER BY seq DESC LIMIT ?').all(limit);
      return (rows as InboxRow[]).map(toRecord);
    },
    close() {
      db.close();
    },
  };
}
