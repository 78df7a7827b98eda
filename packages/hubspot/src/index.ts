export {
  apiPaths,
  HUBSPOT_API_VERSIONS,
  type HubSpotApiVersion,
  LATEST_API_VERSION,
} from './api-version.js';
export {
  ASSOCIATION_TYPE_IDS,
  type AssociatedObject,
  type AssociationsApi,
  type AssociationTarget,
  type ListAssociationsOptions,
} from './crm-associations.js';
export {
  BATCH_INPUT_LIMIT,
  type BatchCreateInput,
  type BatchFailure,
  type BatchItemError,
  type BatchOptions,
  type BatchReadInput,
  type BatchReadOptions,
  type BatchResult,
  type BatchUpdateInput,
  type BatchUpsertInput,
} from './crm-batch.js';
export type {
  CrmObjectsApi,
  GetObjectOptions,
  ListObjectsOptions,
  SearchIterable,
  UpdateObjectOptions,
} from './crm-objects.js';
export type {
  AssociationCategory,
  AssociationInput,
  AssociationType,
  CallOptions,
  CreateObjectInput,
  FilterOperator,
  HubSpotObject,
  HubSpotProperties,
  HubSpotPropertyInput,
  SearchFilter,
  SearchFilterGroup,
  SearchRequest,
  SearchSort,
  UpdateObjectInput,
} from './crm-types.js';
export {
  createHubSpot,
  HUBSPOT_BASE_URL,
  type HubSpotClient,
  type HubSpotCredentials,
  type HubSpotOptions,
  VERSION,
} from './hubspot-client.js';
export {
  type HubSpotApiError,
  type HubSpotErrorBody,
  type HubSpotErrorDetail,
  type HubSpotErrorFields,
  isHubSpotApiError,
} from './hubspot-errors.js';
export {
  type AuthorizationUrlOptions,
  HUBSPOT_AUTHORIZE_URL,
  type HubSpotOAuth,
  type HubSpotOAuthSettings,
  type HubSpotToken,
  type HubSpotTokenStore,
  type OAuthTokenVersion,
} from './hubspot-oauth.js';
export {
  HUBSPOT_BURST_LIMITS,
  type HubSpotLimits,
  type HubSpotRateLimiter,
  hubSpotRateLimiter,
  type RateLimitObservation,
} from './hubspot-rate-limiter.js';
export type {
  ChangedSinceOptions,
  SyncApi,
  SyncCheckpoint,
  SyncIterable,
} from './hubspot-search-sync.js';
export {
  constructEvents,
  type HubSpotEventHandler,
  type HubSpotWebhookEvent,
  type HubSpotWebhookOptions,
  hubspotHandlers,
  hubspotWebhookVerifier,
} from './hubspot-webhook-verifier.js';
export {
  computeWebhookSignature,
  type SignWebhookInput,
  type VerifyRequestOptions,
  type VerifySignatureInput,
  verifyRequest,
  verifySignature,
  WEBHOOK_TOLERANCE_MS,
  type WebhookSignatureVersion,
  type WebhooksApi,
  webhooks,
} from './hubspot-webhooks.js';
