import { randomUUID } from 'node:crypto';
import { ConfigurationError, TimeoutError } from '@int/core';
import { type Job as BullJob, type JobType, Queue, Worker } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import type {
  BackoffOptions,
  EnqueueOptions,
  Job,
  JobHandler,
  JobQueue,
  JobState,
  ListOptions,
  ProcessOptions,
  QueueStats,
} from './core-stand-in.js';
import { backoffDelayFor } from './job-backoff.js';

export interface BullmqQueueOptions {
  /**
   * Where BullMQ connects: ioredis options (`{ host, port, password }`), or an
   * ioredis `Redis` created with `maxRetriesPerRequest: null` (BullMQ's rule
   * for workers) and without `keyPrefix`.
   */
  connection: RedisOptions | Redis;
  /** BullMQ key prefix. Default `int`. */
  prefix?: string;
  /** Attempts per job when `enqueue` does not say. Default 3. */
  attempts?: number;
  /** Backoff when `enqueue` does not say. Default exponential from 1 000 ms. */
  backoff?: BackoffOptions;
  /** Largest backoff delay, for every job. Default 60 000 ms. */
  maxBackoffMs?: number;
  /** BullMQ `lockDuration`: a job whose worker stops renewing its lock this long is stalled. Default 30 000 ms. */
  lockDurationMs?: number;
  /** BullMQ `stalledInterval`: how often workers look for stalled jobs. Default 30 000 ms. */
  stalledIntervalMs?: number;
  /** BullMQ `maxStalledCount`: stalls after which a job fails instead of running again. Default 1. */
  maxStalledCount?: number;
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

function toJob<Payload>(job: BullJob, state: JobState): Job<Payload> {
  const createdAt = job.timestamp;
  return {
    id: decodeJobId(job.id ?? ''),
    name: job.name,
    payload: job.data as Payload,
    state,
    attempts: Math.max(job.attemptsStarted ?? 0, job.attemptsMade),
    maxAttempts: job.opts.attempts ?? 1,
    priority: fromBullPriority(job.opts.priority),
    error: job.failedReason || undefined,
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
export function bullmqQueue(options: BullmqQueueOptions): JobQueue {
  if (!options?.connection) {
    throw new ConfigurationError('bullmqQueue needs a `connection` (ioredis options or client).', {
      option: 'connection',
    });
  }
  const { connection } = options;
  const prefix = options.prefix ?? 'int';
  const defaultAttempts = options.attempts ?? 3;
  const defaultBackoff = options.backoff ?? { type: 'exponential', delayMs: 1_000 };
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const ownsClient = !(connection instanceof Redis);
  const client =
    connection instanceof Redis ? connection : new Redis({ ...connection, lazyConnect: false });
  const namesKey = `${prefix}:int:names`;
  const idsKey = `${prefix}:int:job-names`;
  const queues = new Map<string, Queue>();
  const workers: Worker[] = [];
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
        if (existing) return toJob<Payload>(existing.job, existing.state);
      }
      const backoff = enqueueOptions.backoff ?? defaultBackoff;
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
      return toJob<Payload>(job, 'pending');
    },

    process<Payload>(
      name: string,
      handler: JobHandler<Payload>,
      processOptions: ProcessOptions = {},
    ) {
      ensureOpen();
      const timeoutMs = processOptions.timeoutMs;
      const worker = new Worker(
        name,
        async (bullJob, _token, bullSignal) => {
          const job = toJob<Payload>(bullJob, 'running');
          const controller = new AbortController();
          const signal = bullSignal
            ? AbortSignal.any([controller.signal, bullSignal])
            : controller.signal;
          const work = Promise.resolve().then(() => handler(job.payload, { job, signal }));
          if (timeoutMs === undefined) return work;
          let timer: NodeJS.Timeout | undefined;
          const timedOut = new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              const error = new TimeoutError(`Job ${job.id} (${name}) ran past ${timeoutMs} ms.`, {
                operation: `job.${name}`,
                timeoutMs,
              });
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
          ...(options.lockDurationMs !== undefined && { lockDuration: options.lockDurationMs }),
          ...(options.stalledIntervalMs !== undefined && {
            stalledInterval: options.stalledIntervalMs,
          }),
          ...(options.maxStalledCount !== undefined && {
            maxStalledCount: options.maxStalledCount,
          }),
          settings: {
            backoffStrategy: (attemptsMade, type, error, bullJob) =>
              backoffDelayFor(
                attemptsMade,
                {
                  type: type === 'int-fixed' ? 'fixed' : 'exponential',
                  delayMs:
                    bullJob?.opts.backoff && typeof bullJob.opts.backoff === 'object'
                      ? bullJob.opts.backoff.delay
                      : 1_000,
                  maxDelayMs: maxBackoffMs,
                },
                error,
              ),
          },
        },
      );
      // Errors reach BullMQ's own events; without a listener Node would throw them.
      worker.on('error', () => undefined);
      workers.push(worker);
    },

    async retry(jobId) {
      const found = await find(jobId);
      if (!found) return undefined;
      if (found.state === 'failed') await found.job.retry('failed');
      const after = await find(jobId);
      return after ? toJob(after.job, after.state) : undefined;
    },

    async get(jobId) {
      const found = await find(jobId);
      return found ? toJob(found.job, found.state) : undefined;
    },

    async list(listOptions: ListOptions = {}) {
      const limit = listOptions.limit ?? 100;
      const states: JobState[] = listOptions.state
        ? [listOptions.state]
        : ['pending', 'running', 'done', 'failed'];
      const jobs: Job[] = [];
      for (const name of await knownNames()) {
        const queue = queueFor(name);
        for (const state of states) {
          const found = await queue.getJobs(STATE_TYPES[state], 0, limit - 1);
          for (const job of found) if (job) jobs.push(toJob(job, state));
        }
      }
      return jobs.sort((a, b) => b.updatedAt - a.updatedAt).slice(0, limit);
    },

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

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(workers.map((worker) => worker.close()));
      await Promise.all([...queues.values()].map((queue) => queue.close()));
      if (ownsClient) await client.quit();
    },
  };
}
