export {
  type AuthRequest,
  type AuthStrategy,
  bearerTokenOf,
  type RefreshContext,
} from './auth-strategy.js';
export {
  type CallContext,
  contextualLogger,
  currentCallContext,
  withCallContext,
} from './call-context.js';
export { type Clock, systemClock } from './clock.js';
export { describeValue } from './describe-value.js';
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
  CircuitOpenError,
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
  type ResponseIssue,
  ResponseParseError,
  ResponseTooLargeError,
  ResponseValidationError,
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
  type AlertDelivery,
  type LogAlertOptions,
  logAlert,
  STATUS_CHANGED_EVENT,
  type StatusChangedPayload,
  type WebhookAlertOptions,
  webhookAlert,
} from './health-alerts.js';
export type {
  StatusChange,
  StatusChangeListener,
  StatusHysteresis,
} from './health-status-tracker.js';
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
  type CircuitHealth,
  createMetrics,
  type HealthStatus,
  type Metrics,
  type MetricsOptions,
  type OperationStats,
  type ProviderHealth,
  percentile,
} from './metrics.js';
export { type Page, type PageIterable, paginate } from './paginate.js';
export { pathSegment, pathSegmentIssue } from './path-segment.js';
export { platformFetch } from './platform-fetch.js';
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

// Auth strategies, token stores and SecretBox.

export { type ApiKeyHeaders, type ApiKeyPlacement, apiKey } from './auth/api-key.js';
export { basicAuth } from './auth/basic-auth.js';
export { type BearerTokenSource, bearer } from './auth/bearer.js';
export {
  type JwtAlgorithm,
  type JwtBearer,
  type JwtBearerOptions,
  type JwtClaims,
  type JwtJsonWebKey,
  type JwtKeyObject,
  type JwtSigningKey,
  jwtBearer,
} from './auth/jwt-bearer.js';
export { type KeyedMutex, keyedMutex } from './auth/keyed-mutex.js';
export {
  type AuthorizationUrlOptions,
  type ExchangeCodeOptions,
  type HandleCallbackOptions,
  type OAuth2AuthorizationCode,
  type OAuth2AuthorizationCodeOptions,
  oauth2AuthorizationCode,
} from './auth/oauth2-authorization-code.js';
export {
  type OAuth2ClientCredentials,
  type OAuth2ClientCredentialsOptions,
  oauth2ClientCredentials,
} from './auth/oauth2-client-credentials.js';
export { createPkcePair, createState, type PkcePair, pkceChallenge } from './auth/pkce.js';
export type { ClientAuthMethod, TokenEndpointOptions } from './auth/token-endpoint.js';
export {
  defaultTokenKey,
  isTokenFresh,
  memoryTokenStore,
  type StoredToken,
  type TokenStore,
  type WithLockOptions,
} from './auth/token-store.js';
export {
  type CircuitBreaker,
  type CircuitBreakerContext,
  type CircuitBreakerFactory,
  type CircuitBreakerOptions,
  type CircuitTransition,
  circuitBreaker,
  createCircuitBreaker,
  DEFAULT_CIRCUIT_SETTINGS,
} from './circuit-breaker/circuit-breaker.js';
export {
  type Admission,
  type CircuitSettings,
  type CircuitState,
  type CircuitStatus,
  closedCircuit,
} from './circuit-breaker/circuit-state.js';
export { type CircuitStore, memoryCircuitStore } from './circuit-breaker/circuit-store.js';
export {
  OAuthCallbackError,
  type OAuthCallbackFailure,
  SecretBoxError,
  type SecretBoxFailure,
} from './errors.js';
export {
  type BatchFailure,
  type BatchResult,
  batchPartial,
  type ChunkOutcome,
  checkRequestOptions,
  checkResponse,
  createProviderClient,
  cursorPagination,
  dailyQuotaError,
  defaultApiError,
  type Endpoint,
  type EndpointCall,
  endpoint,
  failsEveryChunk,
  fillPath,
  lazySecret,
  mapBounded,
  nextDailyReset,
  offsetPagination,
  type PagePromise,
  type PageRequest,
  type PaginationStrategy,
  type ProviderClient,
  type ProviderClock,
  type ProviderDefinition,
  type ProviderOptions,
  pagePromise,
  providerBaseURL,
  type RequestOptions,
  type ResponseValidationMode,
  runBatch,
  type SecretSource,
  type StandardSchemaIssue,
  type StandardSchemaResult,
  type StandardSchemaV1,
  toClock,
  ValidationIssues,
} from './provider/index.js';
export { type SealOptions, SecretBox, type SecretBoxKey } from './secret-box.js';
// Webhooks and jobs.
export {
  assertRawPayload,
  assertRetryable,
  type BackgroundPruner,
  type BackoffOptions,
  backgroundPruner,
  type ComputeHmacOptions,
  computeHmac,
  createNodeWebhookHandler,
  createWebhookInbox,
  createWebhookRequestHandler,
  DEFAULT_INBOX_RETENTION,
  DEFAULT_JOB_BACKOFF,
  DEFAULT_JOB_RETENTION,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MEMORY_INBOX_RETENTION,
  DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
  type EnqueueOptions,
  type HmacAlgorithm,
  type InboxEvent,
  type InboxEventPatch,
  type InboxEventState,
  type InboxListOptions,
  type InboxStore,
  isRawPayload,
  type Job,
  type JobContext,
  type JobError,
  type JobHandler,
  type JobQueue,
  type JobState,
  JobStateError,
  jobBackoffDelay,
  type ListOptions,
  type MemoryInboxStore,
  type MemoryInboxStoreOptions,
  type MemoryQueue,
  type MemoryQueueOptions,
  memoryInboxStore,
  memoryQueue,
  type NodeRequestLike,
  type NodeResponseLike,
  nextAttemptDelay,
  PayloadTooLargeError,
  type ProcessOptions,
  type QueueStats,
  type RawPayload,
  type ReadRawBodyOptions,
  type ReceiveResult,
  type ReplayOptions,
  type ResolvedRetention,
  type RetentionOptions,
  type RetentionRule,
  readHeader,
  readNodeRawBody,
  readRawBody,
  resolveRetention,
  retentionKindOf,
  retryAfterFromError,
  type SignatureEncoding,
  type SignStandardWebhookOptions,
  type StandardWebhookHeaders,
  type StandardWebhookVerifierOptions,
  signHmac,
  signStandardWebhook,
  standardWebhookVerifier,
  timingSafeEqual,
  toJobError,
  type VerifiedStandardWebhook,
  type VerifiedWebhookEvent,
  type VerifyHmacOptions,
  type VerifyStandardWebhookOptions,
  verifyHmac,
  verifyStandardWebhook,
  type WebhookEvent,
  type WebhookHandler,
  type WebhookHandlerContext,
  type WebhookHandlers,
  type WebhookHeaders,
  type WebhookHttpHandlerOptions,
  type WebhookInbox,
  type WebhookInboxOptions,
  type WebhookVerifier,
} from './webhooks-and-jobs.js';
