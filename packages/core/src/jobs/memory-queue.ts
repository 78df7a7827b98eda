import { type Clock, systemClock } from '../clock.js';
import { describeValue } from '../describe-value.js';
import { CircuitOpenError, ConfigurationError, TimeoutError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import * as platform from '../platform/platform.js';
import {
  backgroundPruner,
  DEFAULT_JOB_RETENTION,
  pruneOldestFinished,
  type RetentionOptions,
  resolveRetention,
} from '../retention.js';
import { nextAttemptDelay } from './job-backoff.js';
import type {
  EnqueueOptions,
  JobHandler,
  JobQueue,
  ListOptions,
  ProcessOptions,
  QueueStats,
} from './job-queue.js';
import { type BackoffOptions, type Job, toJobError } from './job-record.js';
import { assertRetryable } from './job-retry.js';

export interface MemoryQueueOptions {
  /**
   * Time source for delays, backoff and timeouts. Default `systemClock`. In
   * tests use `createTestClock({ mode: 'manual' })`: an `instant` clock ends
   * every `timeoutMs` wait at once.
   */
  clock?: Clock | undefined;
  /** Attempts per job when `enqueue` does not say. Default 3. */
  attempts?: number | undefined;
  /** Backoff when `enqueue` does not say. Default exponential from 1 000 ms, capped at 60 000 ms. */
  backoff?: BackoffOptions | undefined;
  /** Source of jitter, for exact tests. Default `Math.random`. */
  random?: (() => number) | undefined;
  /** Default `silentLogger`. */
  logger?: Logger | undefined;
  /**
   * How long finished jobs are kept (a kept job's id still dedups `enqueue`).
   * Default `DEFAULT_JOB_RETENTION`: done jobs for a day, at most 10 000;
   * failed ones for a week, at most 10 000; pruned every minute in batches of
   * 500. `false` keeps every job.
   */
  retention?: RetentionOptions | false | undefined;
}

export interface MemoryQueue extends JobQueue {
  /**
   * Resolves once nothing is running and no job is due now (delayed jobs may
   * still wait on the clock). For tests.
   */
  idle(): Promise<void>;
  /** Removes the finished jobs retention no longer keeps; resolves to how many. */
  prune(): Promise<number>;
}

interface Worker {
  handler: JobHandler<unknown>;
  concurrency: number;
  timeoutMs: number | undefined;
  running: number;
}

interface Entry {
  job: Job;
  // Breaks ties in enqueue order; timestamps can be equal on a frozen clock.
  seq: number;
}

function positiveInteger(value: number, option: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigurationError(
      `${option} must be a positive integer, got ${describeValue(value)}.`,
      {
        option,
      },
    );
  }
  return value;
}

function snapshot<Payload>(job: Job<Payload>): Job<Payload> {
  return {
    ...job,
    backoff: { ...job.backoff },
    lastError: job.lastError ? { ...job.lastError } : undefined,
  };
}

/**
 * An in-process queue for tests and single-process scripts. Jobs live in
 * memory and are lost on exit; use `@int/sqlite` or `@int/redis` to keep them.
 */
export function memoryQueue(options: MemoryQueueOptions = {}): MemoryQueue {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const logger = options.logger ?? silentLogger;
  const defaultAttempts = positiveInteger(options.attempts ?? 3, 'attempts');
  const entries = new Map<string, Entry>();
  // Pending and running jobs: what the scheduler looks at, however many finished ones are kept.
  const active = new Map<string, Entry>();
  // Finished jobs by kind, in the order they finished: the oldest are pruned first.
  const finished = { done: new Map<string, Entry>(), failed: new Map<string, Entry>() };
  const retention = resolveRetention(options.retention, DEFAULT_JOB_RETENTION);
  const workers = new Map<string, Worker>();
  const running = new Set<Promise<void>>();
  let idleWaiters: Array<() => void> = [];
  let sequence = 0;
  let closed = false;
  let pumpScheduled = false;
  let wake: { at: number; controller: AbortController } | undefined;

  const isDue = (entry: Entry, now: number) =>
    entry.job.state === 'pending' && entry.job.runAt <= now && workers.has(entry.job.name);

  const isIdle = () => {
    if (pumpScheduled || running.size > 0) return false;
    if (closed) return true;
    const now = clock.now();
    for (const entry of active.values()) if (isDue(entry, now)) return false;
    return true;
  };

  const checkIdle = () => {
    if (idleWaiters.length === 0 || !isIdle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const pickDue = (name: string, now: number): Entry | undefined => {
    let best: Entry | undefined;
    for (const entry of active.values()) {
      if (entry.job.name !== name || !isDue(entry, now)) continue;
      if (
        !best ||
        entry.job.priority > best.job.priority ||
        (entry.job.priority === best.job.priority &&
          (entry.job.runAt < best.job.runAt ||
            (entry.job.runAt === best.job.runAt && entry.seq < best.seq)))
      ) {
        best = entry;
      }
    }
    return best;
  };

  // One timer for the earliest delayed job, so waiting costs nothing per job.
  const scheduleWake = () => {
    if (closed) return;
    const now = clock.now();
    let at: number | undefined;
    for (const entry of active.values()) {
      const { job } = entry;
      if (job.state === 'pending' && job.runAt > now && workers.has(job.name)) {
        at = at === undefined ? job.runAt : Math.min(at, job.runAt);
      }
    }
    if (wake && wake.at === at) return;
    wake?.controller.abort();
    wake = undefined;
    if (at === undefined) return;
    const controller = new AbortController();
    wake = { at, controller };
    clock.sleep(at - now, controller.signal).then(
      () => {
        if (wake?.controller !== controller) return;
        wake = undefined;
        pump();
      },
      () => {},
    );
  };

  const moveToFinished = (job: Job) => {
    const entry = entries.get(job.id);
    if (!entry || (job.state !== 'done' && job.state !== 'failed')) return;
    active.delete(job.id);
    finished[job.state].set(job.id, entry);
  };

  const pruneBatch = () =>
    pruneOldestFinished(finished, retention, {
      now: clock.now(),
      finishedAt: (entry) => entry.job.finishedAt ?? clock.now(),
      forget: (id) => entries.delete(id),
    });
  const pruner = backgroundPruner({
    intervalMs: retention.intervalMs,
    batchSize: retention.batchSize,
    pruneBatch,
    onError: (error) =>
      logger.error(
        { event: 'job.prune_failed', error: (error as Error).message },
        'Pruning finished jobs failed',
      ),
  });

  const finishAttempt = (job: Job, error: unknown | undefined, failed: boolean) => {
    const now = clock.now();
    job.updatedAt = now;
    if (!failed) {
      job.state = 'done';
      job.finishedAt = now;
      moveToFinished(job);
      return;
    }
    if (CircuitOpenError.isInstance(error)) {
      // The provider's circuit is open: nothing was sent, so the attempt is given back.
      job.attempts -= 1;
      job.state = 'pending';
      job.runAt = now + error.retryAfterMs;
      logger.info(
        { event: 'job.deferred', job: job.name, jobId: job.id, delayMs: error.retryAfterMs },
        'Job deferred: its provider circuit is open',
      );
      return;
    }
    job.lastError = toJobError(error);
    if (job.attempts < job.maxAttempts) {
      const delay = nextAttemptDelay(job.attempts, error, job.backoff, random);
      job.state = 'pending';
      job.runAt = now + delay;
      logger.warn(
        {
          event: 'job.retry',
          job: job.name,
          jobId: job.id,
          attempt: job.attempts,
          delayMs: delay,
          error: job.lastError.message,
        },
        'Job attempt failed; will retry',
      );
    } else {
      job.state = 'failed';
      job.finishedAt = now;
      moveToFinished(job);
      logger.error(
        {
          event: 'job.failed',
          job: job.name,
          jobId: job.id,
          attempts: job.attempts,
          error: job.lastError.message,
        },
        'Job failed after its last attempt',
      );
    }
  };

  const runAttempt = async (job: Job, worker: Worker): Promise<void> => {
    const controller = new AbortController();
    const timer = new AbortController();
    try {
      const work = Promise.resolve().then(() =>
        worker.handler(job.payload, { job: snapshot(job), signal: controller.signal }),
      );
      if (worker.timeoutMs === undefined) {
        await work;
      } else {
        const timeoutMs = worker.timeoutMs;
        const timeout = new Promise<never>((_, reject) => {
          clock.sleep(timeoutMs, timer.signal).then(
            () => {
              const error = new TimeoutError(
                `Job ${job.name} (${job.id}) attempt ${job.attempts} exceeded ${timeoutMs} ms.`,
                { operation: job.name, timeoutMs, attempts: job.attempts },
              );
              controller.abort(error);
              reject(error);
            },
            () => {},
          );
        });
        await Promise.race([work, timeout]);
      }
      finishAttempt(job, undefined, false);
    } catch (error) {
      finishAttempt(job, error, true);
    } finally {
      timer.abort();
    }
  };

  const start = (entry: Entry, worker: Worker) => {
    const { job } = entry;
    const now = clock.now();
    job.state = 'running';
    job.attempts += 1;
    job.startedAt = now;
    job.updatedAt = now;
    worker.running += 1;
    const attempt = runAttempt(job, worker).finally(() => {
      worker.running -= 1;
      running.delete(attempt);
      pump();
    });
    running.add(attempt);
  };

  function pump() {
    pumpScheduled = false;
    if (!closed) {
      const now = clock.now();
      for (const [name, worker] of workers) {
        while (worker.running < worker.concurrency) {
          const next = pickDue(name, now);
          if (!next) break;
          start(next, worker);
        }
      }
      scheduleWake();
    }
    checkIdle();
  }

  // Coalesced so jobs enqueued in the same tick start in priority order.
  const schedulePump = () => {
    if (pumpScheduled) return;
    pumpScheduled = true;
    queueMicrotask(pump);
  };

  const assertOpen = () => {
    if (closed) throw new ConfigurationError('The job queue is closed.');
  };

  return {
    async enqueue<Payload>(name: string, payload: Payload, enqueueOptions: EnqueueOptions = {}) {
      assertOpen();
      // Checked and inserted with no await in between: concurrent callers cannot both insert.
      const id = enqueueOptions.jobId ?? platform.randomUUID();
      const existing = entries.get(id);
      if (existing) return snapshot(existing.job) as Job<Payload>;
      const now = clock.now();
      const job: Job<Payload> = {
        id,
        name,
        payload,
        state: 'pending',
        priority: enqueueOptions.priority ?? 0,
        attempts: 0,
        maxAttempts: positiveInteger(enqueueOptions.attempts ?? defaultAttempts, 'attempts'),
        backoff: { ...options.backoff, ...enqueueOptions.backoff },
        createdAt: now,
        updatedAt: now,
        runAt: now + Math.max(0, enqueueOptions.delayMs ?? 0),
      };
      const entry = { job, seq: sequence++ };
      entries.set(id, entry);
      active.set(id, entry);
      schedulePump();
      return snapshot(job);
    },

    async process<Payload>(
      name: string,
      handler: JobHandler<Payload>,
      processOptions: ProcessOptions = {},
    ) {
      assertOpen();
      if (workers.has(name)) {
        throw new ConfigurationError(`A handler for job "${name}" is already registered.`, {
          option: 'name',
        });
      }
      workers.set(name, {
        handler: handler as JobHandler<unknown>,
        concurrency: positiveInteger(processOptions.concurrency ?? 1, 'concurrency'),
        timeoutMs: processOptions.timeoutMs,
        running: 0,
      });
      schedulePump();
    },

    async retry(jobId) {
      const entry = entries.get(jobId);
      if (!entry) return undefined;
      const { job } = entry;
      assertRetryable(job.id, job.state);
      finished.failed.delete(jobId);
      active.set(jobId, entry);
      const now = clock.now();
      job.state = 'pending';
      job.attempts = 0;
      job.runAt = now;
      job.updatedAt = now;
      job.finishedAt = undefined;
      schedulePump();
      return snapshot(job);
    },

    async get(jobId) {
      const entry = entries.get(jobId);
      return entry ? snapshot(entry.job) : undefined;
    },

    async list(listOptions: ListOptions = {}) {
      const limit = listOptions.limit ?? 100;
      return [...entries.values()]
        .filter(
          ({ job }) =>
            (listOptions.state === undefined || job.state === listOptions.state) &&
            (listOptions.name === undefined || job.name === listOptions.name),
        )
        .sort((a, b) => b.job.createdAt - a.job.createdAt || b.seq - a.seq)
        .slice(0, limit)
        .map(({ job }) => snapshot(job));
    },

    async stats() {
      const stats: QueueStats = { pending: 0, running: 0, done: 0, failed: 0 };
      for (const { job } of entries.values()) stats[job.state] += 1;
      return stats;
    },

    async close() {
      closed = true;
      await pruner.stop();
      wake?.controller.abort();
      wake = undefined;
      while (running.size > 0) await Promise.allSettled([...running]);
      checkIdle();
    },

    prune: () => pruner.prune(),

    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        checkIdle();
      });
    },
  };
}
