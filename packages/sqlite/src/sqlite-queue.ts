import { randomUUID } from 'node:crypto';
import {
  assertRetryable,
  type BackoffOptions,
  backgroundPruner,
  CircuitOpenError,
  type Clock,
  ConfigurationError,
  DEFAULT_JOB_RETENTION,
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
  type RetentionOptions,
  resolveRetention,
  silentLogger,
  systemClock,
  TimeoutError,
  toJobError,
} from '@int/core';
import { finishedRowsPruner } from './finished-rows-pruner.js';
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
  leaseMs?: number | undefined;
  /** Time between two lease renewals of a running worker. Default 1 000 ms (a third of `leaseMs` when that is lower). */
  heartbeatMs?: number | undefined;
  /** How often an idle worker looks for due jobs written by other processes. Default 250 ms. */
  pollIntervalMs?: number | undefined;
  /** Attempts per job when `enqueue` does not say. Default 3. */
  attempts?: number | undefined;
  /**
   * Time source of every stored timestamp, due time and lease expiry (timers
   * still run on real time). Default `systemClock`. Processes sharing a file
   * should share a clock.
   */
  clock?: Clock | undefined;
  /** Receives job retries, failures and store errors. Default `silentLogger`. */
  logger?: Logger | undefined;
  /** Backoff when `enqueue` does not say. Default exponential with full jitter from 1 000 ms, capped at 60 000 ms. */
  backoff?: BackoffOptions | undefined;
  /**
   * How long finished jobs are kept (a kept job's id still dedups `enqueue`).
   * Default core's `DEFAULT_JOB_RETENTION`: done jobs for a day, at most
   * 10 000; failed ones for a week, at most 10 000; pruned every minute in
   * batches of 500 rows. `false` keeps every job.
   */
  retention?: RetentionOptions | false | undefined;
}

export interface SqliteQueue extends JobQueue {
  /** Deletes the finished jobs retention no longer keeps, in batches; resolves to how many. */
  prune(): Promise<number>;
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
  // Retention walks finished jobs oldest first; partial indexes cost nothing until a job finishes.
  (db) => {
    db.exec(`
      CREATE INDEX int_jobs_done ON int_jobs (finished_at, seq) WHERE state = 'done';
      CREATE INDEX int_jobs_failed ON int_jobs (finished_at, seq) WHERE state = 'failed';
    `);
  },
];

/** A finished attempt whose outcome is not written yet. */
interface AttemptOutcome {
  job: Job;
  /** The attempt's heartbeat handle. */
  lease: object;
  error: unknown;
  failed: boolean;
}

// Higher priority first, then the earliest due, then the order of enqueue.
const CLAIM_ORDER = 'priority DESC, run_at, seq';

interface DueRow {
  seq: number;
  id: string;
  state: JobState;
  priority: number;
  run_at: number;
}

const claimOrder = (a: DueRow, b: DueRow) =>
  b.priority - a.priority || a.run_at - b.run_at || a.seq - b.seq;

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
export function sqliteQueue(options: SqliteQueueOptions): SqliteQueue {
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
  const clock = options.clock ?? systemClock;
  const retention = resolveRetention(options.retention, DEFAULT_JOB_RETENTION);
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
  // The known job when the id exists (a no-op enqueue), in one transaction so a
  // prune in another process cannot come between the insert and the read.
  const insertOrGet = db.transaction((params: Record<string, unknown>) =>
    insert.run(params).changes === 1 ? undefined : (byId.get(params.id) as JobRow | undefined),
  );
  // Two queries, each walking the due index in claim order and stopping at the
  // limit: one OR over both states would read every row of the name and sort it.
  const duePending = db.prepare(`
    SELECT seq, id, state, priority, run_at FROM int_jobs
    WHERE name = @name AND state = 'pending' AND run_at <= @now
    ORDER BY ${CLAIM_ORDER} LIMIT @limit`);
  const dueLapsed = db.prepare(`
    SELECT seq, id, state, priority, run_at FROM int_jobs
    WHERE name = @name AND state = 'running' AND lease_until <= @now AND lease_owner != @owner
    ORDER BY ${CLAIM_ORDER} LIMIT @limit`);
  const claim = db.prepare(`
    UPDATE int_jobs SET state = 'running', attempts = attempts + 1, lease_owner = @owner,
      lease_until = @leaseUntil, started_at = @now, updated_at = @now
    WHERE seq = @seq RETURNING *`);
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
  // An attempt that met an open circuit sent nothing: it is given back.
  const defer = db.prepare(`
    UPDATE int_jobs SET state = 'pending', attempts = attempts - 1, run_at = @runAt,
      lease_owner = NULL, lease_until = NULL, updated_at = @now
    WHERE id = @id AND lease_owner = @owner AND state = 'running'`);
  const fail = db.prepare(`
    UPDATE int_jobs SET state = 'failed', last_error = @error, lease_owner = NULL, lease_until = NULL,
      finished_at = @now, updated_at = @now
    WHERE id = @id AND lease_owner = @owner AND state = 'running'`);
  const retryFailed = db.prepare(`
    UPDATE int_jobs SET state = 'pending', attempts = 0, run_at = @now,
      finished_at = NULL, updated_at = @now
    WHERE id = @id AND state = 'failed'`);
  // Retention: the oldest finished jobs past the age, then past the count (newest kept).
  const pruneBatch = finishedRowsPruner(
    db,
    {
      table: 'int_jobs',
      where: { done: "state = 'done'", failed: "state = 'failed'" },
      finishedAt: 'finished_at',
    },
    retention,
    () => clock.now(),
  );
  const listJobs = db.prepare(`
    SELECT * FROM int_jobs
    WHERE (@state IS NULL OR state = @state) AND (@name IS NULL OR name = @name)
    ORDER BY created_at DESC, seq DESC LIMIT @limit`);
  const counts = db.prepare('SELECT state, COUNT(*) AS count FROM int_jobs GROUP BY state');

  // Jobs that lapsed on their last attempt fail; then up to `limit` due jobs are claimed.
  const claimDue = (name: string, limit: number, now: number): JobRow[] => {
    lost.run({ name, now, lostError, owner });
    const lapsed = dueLapsed.all({ name, now, limit, owner }) as DueRow[];
    const pending = duePending.all({ name, now, limit }) as DueRow[];
    const found = lapsed.length === 0 ? pending : [...lapsed, ...pending].sort(claimOrder);
    return found.slice(0, limit).map(({ seq, id, state }) => {
      const row = claim.get({ seq, owner, now, leaseUntil: now + leaseMs }) as JobRow;
      if (state === 'running') {
        // Its worker stopped renewing the lease: crashed, killed or hung.
        logger.warn(
          { event: 'job.lease_reclaimed', job: name, jobId: id, attempt: row.attempts },
          'Job reclaimed from a worker whose lease lapsed',
        );
      }
      return row;
    });
  };

  // Writes one finished attempt; returns the log line to write once committed.
  const writeOutcome = (outcome: AttemptOutcome, now: number): (() => void) | undefined => {
    const { job } = outcome;
    if (!outcome.failed) {
      complete.run({ id: job.id, owner, now });
      return undefined;
    }
    if (CircuitOpenError.isInstance(outcome.error)) {
      // The provider's circuit is open: nothing was sent, so the attempt is given back.
      const delay = outcome.error.retryAfterMs;
      defer.run({ id: job.id, owner, now, runAt: now + delay });
      return () =>
        logger.info(
          { event: 'job.deferred', job: job.name, jobId: job.id, delayMs: delay },
          'Job deferred: its provider circuit is open',
        );
    }
    const jobError = toJobError(outcome.error);
    const message = JSON.stringify(jobError);
    if (job.attempts < job.maxAttempts) {
      const delay = nextAttemptDelay(job.attempts, outcome.error, job.backoff);
      reschedule.run({ id: job.id, owner, now, error: message, runAt: now + delay });
      return () =>
        logger.warn(
          {
            event: 'job.retry',
            job: job.name,
            jobId: job.id,
            attempt: job.attempts,
            delayMs: delay,
            error: jobError.message,
          },
          'Job attempt failed; will retry',
        );
    }
    fail.run({ id: job.id, owner, now, error: message });
    return () =>
      logger.error(
        {
          event: 'job.failed',
          job: job.name,
          jobId: job.id,
          attempts: job.attempts,
          error: jobError.message,
        },
        'Job failed after its last attempt',
      );
  };

  // One transaction for everything a worker has to write: the outcomes of the
  // attempts that finished since the last one, and the claims that refill the
  // freed slots. A finished attempt counts only once this commits; a crash
  // before that runs it again (at least once), and a committed outcome or
  // claim survives a crash (WAL).
  const settleAndClaim = db.transaction(
    (name: string, outcomes: AttemptOutcome[], limit: number) => {
      const now = clock.now();
      const logs: Array<() => void> = [];
      for (const outcome of outcomes) {
        const log = writeOutcome(outcome, now);
        if (log) logs.push(log);
      }
      return { logs, claimed: limit > 0 ? claimDue(name, limit, now) : [] };
    },
  );
  const renewAll = db.transaction((jobIds: string[]) => {
    const leaseUntil = clock.now() + leaseMs;
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
  const workers = new Map<
    string,
    { wake: () => void; stop: () => Promise<void>; busy: () => boolean }
  >();
  let closed = false;
  // Every process on the file may prune: deleting what is already gone is a no-op.
  const pruner = backgroundPruner({
    intervalMs: retention.intervalMs,
    batchSize: retention.batchSize,
    pruneBatch: () => pruneBatch.immediate(),
    onError: (error) =>
      logger.warn(
        { event: 'job.prune_failed', error: (error as Error).message },
        'Could not prune finished jobs; retrying on the next interval',
      ),
  });

  const startWorker = <Payload>(
    name: string,
    handler: JobHandler<Payload>,
    processOptions: ProcessOptions,
  ) => {
    const concurrency = processOptions.concurrency ?? 1;
    const timeoutMs = processOptions.timeoutMs;
    // Attempts whose handler runs, and finished ones whose outcome is not written yet.
    const active = new Set<Promise<void>>();
    let outcomes: AttemptOutcome[] = [];
    let stopping = false;
    let immediate: NodeJS.Immediate | undefined;
    let pollTimer: NodeJS.Timeout | undefined;

    // Coalesced: every attempt finishing in one turn of the event loop is written together.
    const wake = () => {
      if (immediate) return;
      if (pollTimer) clearTimeout(pollTimer);
      pollTimer = undefined;
      immediate = setImmediate(pump);
    };
    const poll = () => {
      if (stopping || pollTimer || immediate) return;
      pollTimer = setTimeout(() => {
        pollTimer = undefined;
        wake();
      }, pollIntervalMs);
    };

    const runAttempt = async (row: JobRow): Promise<void> => {
      const job = toJob<Payload>(row);
      const controller = new AbortController();
      const lease = heartbeat.add(job.id, () => {
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
        outcomes.push({ job, lease, error: undefined, failed: false });
      } catch (error) {
        outcomes.push({ job, lease, error, failed: true });
      } finally {
        if (timeoutTimer) clearTimeout(timeoutTimer);
      }
    };

    function pump() {
      immediate = undefined;
      const settled = outcomes;
      outcomes = [];
      const free = stopping ? 0 : concurrency - active.size;
      if (settled.length === 0 && free <= 0) return;
      let result: ReturnType<typeof settleAndClaim>;
      try {
        result = settleAndClaim.immediate(name, settled, free);
      } catch (error) {
        // Locked past busy_timeout by another process: keep the outcomes and try
        // again on the next poll (the heartbeat keeps their leases meanwhile).
        outcomes = [...settled, ...outcomes];
        logger.warn(
          { event: 'job.claim_error', job: name, error: (error as Error).message },
          'Could not write job outcomes or claim jobs; retrying',
        );
        poll();
        return;
      }
      for (const { job, lease } of settled) heartbeat.delete(job.id, lease);
      for (const log of result.logs) log();
      for (const row of result.claimed) {
        const attempt = runAttempt(row).finally(() => {
          active.delete(attempt);
          wake();
        });
        active.add(attempt);
      }
      // Fewer due jobs than free slots: look again later for jobs other processes enqueue
      // or that become due. A full claim is refilled as attempts finish.
      if (result.claimed.length < free) poll();
    }

    wake();
    workers.set(name, {
      wake,
      busy: () => active.size > 0 || outcomes.length > 0 || immediate !== undefined,
      stop: async () => {
        stopping = true;
        if (pollTimer) clearTimeout(pollTimer);
        pollTimer = undefined;
        while (active.size > 0) await Promise.allSettled([...active]);
        if (immediate) clearImmediate(immediate);
        pump();
        if (outcomes.length > 0) {
          // Still locked: the leases lapse and these attempts run again elsewhere.
          logger.error(
            { event: 'job.store_error', job: name, jobs: outcomes.length },
            'Could not record job outcomes at close; they run again when their leases lapse',
          );
        }
      },
    });
  };

  return {
    async enqueue<Payload>(name: string, payload: Payload, enqueueOptions: EnqueueOptions = {}) {
      if (closed) throw new ConfigurationError('The queue is closed.', { option: 'queue' });
      const now = clock.now();
      const id = enqueueOptions.jobId ?? randomUUID();
      const row = {
        id,
        name,
        payload: JSON.stringify(payload ?? null),
        state: 'pending' as const,
        priority: enqueueOptions.priority ?? 0,
        attempts: 0,
        max_attempts: enqueueOptions.attempts ?? defaultAttempts,
        backoff: JSON.stringify({ ...defaultBackoff, ...enqueueOptions.backoff }),
        run_at: now + Math.max(0, enqueueOptions.delayMs ?? 0),
        lease_until: null,
        last_error: null,
        created_at: now,
        updated_at: now,
        started_at: null,
        finished_at: null,
      };
      // Committed when this returns (its own transaction): an acknowledged enqueue survives a crash.
      const existing = insertOrGet({
        id,
        name,
        payload: row.payload,
        priority: row.priority,
        maxAttempts: row.max_attempts,
        backoff: row.backoff,
        runAt: row.run_at,
        now,
      });
      if (existing) return toJob<Payload>(existing);
      workers.get(name)?.wake();
      return toJob<Payload>(row);
    },
    async process<Payload>(
      name: string,
      handler: JobHandler<Payload>,
      processOptions: ProcessOptions = {},
    ) {
      if (closed) throw new ConfigurationError('The queue is closed.', { option: 'queue' });
      if (workers.has(name)) {
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
      startWorker(name, handler, processOptions);
    },
    async retry(jobId) {
      // Checked and moved under one write lock: another process cannot slip in between.
      const found = db
        .transaction(() => {
          const row = byId.get(jobId) as JobRow | undefined;
          if (!row) return false;
          assertRetryable(jobId, row.state);
          retryFailed.run({ id: jobId, now: clock.now() });
          return true;
        })
        .immediate();
      if (!found) return undefined;
      for (const worker of workers.values()) worker.wake();
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
    prune: () => pruner.prune(),
    async stats(): Promise<QueueStats> {
      const result: QueueStats = { pending: 0, running: 0, done: 0, failed: 0 };
      for (const row of counts.all() as Array<{ state: JobState; count: number }>) {
        result[row.state] = row.count;
      }
      return result;
    },
    // For tests: other processes share the file, so look every 10 ms.
    async idle() {
      const dueNow = (name: string) => {
        const now = clock.now();
        return (
          duePending.all({ name, now, limit: 1 }).length > 0 ||
          dueLapsed.all({ name, now, limit: 1, owner }).length > 0
        );
      };
      while (
        [...workers.values()].some((worker) => worker.busy()) ||
        [...workers.keys()].some(dueNow)
      ) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...workers.values()].map((worker) => worker.stop()));
      await pruner.stop();
      heartbeat.stop();
      db.close();
    },
  };
}
