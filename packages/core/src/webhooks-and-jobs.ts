/**
 * The public names of webhooks and background jobs, gathered here so that
 * `index.ts` re-exports them in one sorted statement.
 */
export { JobStateError, PayloadTooLargeError } from './errors.js';
export {
  DEFAULT_JOB_BACKOFF,
  jobBackoffDelay,
  nextAttemptDelay,
  retryAfterFromError,
} from './jobs/job-backoff.js';
export type {
  EnqueueOptions,
  JobContext,
  JobHandler,
  JobQueue,
  ListOptions,
  ProcessOptions,
  QueueStats,
} from './jobs/job-queue.js';
export {
  type BackoffOptions,
  type Job,
  type JobError,
  type JobState,
  toJobError,
} from './jobs/job-record.js';
export { assertRetryable } from './jobs/job-retry.js';
export { type MemoryQueue, type MemoryQueueOptions, memoryQueue } from './jobs/memory-queue.js';
export {
  type BackgroundPruner,
  backgroundPruner,
  DEFAULT_INBOX_RETENTION,
  DEFAULT_JOB_RETENTION,
  type ResolvedRetention,
  type RetentionOptions,
  type RetentionRule,
  resolveRetention,
} from './retention.js';
export { timingSafeEqual } from './webhooks/byte-encoding.js';
export {
  type ComputeHmacOptions,
  computeHmac,
  type HmacAlgorithm,
  type SignatureEncoding,
  signHmac,
  type VerifyHmacOptions,
  verifyHmac,
} from './webhooks/hmac.js';
export {
  DEFAULT_MEMORY_INBOX_RETENTION,
  type InboxEvent,
  type InboxEventPatch,
  type InboxEventState,
  type InboxListOptions,
  type InboxStore,
  type MemoryInboxStore,
  type MemoryInboxStoreOptions,
  memoryInboxStore,
  retentionKindOf,
} from './webhooks/inbox-store.js';
export {
  DEFAULT_MAX_BODY_BYTES,
  type NodeRequestLike,
  type ReadRawBodyOptions,
  readNodeRawBody,
  readRawBody,
} from './webhooks/raw-body.js';
export {
  assertRawPayload,
  isRawPayload,
  prefixedPayload,
  type RawPayload,
  toText,
} from './webhooks/raw-payload.js';
export { signatureHeaderFields } from './webhooks/signature-header.js';
export {
  DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
  type SignStandardWebhookOptions,
  type StandardWebhookHeaders,
  signStandardWebhook,
  type VerifiedStandardWebhook,
  type VerifyStandardWebhookOptions,
  verifyStandardWebhook,
} from './webhooks/standard-webhooks.js';
export { readHeader, type WebhookHeaders } from './webhooks/webhook-headers.js';
export {
  createNodeWebhookHandler,
  createWebhookRequestHandler,
  type NodeResponseLike,
  type WebhookHttpHandlerOptions,
} from './webhooks/webhook-http-handlers.js';
export {
  createWebhookInbox,
  type ReceiveResult,
  type ReplayOptions,
  type WebhookEvent,
  type WebhookHandler,
  type WebhookHandlerContext,
  type WebhookHandlers,
  type WebhookInbox,
  type WebhookInboxOptions,
} from './webhooks/webhook-inbox.js';
export { checkWebhookTimestamp, type WebhookTimestampCheck } from './webhooks/webhook-timestamp.js';
export {
  type StandardWebhookVerifierOptions,
  standardWebhookVerifier,
  type VerifiedWebhookEvent,
  type WebhookVerifier,
} from './webhooks/webhook-verifier.js';
