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
