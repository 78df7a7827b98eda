import { randomUUID } from 'node:crypto';
import {
  type BackoffOptions,
  ConfigurationError,
  type EnqueueOptions,
  IntegrationError,
  type Job,
  type JobError,
  type JobHandler,
  type JobQueue,
  type JobState,
  type ListOptions,
  type Logger,
  nextAttemptDelay,
  type ProcessOptions,
  type QueueStats,
  silentLogger,
  TimeoutError,
  toJobError,
} from '@int/core';
import { jobLeaseHeartbeat } from './job-lease-heartbeat.js';
import {
  type Migration,
  migrate,
  openDatabase,
  type SqliteFileOptions,
} from './sqlite-database.js';

export interface SqliteQueueOptions extends SqliteFileOptions {
  /**
   * How long a claimed job belongs to its worker without a heartbeat. A
   * running worker renews the leases of all its jobs every `heartbeatMs`; a
   * job whose worker died (no heartbeat for `leaseMs`) is reclaimed by the
   * next worker that polls. Default 3 000 ms: a crashed worker's jobs run
   * again within about `leaseMs + pollIntervalMs`. A handler that blocks the
   * event loop for longer than `leaseMs - heartbeatMs` may lose its job to
   * another worker; raise both for CPU-bound handlers.
   */
  leaseMs?: number;
  /** Time between two lease renewals of a running worker. Default 1 000 ms (a third of `leaseMs` when that is lower). */
  heartbeatMs?: number;
  /** How often an idle worker looks for due jobs written by other processes. Default 250 ms. */
  pollIntervalMs?: number;
  /** Attempts per job when `enqueue` does not say. Default 3. */
  attempts?: number;
  /** Receives job retries, failures and store errors. Default `silentLogger`. */
  logger?: Logger;
  /** Backoff when `enqueue` does not say. Default exponential with full jitter from 1 000 ms, capped at 60 000 ms. */
  backoff?: BackoffOptions;
}

interface JobRow {
  id: string;
  name: string;
  payload: string;
  state: JobState;
  priority: number;
  attempts: number;
  max_attempts: number;
  backoff: string;
  run_at: number;
  lease_until: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  started_at: number | null;
  finished_at: number | null;
}

const migrations: Migration[] = [
  (db) => {
    db.exec(`
      CREATE TABLE int_jobs (
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
      CREATE INDEX int_jobs_due ON int_jobs (name, state, priority DESC, run_at, seq);
      CREATE INDEX int_jobs_created ON int_jobs (created_at, seq);
    `);
  },
];

// Higher priority first, then the earliest due, then the order of enqueue.
const CLAIM_ORDER = 'priority DESC, run_at, seq';

function toJob<Payload>(row: JobRow): Job<Payload> {
  return {
    id: row.id,
    name: row.name,
    payload: JSON.parse(row.payload) as Payload,
    state: row.state,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    priority: row.priority,
    backoff: JSON.parse(row.backoff) as BackoffOptions,
    lastError: row.last_error ? (JSON.parse(row.last_error) as JobError) : undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    runAt: row.run_at,
    startedAt: row.started_at ?? undefined,
    finishedAt: row.finished_at ?? undefined,
  };
}

/**
 * A durable `JobQueue` in one SQLite file, shared by every process on the
 * machine that opens it. Jobs survive crashes: a job is claimed under a lease
 * that its worker renews, and a job whose worker died runs again once the
 * lease lapses, so handlers must be idempotent (key their effects by job id).
 */
export function sqliteQueue(options: SqliteQueueOptions): JobQueue {
  if (!options?.file) {
    throw new ConfigurationError('sqliteQueue needs a `file` (a path, or ":memory:").', {
      option: 'file',
    });
  }
  const leaseMs = options.leaseMs ?? 3_000;
  const heartbeatMs = options.heartbeatMs ?? Math.min(1_000, Math.floor(leaseMs / 3));
  if (!(leaseMs > 0) || !(heartbeatMs > 0) || heartbeatMs >= leaseMs) {
    throw new ConfigurationError(
      `heartbeatMs (${heartbeatMs}) must be positive and below leaseMs (${leaseMs}).`,
      { option: 'heartbeatMs' },
    );
  }
  const logger = options.logger ?? silentLogger;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const defaultAttempts = options.attempts ?? 3;
  const defaultBackoff: BackoffOptions = options.backoff ?? {};
  const lostError = JSON.stringify({
    name: 'WorkerLostError',
    message: 'The worker stopped renewing its lease (it crashed or hung) on the last attempt.',
  } satisfies JobError);
  const db = openDatabase(options);
  migrate(db, 'queue', migrations);
  // One lease owner per queue object: its heartbeat renews every job it runs in one write.
  const owner = randomUUID();

  const insert = db.prepare(`
    INSERT INTO int_jobs (id, name, payload, state, priority, max_attempts, backoff, run_at, created_at, updated_at)
    VALUES (@id, @name, @payload, 'pending', @priority, @maxAttempts, @backoff, @runAt, @now, @now)
    ON CONFLICT (id) DO NOTHING`);
  const byId = db.prepare('SELECT * FROM int_jobs WHERE id = ?');
  const due = db.prepare(`
    SELECT id, state FROM int_jobs
    WHERE name = @name AND (
      (state = 'pending' AND run_at <= @now)
      OR (state = 'running' AND lease_until <= @now AND lease_owner != @owner)
    )
    ORDER BY ${CLAIM_ORDER} LIMIT @limit`);
  const claim = db.prepare(`
    UPDATE int_jobs SET state = 'running', attempts = attempts + 1, lease_owner = @owner,
      lease_until = @leaseUntil, started_at = @now, updated_at = @now
    WHERE id = @id RETURNING *`);
  const lost = db.prepare(`
    UPDATE int_jobs SET state = 'failed', last_error = @lostError,
      lease_owner = NULL, lease_until = NULL, finished_at = @now, updated_at = @now
    WHERE name = @name AND state = 'running' AND lease_until <= @now AND attempts >= max_attempts
      AND lease_owner != @owner`);
  const renew = db.prepare(
    `UPDATE int_jobs SET lease_until = @leaseUntil WHERE id = @id AND lease_owner = @owner AND state = 'running'`,
  );
  const complete = db.prepare(`
    UPDATE int_jobs SET state = 'done', lease_owner = NULL, lease_until = NULL,
      finished_at = @now, updated_at = @now
    WHERE id = @id AND lease_owner = @owner AND state = 'running'`);
  const reschedule = db.prepare(`
    UPDATE int_jobs SET state = 'pending', last_error = @error, run_at = @runAt, lease_owner = NULL,
      lease_until = NULL, updated_at = @now
    WHERE id = @id AND lease_owner = @owner AND state = 'running'`);
  const fail = db.prepare(`
    UPDATE int_jobs SET state = 'failed', last_error = @error, lease_owner = NULL, lease_until = NULL,
      finished_at = @now, updated_at = @now
    WHERE id = @id AND lease_owner = @owner AND state = 'running'`);
  const retryFinished = db.prepare(`
    UPDATE int_jobs SET state = 'pending', attempts = 0, run_at = @now,
      finished_at = NULL, updated_at = @now
    WHERE id = @id AND state IN ('failed', 'done')`);
  const listJobs = db.prepare(`
    SELECT * FROM int_jobs
    WHERE (@state IS NULL OR state = @state) AND (@name IS NULL OR name = @name)
    ORDER BY created_at DESC, seq DESC LIMIT @limit`);
  const counts = db.prepare('SELECT state, COUNT(*) AS count FROM int_jobs GROUP BY state');

  const claimDue = db.transaction((name: string, limit: number) => {
    const now = Date.now();
    lost.run({ name, now, lostError, owner });
    const found = due.all({ name, now, limit, owner }) as Array<{ id: string; state: JobState }>;
    return found.map(({ id, state }) => {
      const row = claim.get({ id, owner, now, leaseUntil: now + leaseMs }) as JobRow;
      if (state === 'running') {
        // Its worker stopped renewing the lease: crashed, killed or hung.
        logger.warn(
          { event: 'job.lease_reclaimed', job: name, jobId: id, attempt: row.attempts },
          'Job reclaimed from a worker whose lease lapsed',
        );
      }
      return row;
    });
  });
  const renewAll = db.transaction((jobIds: string[]) => {
    const leaseUntil = Date.now() + leaseMs;
    return jobIds.filter((id) => renew.run({ id, owner, leaseUntil }).changes === 0);
  });

  const heartbeat = jobLeaseHeartbeat({
    intervalMs: heartbeatMs,
    renew: (jobIds) => renewAll.immediate(jobIds),
    onError: (error) =>
      logger.warn(
        { event: 'job.heartbeat_failed', error: (error as Error).message },
        'Could not renew job leases; retrying on the next beat',
      ),
  });
  const workers: Array<{ wake: () => void; stop: () => Promise<void> }> = [];
  const handled = new Set<string>();
  let closed = false;

  const startWorker = <Payload>(
    name: string,
    handler: JobHandler<Payload>,
    processOptions: ProcessOptions,
  ) => {
    const concurrency = processOptions.concurrency ?? 1;
    const timeoutMs = processOptions.timeoutMs;
    const running = new Set<Promise<void>>();
    let stopping = false;
    let wakeUp: (() => void) | undefined;
    const wake = () => wakeUp?.();

    const runJob = async (row: JobRow): Promise<void> => {
      const job = toJob<Payload>(row);
      const controller = new AbortController();
      heartbeat.add(job.id, () => {
        // Another worker runs it now; this attempt's outcome will not be recorded.
        logger.warn(
          { event: 'job.lease_lost', job: name, jobId: job.id, attempt: job.attempts },
          'Job lease lost to another worker; aborting this attempt',
        );
        controller.abort(
          new IntegrationError(
            `Job ${name} (${job.id}) attempt ${job.attempts} lost its lease to another worker.`,
            { operation: name },
          ),
        );
      });
      let timeoutTimer: NodeJS.Timeout | undefined;
      try {
        const work = Promise.resolve().then(() =>
          handler(job.payload, { job, signal: controller.signal }),
        );
        if (timeoutMs !== undefined) {
          const timedOut = new Promise<never>((_, reject) => {
            timeoutTimer = setTimeout(() => {
              const error = new TimeoutError(
                `Job ${name} (${job.id}) attempt ${job.attempts} exceeded ${timeoutMs} ms.`,
                { operation: name, timeoutMs, attempts: job.attempts },
              );
              controller.abort(error);
              reject(error);
            }, timeoutMs);
          });
          await Promise.race([work, timedOut]);
        } else {
          await work;
        }
        settle(job, undefined, false);
      } catch (error) {
        settle(job, error, true);
      } finally {
        heartbeat.delete(job.id);
        if (timeoutTimer) clearTimeout(timeoutTimer);
      }
    };

    // Writes the attempt's outcome. If the file stays locked past busy_timeout
    // the write is given up: the lease lapses and the job runs again.
    const settle = (job: Job<Payload>, error: unknown, failed: boolean) => {
      const now = Date.now();
      try {
        if (!failed) {
          complete.run({ id: job.id, owner, now });
          return;
        }
        const jobError = toJobError(error);
        const message = JSON.stringify(jobError);
        if (job.attempts < job.maxAttempts) {
          const delay = nextAttemptDelay(job.attempts, error, job.backoff);
          reschedule.run({ id: job.id, owner, now, error: message, runAt: now + delay });
          logger.warn(
            {
              event: 'job_retry',
              job: name,
              jobId: job.id,
              attempt: job.attempts,
              delayMs: delay,
              error: jobError.message,
            },
            'Job attempt failed; will retry',
          );
        } else {
          fail.run({ id: job.id, owner, now, error: message });
          logger.error(
            {
              event: 'job_failed',
              job: name,
              jobId: job.id,
              attempts: job.attempts,
              error: jobError.message,
            },
            'Job failed after its last attempt',
          );
        }
      } catch (storeError) {
        logger.error(
          {
            event: 'job_store_error',
            job: name,
            jobId: job.id,
            error: (storeError as Error).message,
          },
          'Could not record the job outcome; it runs again when its lease lapses',
        );
      }
    };

    const loop = async () => {
      while (!stopping) {
        const free = concurrency - running.size;
        let rows: JobRow[] = [];
        try {
          rows = free > 0 ? claimDue.immediate(name, free) : [];
        } catch (error) {
          // Locked past busy_timeout by another process: try again on the next poll.
          logger.warn(
            { event: 'job_claim_error', job: name, error: (error as Error).message },
            'Could not claim jobs; retrying',
          );
        }
        for (const row of rows) {
          const task = runJob(row).finally(() => {
            running.delete(task);
            wake();
          });
          running.add(task);
        }
        if (rows.length > 0 && running.size < concurrency) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, pollIntervalMs);
          function done() {
            clearTimeout(timer);
            wakeUp = undefined;
            resolve();
          }
          wakeUp = done;
        });
      }
    };
    const looping = loop();
    workers.push({
      wake,
      stop: async () => {
        stopping = true;
        wake();
        await looping;
        await Promise.allSettled([...running]);
      },
    });
  };

  return {
    async enqueue<Payload>(name: string, payload: Payload, enqueueOptions: EnqueueOptions = {}) {
      if (closed) throw new ConfigurationError('The queue is closed.', { option: 'queue' });
      const now = Date.now();
      const id = enqueueOptions.jobId ?? randomUUID();
      insert.run({
        id,
        name,
        payload: JSON.stringify(payload ?? null),
        priority: enqueueOptions.priority ?? 0,
        maxAttempts: enqueueOptions.attempts ?? defaultAttempts,
        backoff: JSON.stringify({ ...defaultBackoff, ...enqueueOptions.backoff }),
        runAt: now + Math.max(0, enqueueOptions.delayMs ?? 0),
        now,
      });
      for (const worker of workers) worker.wake();
      return toJob<Payload>(byId.get(id) as JobRow);
    },
    async process<Payload>(
      name: string,
      handler: JobHandler<Payload>,
      processOptions: ProcessOptions = {},
    ) {
      if (closed) throw new ConfigurationError('The queue is closed.', { option: 'queue' });
      if (handled.has(name)) {
        throw new ConfigurationError(`A handler for job "${name}" is already registered.`, {
          option: 'name',
        });
      }
      const concurrency = processOptions.concurrency ?? 1;
      if (!Number.isInteger(concurrency) || concurrency < 1) {
        throw new ConfigurationError(
          `concurrency must be a positive integer, got ${String(concurrency)}.`,
          { option: 'concurrency' },
        );
      }
      handled.add(name);
      startWorker(name, handler, processOptions);
    },
    async retry(jobId) {
      retryFinished.run({ id: jobId, now: Date.now() });
      for (const worker of workers) worker.wake();
      const row = byId.get(jobId) as JobRow | undefined;
      return row ? toJob(row) : undefined;
    },
    async get(jobId) {
      const row = byId.get(jobId) as JobRow | undefined;
      return row ? toJob(row) : undefined;
    },
    async list(listOptions: ListOptions = {}) {
      const rows = listJobs.all({
        state: listOptions.state ?? null,
        name: listOptions.name ?? null,
        limit: listOptions.limit ?? 100,
      });
      return (rows as JobRow[]).map((row) => toJob(row));
    },
    async stats(): Promise<QueueStats> {
      const result: QueueStats = { pending: 0, running: 0, done: 0, failed: 0 };
      for (const row of counts.all() as Array<{ state: JobState; count: number }>) {
        result[row.state] = row.count;
      }
      return result;
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(workers.map((worker) => worker.stop()));
      heartbeat.stop();
      db.close();
    },
  };
}
