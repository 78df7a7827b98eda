// TEMPORARY stand-in for the core interfaces that land with the `webhooks-jobs`
// merge; replaced by imports from @int/core after the merge.

export type JobState = 'pending' | 'running' | 'done' | 'failed';
export interface BackoffOptions {
  type?: 'exponential' | 'fixed';
  delayMs?: number;
  maxDelayMs?: number;
}
export interface EnqueueOptions {
  jobId?: string;
  delayMs?: number;
  priority?: number;
  attempts?: number;
  backoff?: BackoffOptions;
}
export interface Job<Payload = unknown> {
  id: string;
  name: string;
  payload: Payload;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  priority: number;
  error?: string | undefined;
  createdAt: number;
  updatedAt: number;
  runAt: number;
  startedAt?: number | undefined;
  finishedAt?: number | undefined;
}
export interface JobContext<Payload = unknown> {
  job: Job<Payload>;
  signal: AbortSignal;
}
export type JobHandler<Payload = unknown> = (
  payload: Payload,
  context: JobContext<Payload>,
) => Promise<unknown> | unknown;
export interface ProcessOptions {
  concurrency?: number;
  timeoutMs?: number;
}
export interface ListOptions {
  state?: JobState;
  limit?: number;
}
export interface QueueStats {
  pending: number;
  running: number;
  done: number;
  failed: number;
}
export interface JobQueue {
  enqueue<Payload>(name: string, payload: Payload, options?: EnqueueOptions): Promise<Job<Payload>>;
  process<Payload>(name: string, handler: JobHandler<Payload>, options?: ProcessOptions): void;
  retry(jobId: string): Promise<Job | undefined>;
  get(jobId: string): Promise<Job | undefined>;
  list(options?: ListOptions): Promise<Job[]>;
  stats(): Promise<QueueStats>;
  close(): Promise<void>;
}

export interface InboxEvent {
  provider: string;
  eventId: string;
  type: string;
  rawBody: string;
  headers?: Record<string, string> | undefined;
  receivedAt: number;
}
export type InboxStatus = 'received' | 'queued' | 'processed' | 'unknown' | 'failed';
export interface InboxRecord extends InboxEvent {
  status: InboxStatus;
  error?: string | undefined;
  updatedAt: number;
}
export interface InboxStore {
  /** Stores the event unless one with the same provider + id exists; true when new. */
  put(event: InboxEvent): Promise<boolean>;
  get(provider: string, eventId: string): Promise<InboxRecord | undefined>;
  mark(provider: string, eventId: string, status: InboxStatus, error?: string): Promise<void>;
  list(options?: { status?: InboxStatus; limit?: number }): Promise<InboxRecord[]>;
}
