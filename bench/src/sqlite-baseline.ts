// The floor sqliteQueue is measured against: plain better-sqlite3 doing a job
// queue's writes one by one, each its own transaction, with nothing around
// them (no handler, no promises, no timers). Same file settings as
// @int/sqlite's `openDatabase` (WAL, synchronous NORMAL, busy_timeout 5 s) and
// the same table and indexes as sqliteQueue's, so the rows are the same size.
import Database from 'better-sqlite3';

export interface BaselineTimes {
  /** ms spent inserting every job, one INSERT per job. */
  enqueueMs: number;
  /** ms spent claiming then completing every job, one UPDATE each. */
  processMs: number;
}

export function runSqliteBaseline(file: string, jobs: number): BaselineTimes {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE jobs (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      payload TEXT NOT NULL,
      state TEXT NOT NULL,
      priority INTEGER NOT NULL DEFAULT 0,
      attempts INTEGER NOT NULL DEFAULT 0,
      max_attempts INTEGER NOT NULL,
      backoff TEXT NOT NULL,
      run_at INTEGER NOT NULL,
      lease_owner TEXT,
      lease_until INTEGER,
      last_error TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      started_at INTEGER,
      finished_at INTEGER
    );
    CREATE INDEX jobs_due ON jobs (name, state, priority DESC, run_at, seq);
    CREATE INDEX jobs_created ON jobs (created_at, seq);
  `);
  const insert = db.prepare(`
    INSERT INTO jobs (id, name, payload, state, max_attempts, backoff, run_at, created_at, updated_at)
    VALUES (?, 'noop', ?, 'pending', 1, '{}', ?, ?, ?)`);
  const claim = db.prepare(`
    UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = 'bench',
      lease_until = @leaseUntil, started_at = @now, updated_at = @now
    WHERE seq = (
      SELECT seq FROM jobs WHERE name = 'noop' AND state = 'pending' AND run_at <= @now
      ORDER BY priority DESC, run_at, seq LIMIT 1
    ) RETURNING id`);
  const complete = db.prepare(`
    UPDATE jobs SET state = 'done', lease_owner = NULL, lease_until = NULL, finished_at = ?, updated_at = ?
    WHERE id = ?`);

  const started = performance.now();
  for (let index = 0; index < jobs; index += 1) {
    const now = Date.now();
    insert.run(`noop-${index}`, JSON.stringify({ index }), now, now, now);
  }
  const enqueued = performance.now();
  for (;;) {
    const now = Date.now();
    const row = claim.get({ now, leaseUntil: now + 3_000 }) as { id: string } | undefined;
    if (!row) break;
    const finished = Date.now();
    complete.run(finished, finished, row.id);
  }
  const processed = performance.now();
  db.close();
  return { enqueueMs: enqueued - started, processMs: processed - enqueued };
}
