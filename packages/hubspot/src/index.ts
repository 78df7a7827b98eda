export { HUBSPOT_API_VERSIONS, LATEST_API_VERSION } from './api-version.js';
export { ASSOCIATION_TYPE_IDS } from './crm-associations.js';
export { BATCH_INPUT_LIMIT } from './crm-batch.js';
export type {
  AssociatedObject,
  AssociationCategory,
  AssociationInput,
  AssociationsApi,
  AssociationTarget,
  AssociationType,
  BatchCreateInput,
  BatchFailure,
  BatchOptions,
  BatchReadInput,
  BatchReadOptions,
  BatchResult,
  BatchUpdateInput,
  BatchUpsertInput,
  ChangedSinceOptions,
  CreateObjectInput,
  CrmObjectsApi,
  FilterOperator,
  GetObjectOptions,
  HubSpotObject,
  HubSpotPage,
  HubSpotProperties,
  HubSpotPropertyInput,
  ListAssociationsOptions,
  ListObjectsOptions,
  RequestOptions,
  SearchFilter,
  SearchFilterGroup,
  SearchPage,
  SearchRequest,
  SearchSort,
  SyncApi,
  SyncCheckpoint,
  SyncIterable,
  UpdateObjectInput,
  UpdateObjectOptions,
} from './crm-types.js';
export { createHubSpot, HUBSPOT_BASE_URL, VERSION } from './hubspot-client.js';
export { isHubSpotApiError } from './hubspot-errors.js';
export { HUBSPOT_AUTHORIZE_URL } from './hubspot-oauth.js';
export { HUBSPOT_BURST_LIMITS, hubSpotRateLimiter } from './hubspot-rate-limiter.js';
export type {
  AuthorizationUrlOptions,
  HubSpot,
  HubSpotApiError,
  HubSpotApiVersion,
  HubSpotErrorBody,
  HubSpotErrorDetail,
  HubSpotErrorDetails,
  HubSpotLimits,
  HubSpotOAuth,
  HubSpotOAuthSettings,
  HubSpotOptions,
  HubSpotRateLimiter,
  HubSpotToken,
  HubSpotTokenStore,
  OAuthTokenVersion,
  RateLimitObservation,
} from './hubspot-types.js';
export {
  constructEvents,
  type HubSpotEventHandler,
  hubspotHandlers,
  hubspotWebhookVerifier,
} from './hubspot-webhook-verifier.js';
export {
  computeWebhookSignature,
  verifyRequest,
  verifySignature,
  WEBHOOK_TOLERANCE_MS,
  webhooks,
} from './hubspot-webhooks.js';
export type {
  HubSpotWebhookEvent,
  HubSpotWebhookOptions,
  SignWebhookInput,
  VerifyRequestOptions,
  VerifySignatureInput,
  WebhookSignatureVersion,
  WebhooksApi,
} from './webhook-types.js';
