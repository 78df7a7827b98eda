import { randomUUID } from 'node:crypto';
import {
  assertRetryable,
  type BackoffOptions,
  backgroundPruner,
  CircuitOpenError,
  ConfigurationError,
  DEFAULT_JOB_RETENTION,
  type EnqueueOptions,
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
  TimeoutError,
} from '@int/core';
import { type Job as BullJob, DelayedError, type JobType, Queue, Worker } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { bullmqPruner } from './bullmq-retention.js';

/**
 * An attempt that met an open provider circuit sent nothing: the job goes back
 * to delayed until the next probe, and BullMQ counts no attempt for it
 * (`DelayedError`). Any other error is thrown on as the attempt's failure.
 */
async function deferWhenCircuitOpen(
  error: unknown,
  bullJob: BullJob,
  token: string | undefined,
  logger: Logger,
): Promise<never> {
  if (!CircuitOpenError.isInstance(error) || token === undefined) throw error;
  await bullJob.moveToDelayed(Date.now() + error.retryAfterMs, token);
  logger.info(
    {
      event: 'job.deferred',
      job: bullJob.name,
      jobId: decodeJobId(bullJob.id ?? ''),
      delayMs: error.retryAfterMs,
    },
    'Job deferred: its provider circuit is open',
  );
  throw new DelayedError();
}

export interface BullmqQueueOptions {
  /**
   * Where BullMQ connects: ioredis options (`{ host, port, password }`), or an
   * ioredis `Redis` created with `maxRetriesPerRequest: null` (BullMQ's rule
   * for workers) and without `keyPrefix`.
   */
  connection: RedisOptions | Redis;
  /** BullMQ key prefix. Default `int`. */
  prefix?: string | undefined;
  /** Attempts per job when `enqueue` does not say. Default 3. */
  attempts?: number | undefined;
  /** Backoff when `enqueue` does not say. Default exponential with full jitter from 1 000 ms. */
  backoff?: BackoffOptions | undefined;
  /** Largest backoff delay, for every job. Default 60 000 ms. */
  maxBackoffMs?: number | undefined;
  /**
   * BullMQ `lockDuration`: a job whose worker stops renewing its lock this
   * long is stalled, and runs again once a worker's stalled check sees it.
   * Default 3 000 ms (BullMQ's own is 30 000): with the 1 s check below, a
   * crashed worker's jobs run again within about 4 s. A handler that blocks the
   * event loop for longer than `lockDurationMs - lockRenewMs` may lose its job
   * to another worker; raise both for CPU-bound handlers.
   */
  lockDurationMs?: number | undefined;
  /** BullMQ `lockRenewTime`: how often a running job's lock is renewed. Default 1 000 ms (a third of `lockDurationMs` when that is lower). */
  lockRenewMs?: number | undefined;
  /** BullMQ `stalledInterval`: how often workers look for stalled jobs. Default 1 000 ms (BullMQ's own is 30 000). */
  stalledIntervalMs?: number | undefined;
  /** Receives `job.retry` and `job.failed` lines. Default `silentLogger`. */
  logger?: Logger | undefined;
  /** BullMQ `maxStalledCount`: stalls after which a job fails instead of running again. Default 1. */
  maxStalledCount?: number | undefined;
  /**
   * How long finished jobs are kept (a kept job's id still dedups `enqueue`).
   * Default core's `DEFAULT_JOB_RETENTION`: completed jobs for a day, at most
   * 10 000 per job name; failed ones for a week, at most 10 000 per name;
   * pruned every minute with BullMQ's `Queue.clean`, 500 at a time. `false`
   * keeps every job (BullMQ's own default).
   */
  retention?: RetentionOptions | false | undefined;
}

export interface BullmqQueue extends JobQueue {
  /** Removes the finished jobs retention no longer keeps, in batches; resolves to how many. */
  prune(): Promise<number>;
}

// BullMQ runs lower numbers first and jobs without a priority before all
// prioritized ones; every job gets one so `priority` (higher first) holds.
const PRIORITY_BASE = 1_000_000;
const PRIORITY_LIMIT = 2_097_152;
const toBullPriority = (priority: number) =>
  Math.min(PRIORITY_LIMIT, Math.max(1, PRIORITY_BASE - Math.trunc(priority)));
const fromBullPriority = (priority: number | undefined) =>
  priority ? PRIORITY_BASE - priority : 0;

// BullMQ refuses custom ids that are integers or contain ':'; ours allow both.
const encodeJobId = (id: string) => {
  const escaped = id.replace(
    /[%:#]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return /^\d+$/.test(escaped) ? `#${escaped}` : escaped;
};
const decodeJobId = (id: string) =>
  id
    .replace(/^#/, '')
    .replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

const STATE_TYPES: Record<JobState, JobType[]> = {
  pending: ['waiting', 'delayed', 'prioritized', 'paused', 'waiting-children'],
  running: ['active'],
  done: ['completed'],
  failed: ['failed'],
};

function stateOf(bullState: string): JobState {
  if (bullState === 'active') return 'running';
  if (bullState === 'completed') return 'done';
  if (bullState === 'failed') return 'failed';
  return 'pending';
}

// BullMQ keeps the message and the stacks; the error's name is the stack's first word.
function lastErrorOf(job: BullJob): JobError | undefined {
  if (!job.failedReason) return undefined;
  const stack = job.stacktrace?.[job.stacktrace.length - 1] ?? undefined;
  const name = stack?.match(/^([A-Za-z_$][\w$]*)(?::|\n|$)/)?.[1] ?? 'Error';
  return { name, message: job.failedReason, stack };
}

function backoffOf(job: BullJob, maxDelayMs: number): BackoffOptions {
  const backoff = typeof job.opts.backoff === 'object' ? job.opts.backoff : undefined;
  return {
    type: backoff?.type === 'int-fixed' ? 'fixed' : 'exponential',
    delayMs: backoff?.delay ?? 1_000,
    maxDelayMs,
  };
}

function toJob<Payload>(job: BullJob, state: JobState, maxDelayMs: number): Job<Payload> {
  const createdAt = job.timestamp;
  return {
    id: decodeJobId(job.id ?? ''),
    name: job.name,
    payload: job.data as Payload,
    state,
    attempts: Math.max(job.attemptsStarted ?? 0, job.attemptsMade),
    maxAttempts: job.opts.attempts ?? 1,
    priority: fromBullPriority(job.opts.priority),
    backoff: backoffOf(job, maxDelayMs),
    lastError: lastErrorOf(job),
    createdAt,
    updatedAt: job.finishedOn ?? job.processedOn ?? createdAt,
    runAt: createdAt + (job.opts.delay ?? 0),
    startedAt: job.processedOn ?? undefined,
    finishedAt: state === 'done' || state === 'failed' ? (job.finishedOn ?? undefined) : undefined,
  };
}

/**
 * A `JobQueue` on BullMQ: one BullMQ queue per job name (so each name has its
 * own workers and concurrency), a Redis hash from job id to name for
 * `get`/`retry`, and backoff that honours a job error's `retryAfterMs`.
 */
export function bullmqQueue(options: BullmqQueueOptions): BullmqQueue {
  if (!options?.connection) {
    throw new ConfigurationError('bullmqQueue needs a `connection` (ioredis options or client).', {
      option: 'connection',
    });
  }
  const { connection } = options;
  const prefix = options.prefix ?? 'int';
  const logger = options.logger ?? silentLogger;
  const defaultAttempts = options.attempts ?? 3;
  const defaultBackoff = options.backoff ?? {};
  const maxBackoffMs = options.maxBackoffMs ?? options.backoff?.maxDelayMs ?? 60_000;
  const lockDurationMs = options.lockDurationMs ?? 3_000;
  const lockRenewMs = options.lockRenewMs ?? Math.min(1_000, Math.floor(lockDurationMs / 3));
  const stalledIntervalMs = options.stalledIntervalMs ?? 1_000;
  if (!(lockRenewMs > 0) || lockRenewMs >= lockDurationMs || !(stalledIntervalMs > 0)) {
    throw new ConfigurationError(
      `lockRenewMs (${lockRenewMs}) must be positive and below lockDurationMs (${lockDurationMs}); stalledIntervalMs must be positive.`,
      { option: 'lockRenewMs' },
    );
  }
  const ownsClient = !(connection instanceof Redis);
  const client =
    connection instanceof Redis ? connection : new Redis({ ...connection, lazyConnect: false });
  const namesKey = `${prefix}:int:names`;
  const idsKey = `${prefix}:int:job-names`;
  const queues = new Map<string, Queue>();
  const workers: Worker[] = [];
  const handled = new Set<string>();
  let closed = false;

  const queueFor = (name: string): Queue => {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection, prefix });
      queues.set(name, queue);
    }
    return queue;
  };

  const knownNames = async (): Promise<string[]> => client.smembers(namesKey);

  const find = async (jobId: string): Promise<{ job: BullJob; state: JobState } | undefined> => {
    const name = await client.hget(idsKey, jobId);
    if (name === null) return undefined;
    const job = await queueFor(name).getJob(encodeJobId(jobId));
    if (!job) return undefined;
    return { job, state: stateOf(await job.getState()) };
  };

  const retention = resolveRetention(options.retention, DEFAULT_JOB_RETENTION);
  const pruner = backgroundPruner({
    intervalMs: retention.intervalMs,
    batchSize: retention.batchSize,
    pruneBatch: bullmqPruner({
      client,
      retention,
      idsKey,
      names: knownNames,
      queueFor,
      jobKey: (name, bullJobId) => queueFor(name).toKey(bullJobId),
      encodeJobId,
      decodeJobId,
      now: Date.now,
    }),
    onError: (error) =>
      logger.warn(
        { event: 'job.prune_failed', error: (error as Error).message },
        'Could not prune finished jobs; retrying on the next interval',
      ),
  });

  const ensureOpen = () => {
    if (closed) throw new ConfigurationError('The queue is closed.', { option: 'queue' });
  };

  return {
    async enqueue<Payload>(name: string, payload: Payload, enqueueOptions: EnqueueOptions = {}) {
      ensureOpen();
      const jobId = enqueueOptions.jobId ?? randomUUID();
      const [[, claimed]] = (await client
        .multi()
        .hsetnx(idsKey, jobId, name)
        .sadd(namesKey, name)
        .exec()) as [[Error | null, number], [Error | null, number]];
      if (claimed === 0) {
        // Same id seen before: a no-op, unless a crash left the id without its job.
        const existing = await find(jobId);
        if (existing) return toJob<Payload>(existing.job, existing.state, maxBackoffMs);
      }
      const backoff = { ...defaultBackoff, ...enqueueOptions.backoff };
      const job = await queueFor(name).add(name, payload, {
        jobId: encodeJobId(jobId),
        delay: Math.max(0, enqueueOptions.delayMs ?? 0),
        priority: toBullPriority(enqueueOptions.priority ?? 0),
        attempts: enqueueOptions.attempts ?? defaultAttempts,
        backoff: {
          type: backoff.type === 'fixed' ? 'int-fixed' : 'int-exponential',
          delay: backoff.delayMs ?? 1_000,
        },
      });
      return toJob<Payload>(job, 'pending', maxBackoffMs);
    },

    async process<Payload>(
      name: string,
      handler: JobHandler<Payload>,
      processOptions: ProcessOptions = {},
    ) {
      ensureOpen();
      if (handled.has(name)) {
        throw new ConfigurationError(`A handler for job "${name}" is already registered.`, {
          option: 'name',
        });
      }
      handled.add(name);
      const timeoutMs = processOptions.timeoutMs;
      const worker = new Worker(
        name,
        async (bullJob, token, bullSignal) => {
          const job = toJob<Payload>(bullJob, 'running', maxBackoffMs);
          const controller = new AbortController();
          const signal = bullSignal
            ? AbortSignal.any([controller.signal, bullSignal])
            : controller.signal;
          const work = Promise.resolve()
            .then(() => handler(job.payload, { job, signal }))
            .catch((error: unknown) => deferWhenCircuitOpen(error, bullJob, token, logger));
          if (timeoutMs === undefined) return work;
          let timer: NodeJS.Timeout | undefined;
          const timedOut = new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              const error = new TimeoutError(
                `Job ${name} (${job.id}) attempt ${job.attempts} exceeded ${timeoutMs} ms.`,
                { operation: name, timeoutMs, attempts: job.attempts },
              );
              controller.abort(error);
              reject(error);
            }, timeoutMs);
          });
          try {
            return await Promise.race([work, timedOut]);
          } finally {
            clearTimeout(timer);
          }
        },
        {
          connection,
          prefix,
          concurrency: processOptions.concurrency ?? 1,
          lockDuration: lockDurationMs,
          lockRenewTime: lockRenewMs,
          stalledInterval: stalledIntervalMs,
          ...(options.maxStalledCount !== undefined && {
            maxStalledCount: options.maxStalledCount,
          }),
          settings: {
            backoffStrategy: (attemptsMade, _type, error, bullJob) =>
              nextAttemptDelay(
                attemptsMade,
                error,
                bullJob ? backoffOf(bullJob as BullJob, maxBackoffMs) : undefined,
              ),
          },
        },
      );
      // Connection errors are retried by ioredis; without a listener Node would throw them.
      worker.on('error', (error) =>
        logger.warn(
          { event: 'job.worker_error', job: name, error: error.message },
          'BullMQ worker error',
        ),
      );
      // This worker's stalled check found a job whose worker stopped renewing its lock.
      worker.on('stalled', (bullJobId) =>
        logger.warn(
          { event: 'job.lease_reclaimed', job: name, jobId: decodeJobId(bullJobId) },
          'Job reclaimed from a worker whose lock lapsed',
        ),
      );
      // This worker was too slow to renew: another worker may run the job now.
      worker.on('lockRenewalFailed', (bullJobIds) => {
        for (const bullJobId of bullJobIds) {
          const jobId = decodeJobId(bullJobId);
          logger.warn(
            { event: 'job.lease_lost', job: name, jobId },
            'Job lock lost to another worker; aborting this attempt',
          );
          worker.cancelJob(bullJobId, `Job ${name} (${jobId}) lost its lock to another worker.`);
        }
      });
      worker.on('failed', (bullJob, error) => {
        if (!bullJob) return;
        const attempts = Math.max(bullJob.attemptsStarted ?? 0, bullJob.attemptsMade);
        const maxAttempts = bullJob.opts.attempts ?? 1;
        const jobId = decodeJobId(bullJob.id ?? '');
        if (attempts < maxAttempts) {
          logger.warn(
            { event: 'job.retry', job: name, jobId, attempt: attempts, error: error.message },
            'Job attempt failed; will retry',
          );
        } else {
          logger.error(
            { event: 'job.failed', job: name, jobId, attempts, error: error.message },
            'Job failed after its last attempt',
          );
        }
      });
      workers.push(worker);
    },

    async retry(jobId) {
      const found = await find(jobId);
      if (!found) return undefined;
      assertRetryable(jobId, found.state);
      // BullMQ moves the job only from the failed set; a job that left it meanwhile throws.
      await found.job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      const after = await find(jobId);
      if (!after) return undefined;
      // A snapshot as of the retry: a fast worker may already be running it.
      return toJob(after.job, 'pending', maxBackoffMs);
    },

    async get(jobId) {
      const found = await find(jobId);
      return found ? toJob(found.job, found.state, maxBackoffMs) : undefined;
    },

    async list(listOptions: ListOptions = {}) {
      const limit = listOptions.limit ?? 100;
      const states: JobState[] = listOptions.state
        ? [listOptions.state]
        : ['pending', 'running', 'done', 'failed'];
      const jobs: Job[] = [];
      const names = listOptions.name ? [listOptions.name] : await knownNames();
      for (const name of names) {
        const queue = queueFor(name);
        for (const state of states) {
          const found = await queue.getJobs(STATE_TYPES[state], 0, limit - 1);
          for (const job of found) if (job) jobs.push(toJob(job, state, maxBackoffMs));
        }
      }
      return jobs.sort((a, b) => b.createdAt - a.createdAt).slice(0, limit);
    },

    prune: () => pruner.prune(),

    async stats(): Promise<QueueStats> {
      const result: QueueStats = { pending: 0, running: 0, done: 0, failed: 0 };
      for (const name of await knownNames()) {
        const counts = await queueFor(name).getJobCounts(
          ...STATE_TYPES.pending,
          'active',
          'completed',
          'failed',
        );
        for (const [type, count] of Object.entries(counts)) {
          result[stateOf(type)] += count;
        }
      }
      return result;
    },

    // For tests: BullMQ has no idle event, so look every 20 ms.
    async idle() {
      const busy = async () =>
        (
          await Promise.all(
            workers.map((worker) =>
              queueFor(worker.name).getJobCounts('active', 'wait', 'prioritized'),
            ),
          )
        ).some((counts) => Object.values(counts).some((count) => count > 0));
      while (await busy()) await new Promise((resolve) => setTimeout(resolve, 20));
    },

    async close() {
      if (closed) return;
      closed = true;
      await pruner.stop();
      await Promise.all(workers.map((worker) => worker.close()));
      await Promise.all([...queues.values()].map((queue) => queue.close()));
      if (ownsClient) await client.quit();
    },
  };
}
