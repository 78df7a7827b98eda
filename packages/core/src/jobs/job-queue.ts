import type { BackoffOptions, Job, JobState } from './job-record.js';

export interface EnqueueOptions {
  /**
   * Idempotency key: enqueueing an id that exists is a no-op that returns the
   * existing job. Default: a random UUID.
   */
  jobId?: string | undefined;
  /** Wait before the first attempt, in ms. Default 0. */
  delayMs?: number | undefined;
  /** Higher runs first. Default 0. */
  priority?: number | undefined;
  /** Attempts in total, first included. Default 3 (or the queue's default). */
  attempts?: number | undefined;
  /** Wait between attempts. Default exponential with full jitter from 1 000 ms, capped at 60 000 ms. */
  backoff?: BackoffOptions | undefined;
}

export interface JobContext<Payload = unknown> {
  /** A snapshot of the job for this attempt (`attempts` counts this one). */
  job: Job<Payload>;
  /** Aborted when the attempt times out. */
  signal: AbortSignal;
}

/**
 * Does the work. Throwing fails the attempt; an error with `retryAfterMs`
 * sets the wait before the next one.
 */
export type JobHandler<Payload = unknown> = (
  payload: Payload,
  context: JobContext<Payload>,
) => Promise<unknown> | unknown;

export interface ProcessOptions {
  /** Jobs of this name running at once. Default 1. */
  concurrency?: number | undefined;
  /** An attempt running longer fails with `TimeoutError` (and its signal aborts). Default: no limit. */
  timeoutMs?: number | undefined;
}

export interface ListOptions {
  state?: JobState | undefined;
  name?: string | undefined;
  /** Default 100. */
  limit?: number | undefined;
}

export interface QueueStats {
  pending: number;
  running: number;
  done: number;
  failed: number;
}

/**
 * A background job queue. Every method is async so that durable
 * implementations (SQLite, Redis/BullMQ) fit the same interface.
 */
export interface JobQueue {
  /** Adds a job, or returns the existing one when `jobId` is already known. */
  enqueue<Payload>(name: string, payload: Payload, options?: EnqueueOptions): Promise<Job<Payload>>;
  /** Starts running jobs of `name` with `handler`. One handler per name. */
  process<Payload>(
    name: string,
    handler: JobHandler<Payload>,
    options?: ProcessOptions,
  ): Promise<void>;
  /**
   * Runs a `failed` job again with a fresh attempt budget. A job in any other
   * state (`done`, `pending`, `running`) is a `JobStateError`, so a finished
   * job is never run twice by accident; unknown ids give undefined.
   */
  retry(jobId: string): Promise<Job | undefined>;
  get(jobId: string): Promise<Job | undefined>;
  /** Newest first. */
  list(options?: ListOptions): Promise<Job[]>;
  stats(): Promise<QueueStats>;
  /** Stops taking jobs and resolves once running attempts have finished. */
  close(): Promise<void>;
  /**
   * Resolves once this process runs nothing and no job is due now (delayed
   * jobs may still wait). For tests and scripts; int's queues all have it.
   */
  idle?(): Promise<void>;
}
