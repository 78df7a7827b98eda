export type { AuthRequest, AuthStrategy } from './auth-strategy.js';
export { type Clock, systemClock } from './clock.js';
export {
  type ApiErrorContext,
  apiErrorClassFor,
  defaultErrorParser,
  type ErrorResponseInfo,
  type ProviderErrorDetails,
} from './error-classification.js';
export {
  AbortError,
  ApiError,
  type ApiErrorOptions,
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  ConflictError,
  ConnectionError,
  IntegrationError,
  type IntegrationErrorOptions,
  NotFoundError,
  PermissionDeniedError,
  QuotaExceededError,
  type QuotaExceededErrorOptions,
  RateLimitError,
  ResponseParseError,
  ServerError,
  TimeoutError,
  UnprocessableEntityError,
  ValidationError,
  type ValidationIssue,
  WebhookVerificationError,
  type WebhookVerificationFailure,
} from './errors.js';
export { encodeForm, formPairs } from './form-encoding.js';
export {
  createHttpClient,
  type HttpClient,
  type HttpClientHooks,
  type HttpClientOptions,
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
  type RequestEventInfo,
  type ResponseEventInfo,
} from './http-client.js';
export {
  type ConsoleLoggerOptions,
  consoleLogger,
  type Logger,
  type LogLevel,
  silentLogger,
} from './logger.js';
export {
  type CallRecord,
  createMetrics,
  type HealthStatus,
  type Metrics,
  type MetricsOptions,
  type OperationStats,
  type ProviderHealth,
  percentile,
} from './metrics.js';
export { type Page, type PageIterable, paginate } from './paginate.js';
export {
  type AcquireOptions,
  type MemoryRateLimiterOptions,
  memoryRateLimiter,
  type RateLimiter,
  type ReleaseFn,
} from './rate-limiter.js';
export {
  isSensitiveHeader,
  isSensitiveKey,
  REDACTED,
  redactHeaders,
  redactUrl,
  redactValue,
  SecretScrubber,
} from './redaction.js';
export {
  backoffDelay,
  DEFAULT_RETRY_STATUSES,
  parseRetryAfter,
  type RetryHint,
  type RetryInfo,
  type RetryOptions,
  shouldRetryHeader,
} from './retry-policy.js';
export type { SpanAttributeValue, SpanLike, TracerLike } from './tracing.js';
export type { QueryArrayFormat, QueryPrimitive, QueryValue } from './url.js';
export { VERSION } from './version.js';

// Webhooks and background jobs.
export { PayloadTooLargeError } from './errors.js';
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
export { type BackoffOptions, type Job, type JobError, type JobState, toJobError } from './jobs/job-record.js';
export { type MemoryQueue, type MemoryQueueOptions, memoryQueue } from './jobs/memory-queue.js';
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
  type InboxEvent,
  type InboxEventPatch,
  type InboxEventState,
  type InboxListOptions,
  type InboxStore,
  memoryInboxStore,
} from './webhooks/inbox-store.js';
export {
  DEFAULT_MAX_BODY_BYTES,
  type NodeRequestLike,
  type ReadRawBodyOptions,
  readNodeRawBody,
  readRawBody,
} from './webhooks/raw-body.js';
export { assertRawPayload, isRawPayload, type RawPayload } from './webhooks/raw-payload.js';
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
export {
  type StandardWebhookVerifierOptions,
  standardWebhookVerifier,
  type VerifiedWebhookEvent,
  type WebhookVerifier,
} from './webhooks/webhook-verifier.js';
