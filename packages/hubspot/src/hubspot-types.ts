import type {
  AnsweredCall,
  ApiError,
  OAuth2AuthorizationCode,
  ObservingRateLimiter,
  ProviderOptions,
  RateLimiter,
  StoredToken,
  TokenStore,
} from '@int/core';
import type { HUBSPOT_API_VERSIONS } from './api-version.js';
import type { AssociationsApi, CrmObjectsApi, SyncApi } from './crm-types.js';
import type { WebhooksApi } from './webhook-types.js';

// The client's options and surface, its errors, OAuth settings and limits.

/** A date version (`YYYY-MM`) or `v3` for the legacy paths. */
export type HubSpotApiVersion =
  | (typeof HUBSPOT_API_VERSIONS)[number]
  | 'v3'
  | `${number}-${number}`;

export interface HubSpotOptions extends Omit<ProviderOptions, 'rateLimiter'> {
  /** A private-app token or service key. Default: `HUBSPOT_ACCESS_TOKEN`, read at the first call. */
  accessToken?: string | undefined;
  /** An installed OAuth app, instead of `accessToken`. */
  oauth?: HubSpotOAuthSettings | undefined;
  /** `YYYY-MM` date version, or `v3` for the legacy `/crm/v3` paths. Default: the newest (`2026-09`). */
  apiVersion?: HubSpotApiVersion | undefined;
  /** Budgets of the default limiter. Default: 100 calls per 10 s, 5 searches per second. */
  limits?: HubSpotLimits | undefined;
  /** Replaces the default per-account limiter; `false` turns limiting off. Search calls use the key `<account>#search`. */
  rateLimiter?: RateLimiter | false | undefined;
  /** The HubSpot account (portal) id: the limiter key. Default: a hash of the credential. */
  accountId?: string | number | undefined;
  /** Batch requests in flight at once for one batch call. Default 3. */
  batchConcurrency?: number | undefined;
}

export interface HubSpot {
  readonly apiVersion: HubSpotApiVersion;
  readonly contacts: CrmObjectsApi;
  readonly companies: CrmObjectsApi;
  readonly deals: CrmObjectsApi;
  /** Any other object type: `tickets`, an objectTypeId such as `0-5`, a custom object `2-123`. */
  objects(objectType: string): CrmObjectsApi;
  readonly associations: AssociationsApi;
  readonly sync: SyncApi;
  readonly webhooks: WebhooksApi;
  /** Present when the client was created with `oauth`. */
  readonly oauth: HubSpotOAuth | undefined;
  /** The limiter in use (undefined when turned off). */
  readonly rateLimiter: RateLimiter | undefined;
}

/** One entry of a HubSpot error body's `errors` list. */
export interface HubSpotErrorDetail {
  message?: string;
  code?: string;
  in?: string;
  subCategory?: string;
  context?: Record<string, unknown>;
  [key: string]: unknown;
}

/** HubSpot's error body; HubSpot says to treat every field as optional. */
export interface HubSpotErrorBody {
  status?: string;
  message?: string;
  correlationId?: string;
  category?: string;
  subCategory?: string;
  errors?: HubSpotErrorDetail[];
  context?: Record<string, unknown>;
  links?: Record<string, string>;
  /** On 429s: `TEN_SECONDLY_ROLLING`, `SECONDLY` or `DAILY`. */
  policyName?: string;
  errorType?: string;
  [key: string]: unknown;
}

/**
 * HubSpot's fields of a failed answer (or of one failed batch input), on
 * `error.details` next to core's `message` and `code`; a field HubSpot did not send is left out.
 */
export type HubSpotErrorDetails = {
  correlationId?: string | undefined;
  category?: string | undefined;
  subCategory?: string | undefined;
  /** Always a list (empty when HubSpot sent none). */
  errors: HubSpotErrorDetail[];
  context?: Record<string, unknown> | undefined;
  /** The 429 policy, when HubSpot named one. */
  policyName?: string | undefined;
};

/** An `ApiError` from HubSpot: its body's fields are on `details`. */
export type HubSpotApiError = ApiError & { readonly details: HubSpotErrorDetails };

/** `2026-03` (default), `v3`, or the legacy `v1` (sunset 2027-02-16). */
export type OAuthTokenVersion = '2026-03' | 'v3' | 'v1';

export type HubSpotTokenStore = TokenStore;

export type HubSpotToken = StoredToken;

export interface HubSpotOAuthSettings {
  clientId: string;
  clientSecret: string;
  redirectURI: string;
  /** The installed account's refresh token, when you have one already (else `exchangeCode` stores one). */
  refreshToken?: string | undefined;
  /** Where tokens are kept (core's `TokenStore`; durable ones in `@int/sqlite` and `@int/redis`). Default: in memory. */
  tokenStore?: HubSpotTokenStore | undefined;
  /** Key of this account's token in the store. Default `hubspot:oauth:<clientId>`; use one per installed account. */
  tokenKey?: string | undefined;
  /** Token endpoint version. Default `2026-03`. */
  tokenVersion?: OAuthTokenVersion | undefined;
  /** Refresh this long before expiry. Default 60 000 ms (tokens live 30 minutes). */
  refreshSkewMs?: number | undefined;
}

export interface AuthorizationUrlOptions {
  scopes: string[];
  optionalScopes?: string[] | undefined;
  /** Bound to the user's session; checked on the callback. */
  state: string;
  /** PKCE verifier; its S256 challenge goes in the URL. */
  codeVerifier?: string | undefined;
}

export interface HubSpotOAuth {
  authorizationUrl(options: AuthorizationUrlOptions): Promise<string>;
  /** Trades the code from the redirect for tokens, and stores them. */
  exchangeCode(code: string, options?: { codeVerifier?: string }): Promise<HubSpotToken>;
  /** Refreshes now (one refresh for concurrent callers) and returns the new token. */
  refresh(): Promise<HubSpotToken>;
  /** Core's authorization-code strategy the client authenticates with. */
  readonly strategy: OAuth2AuthorizationCode;
}

export interface HubSpotLimits {
  /**
   * Calls per rolling window for one account. Default 100 (Free/Starter, OAuth
   * apps); 190 for Professional/Enterprise; 250 with the API Limit Increase.
   */
  burst?: number | undefined;
  /** Length of the burst window. Default 10 000 ms. */
  windowMs?: number | undefined;
  /** Search calls per search window. Default 5. */
  searchPerSecond?: number | undefined;
  /** Length of the search window. Default 1 000 ms. */
  searchWindowMs?: number | undefined;
  /** Calls in flight at once per account. Default 10. */
  maxConcurrent?: number | undefined;
  /**
   * Follow `X-HubSpot-RateLimit-Max`, `-Remaining` and
   * `-Interval-Milliseconds` when HubSpot sends them. Default true.
   */
  adaptToHeaders?: boolean | undefined;
  /** Time zone of the account, for `QuotaExceededError.resetAt`. Default `UTC`. */
  dailyResetTimeZone?: string | undefined;
}

/**
 * What the limiter learns from one answer: core's `AnsweredCall`. HubSpot's
 * `Remaining` is counted when the call arrived, so `sentAt` matters here.
 */
export type RateLimitObservation = AnsweredCall;

/** A `RateLimiter` that also learns from HubSpot's answers: core's `ObservingRateLimiter`. */
export type HubSpotRateLimiter = ObservingRateLimiter;
