import type {
  Clock,
  RequestOptions as CoreRequestOptions,
  Logger,
  ProviderOptions,
  RateLimiter,
  TokenStore,
} from '@int/core';

export type FedExEnvironment = 'sandbox' | 'production';

/** Core's `ProviderOptions` (`baseURL`, `timeoutMs`, `retry`, `logger`, `clock`, ...) plus FedEx's own. */
export interface FedExOptions extends Omit<ProviderOptions, 'rateLimiter'> {
  /** API key of your FedEx project. Default: `FEDEX_CLIENT_ID`, read at the first call. */
  clientId?: string | undefined;
  /** Secret key of your FedEx project. Default: `FEDEX_CLIENT_SECRET`, read at the first call. */
  clientSecret?: string | undefined;
  /** FedEx account number, sent as `accountNumber.value`. Default: `FEDEX_ACCOUNT_NUMBER`, read at the first call. */
  accountNumber?: string | undefined;
  /** `sandbox` (default) or `production`; picks the default base URL and the token cache. */
  environment?: FedExEnvironment | undefined;
  /** Child key of an integrator/parent-child setup; switches the grant type. */
  childKey?: string | undefined;
  /** Child secret, with `childKey`. */
  childSecret?: string | undefined;
  /**
   * OAuth grant. Default `client_credentials`, or `csp_credentials` when
   * `childKey` and `childSecret` are set; pass `client_pc_credentials` for a
   * proprietary parent-child account.
   */
  grantType?: FedExGrantType | undefined;
  /** Sent as `x-locale` on every call when set, e.g. `en_US`. Default: not sent. */
  locale?: string | undefined;
  /** Where access tokens are kept: core's `TokenStore`. Default: in memory. */
  tokenStore?: TokenStore | undefined;
  /** Paces token requests under FedEx's lockout thresholds. Default: 5 per 10 s and 30 per 2 min. */
  tokenGuard?: TokenRequestGuard | undefined;
  /** Default: FedEx's 1 400 transactions per 10 s per project, in memory. `false` turns it off. */
  rateLimiter?: RateLimiter | false | undefined;
  /** Tracking requests in flight at once for one `track()` call. Default 3. */
  trackingConcurrency?: number | undefined;
}

/** The last argument of every FedEx method: core's per-call options plus FedEx's transaction id. */
export interface RequestOptions extends CoreRequestOptions {
  /** Sent as `x-customer-transaction-id`, the same on every retry. Default: a new UUID per call. */
  customerTransactionId?: string | undefined;
}

export type FedExGrantType = 'client_credentials' | 'csp_credentials' | 'client_pc_credentials';

export interface FedExAuthOptions {
  baseURL: string;
  environment: string;
  clientId: string;
  clientSecret: string;
  childKey?: string | undefined;
  childSecret?: string | undefined;
  grantType?: FedExGrantType | undefined;
  tokenStore?: TokenStore | undefined;
  tokenGuard?: TokenRequestGuard | undefined;
  fetch?: typeof fetch | undefined;
  clock: Clock;
  logger?: Logger | undefined;
  timeoutMs?: number | undefined;
}

/** Waits until one more token request stays under FedEx's per-IP lockout thresholds. */
export interface TokenRequestGuard {
  acquire(signal?: AbortSignal): Promise<void>;
}
