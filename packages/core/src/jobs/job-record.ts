/**
 * The stored shape of a job, shared by every queue (memory, SQLite, BullMQ):
 * plain data with epoch-millisecond times so it serialises as is.
 */

export type JobState = 'pending' | 'running' | 'done' | 'failed';

/** An error as kept on a job: plain data, so durable queues can store it. */
export interface JobError {
  name: string;
  message: string;
  stack?: string | undefined;
}

export interface BackoffOptions {
  /** `exponential` (full jitter) or `fixed`. Default `exponential`. */
  type?: 'exponential' | 'fixed' | undefined;
  /** First delay ceiling (exponential) or the delay (fixed), in ms. Default 1 000. */
  delayMs?: number | undefined;
  /** Largest delay, in ms. Default 60 000. */
  maxDelayMs?: number | undefined;
}

export interface Job<Payload = unknown> {
  id: string;
  /** The queue name a handler is registered for with `process(name, ...)`. */
  name: string;
  payload: Payload;
  state: JobState;
  /** Higher runs first; equal priorities run in `runAt`, then enqueue, order. */
  priority: number;
  /** Attempts started so far. */
  attempts: number;
  /** Attempts allowed before the job is `failed`. */
  maxAttempts: number;
  backoff: BackoffOptions;
  /** The error of the latest failed attempt; kept after a later success, for diagnosis. */
  lastError?: JobError | undefined;
  createdAt: number;
  updatedAt: number;
  /** Earliest time the next attempt may start. */
  runAt: number;
  /** Start of the latest attempt. */
  startedAt?: number | undefined;
  /** When the job reached `done` or `failed`. */
  finishedAt?: number | undefined;
}

/** Keeps name, message and stack; drops everything else (it may hold secrets or cycles). */
export function toJobError(error: unknown): JobError {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, stack: error.stack };
  }
  return { name: 'NonError', message: typeof error === 'string' ? error : String(error) };
}
