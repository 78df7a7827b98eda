// TEMPORARY stand-in for the core job and inbox interfaces that land with the
// `webhooks-jobs` merge; replaced by imports from @int/core after the merge.

export type JobState = 'pending' | 'running' | 'done' | 'failed';
export interface JobError {
  name: string;
  message: string;
  stack?: string | undefined;
}
export interface BackoffOptions {
  type?: 'exponential' | 'fixed';
  delayMs?: number;
  maxDelayMs?: number;
}
export interface Job<Payload = unknown> {
  id: string;
  name: string;
  payload: Payload;
  state: JobState;
  priority: number;
  attempts: number;
  maxAttempts: number;
  backoff: BackoffOptions;
  lastError?: JobError | undefined;
  createdAt: number;
  updatedAt: number;
  runAt: number;
  startedAt?: number | undefined;
  finishedAt?: number | undefined;
}
export interface EnqueueOptions {
  jobId?: string;
  delayMs?: number;
  priority?: number;
  attempts?: number;
  backoff?: BackoffOptions;
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
  name?: string;
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
  process<Payload>(
    name: string,
    handler: JobHandler<Payload>,
    options?: ProcessOptions,
  ): Promise<void>;
  retry(jobId: string): Promise<Job | undefined>;
  get(jobId: string): Promise<Job | undefined>;
  list(options?: ListOptions): Promise<Job[]>;
  stats(): Promise<QueueStats>;
  close(): Promise<void>;
}
export function toJobError(error: unknown): JobError {
  if (error instanceof Error)
    return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'NonError', message: typeof error === 'string' ? error : String(error) };
}
export function nextAttemptDelay(
  attempt: number,
  error: unknown,
  backoff: BackoffOptions | undefined,
  random: () => number = Math.random,
): number {
  const hinted = (error as { retryAfterMs?: unknown } | null | undefined)?.retryAfterMs;
  if (typeof hinted === 'number' && Number.isFinite(hinted) && hinted >= 0) return hinted;
  const delayMs = backoff?.delayMs ?? 1_000;
  const maxDelayMs = backoff?.maxDelayMs ?? 60_000;
  if (backoff?.type === 'fixed') return Math.min(delayMs, maxDelayMs);
  return Math.floor(random() * Math.min(maxDelayMs, delayMs * 2 ** Math.max(0, attempt - 1)));
}

export type InboxEventState = 'received' | 'processing' | 'processed' | 'failed' | 'ignored';
export interface InboxEvent {
  provider: string;
  eventId: string;
  type: string;
  payload: unknown;
  rawBody: string;
  headers: Record<string, string>;
  state: InboxEventState;
  attempts: number;
  error?: JobError | undefined;
  receivedAt: number;
  updatedAt: number;
  processedAt?: number | undefined;
}
export type InboxEventPatch = Partial<
  Pick<InboxEvent, 'state' | 'attempts' | 'error' | 'processedAt'>
>;
export interface InboxListOptions {
  state?: InboxEventState;
  provider?: string;
  eventId?: string;
  limit?: number;
}
export interface InboxStore {
  insertIfAbsent(event: InboxEvent): Promise<boolean>;
  get(provider: string, eventId: string): Promise<InboxEvent | undefined>;
  update(
    provider: string,
    eventId: string,
    patch: InboxEventPatch & { updatedAt: number },
  ): Promise<InboxEvent | undefined>;
  list(options?: InboxListOptions): Promise<InboxEvent[]>;
}
