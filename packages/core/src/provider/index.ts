// The provider kit: what a provider package builds its client from.
export { asArray, asNumber, asRecords, asText, pickTexts, valueAt } from './answer-readers.js';
export {
  type BatchFailure,
  type BatchResult,
  batchPartial,
  type ChunkOutcome,
  failsEveryChunk,
  runBatch,
} from './batch.js';
export {
  type BatchedEventHandler,
  batchedEventHandlers,
  batchedWebhookEvent,
} from './batched-webhook.js';
export { calendarDay, checkCalendarDay } from './calendar-day.js';
export { isCountryCode, usesPostalCode } from './country-codes.js';
export { dailyQuotaError, defaultApiError, nextDailyReset } from './daily-quota.js';
export { decimalToMinor, minorToDecimal } from './decimal-amount.js';
export { type DecimalText, parseDecimalText } from './decimal-text.js';
export { type Endpoint, type EndpointCall, endpoint, fillPath } from './endpoint.js';
export { toEpochMillis } from './epoch-millis.js';
export { brandErrorClass } from './error-brand.js';
export { inputIssues } from './input-issues.js';
export { labelContentType } from './label-content-type.js';
export { checkList } from './list-field.js';
export { lazySecret, type SecretSource } from './load-secret.js';
export { mapBounded } from './map-bounded.js';
export { mapChunks } from './map-chunks.js';
export {
  type ModifiedSincePosition,
  type ModifiedSinceQuery,
  type ModifiedSinceSync,
  modifiedSinceSync,
} from './modified-since-sync.js';
export { ownOptions } from './own-options.js';
export {
  cursorPagination,
  offsetPagination,
  type PagePromise,
  type PageRequest,
  type PaginationStrategy,
  pagePromise,
} from './pagination.js';
export { providerBaseURL } from './provider-base-url.js';
export {
  createProviderClient,
  type ProviderClient,
  type ProviderDefinition,
} from './provider-client.js';
export { type ProviderClock, toClock } from './provider-clock.js';
export type { ProviderOptions } from './provider-options.js';
export {
  checkProviderOptions,
  lazyAuth,
  lazySecrets,
  type OptionCheck,
} from './provider-setup.js';
export {
  type AnsweredCall,
  type ObservingRateLimiter,
  rateLimitFeedback,
} from './rate-limit-feedback.js';
export { asRecord, isRecord } from './record-guards.js';
export { checkRequestOptions, type RequestOptions } from './request-options.js';
export {
  checkResponse,
  type ResponseValidationMode,
  type StandardSchemaIssue,
  type StandardSchemaResult,
  type StandardSchemaV1,
} from './response-validation.js';
export { type RefreshTokenSeed, seedRefreshToken } from './seeded-refresh-token.js';
export { sha256Hex } from './sha256-hex.js';
export { checkText, type TextFieldRule } from './text-field.js';
export { ValidationIssues } from './validation-issues.js';
export {
  checkRotatedHmac,
  type RotatedHmacCheck,
  webhookSecrets,
} from './webhook-secret-rotation.js';
