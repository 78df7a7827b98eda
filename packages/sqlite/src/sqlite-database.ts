import Database from 'better-sqlite3';

/** A better-sqlite3 connection. */
export type SqliteDatabase = Database.Database;

export interface SqliteFileOptions {
  /** Path of the database file (created when missing), or `:memory:` for tests. */
  file: string;
  /**
   * How long a write waits for another process' write lock before failing.
   * Default 5 000 ms.
   */
  busyTimeoutMs?: number | undefined;
}

/** One migration step per schema version, applied in order inside a transaction. */
export type Migration = (db: SqliteDatabase) => void;

/**
 * Opens `file` in WAL mode (readers never block the writer; a crashed process
 * loses nothing it committed) with `synchronous = NORMAL`, which is durable
 * across process crashes in WAL mode.
 */
export function openDatabase(options: SqliteFileOptions): SqliteDatabase {
  const db = new Database(options.file);
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5_000))}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  return db;
}

/**
 * Brings `component`'s tables to the newest version. Versions are kept per
 * component in `int_schema`, so the queue, inbox and tokens can share a file.
 */
export function migrate(db: SqliteDatabase, component: string, migrations: Migration[]): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS int_schema (component TEXT PRIMARY KEY, version INTEGER NOT NULL)',
  );
  db.transaction(() => {
    const row = db.prepare('SELECT version FROM int_schema WHERE component = ?').get(component) as
      | { version: number }
      | undefined;
    const current = row?.version ?? 0;
    for (let version = current; version < migrations.length; version += 1) {
      migrations[version]!(db);
    }
    if (current < migrations.length) {
      db.prepare(
        'INSERT INTO int_schema (component, version) VALUES (?, ?) ON CONFLICT (component) DO UPDATE SET version = excluded.version',
      ).run(component, migrations.length);
    }
  }).immediate();
}
