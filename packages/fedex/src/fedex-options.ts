import type {
  Clock,
  HttpClientHooks,
  Logger,
  Metrics,
  RateLimiter,
  RetryOptions,
  TokenStore,
  TracerLike,
} from '@int/core';
import type { FedExGrantType, TokenRequestGuard } from './fedex-auth.js';

export type FedExEnvironment = 'sandbox' | 'production';

export const FEDEX_BASE_URLS: Record<FedExEnvironment, string> = {
  sandbox: 'https://apis-sandbox.fedex.com',
  production: 'https://apis.fedex.com',
};

export interface FedExOptions {
  /** API key of your FedEx project. Default: `FEDEX_CLIENT_ID`. */
  clientId?: string | undefined;
  /** Secret key of your FedEx project. Default: `FEDEX_CLIENT_SECRET`. */
  clientSecret?: string | undefined;
  /** FedEx account number, sent as `accountNumber.value`. Default: `FEDEX_ACCOUNT_NUMBER`. */
  accountNumber?: string | undefined;
  /** `sandbox` (default) or `production`; picks the base URL and the token cache. */
  environment?: FedExEnvironment | undefined;
  /** Overrides the environment's URL (`https://apis-sandbox.fedex.com` / `https://apis.fedex.com`). */
  baseURL?: string | undefined;
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
  /** Where access tokens are kept: core's `TokenStore` (`memoryTokenStore()`, or a durable one to share across processes). Default: in memory. */
  tokenStore?: TokenStore | undefined;
  /** Paces token requests under FedEx's lockout thresholds. Default: 5 per 10 s and 30 per 2 min. */
  tokenGuard?: TokenRequestGuard | undefined;
  /** Per-attempt timeout. Default 60 000 ms. */
  timeoutMs?: number | undefined;
  /**
   * Largest answer accepted, in bytes, as sent and once decompressed; a larger
   * one fails at once with core's `ResponseTooLargeError` (never retried).
   * Default 33 554 432 (32 MiB), room for a
   * shipment of many labels as base64 PDFs.
   */
  maxResponseBytes?: number | undefined;
  /** Retry settings (core defaults: 2 retries, 500 ms base, 8 s cap). `shipments.create` is never retried. */
  retry?: RetryOptions | undefined;
  /** Default: FedEx's 1 400 transactions per 10 s per project, in memory. `false` turns it off. */
  rateLimiter?: RateLimiter | false | undefined;
  /** Default: silent. */
  logger?: Logger | undefined;
  metrics?: Metrics | undefined;
  tracer?: TracerLike | undefined;
  hooks?: HttpClientHooks | undefined;
  /** Default: the global `fetch`, looked up per call. */
  fetch?: typeof fetch | undefined;
  /** Injected time, for tests. */
  clock?: Clock | undefined;
  /** Tracking requests in flight at once for one `track()` call. Default 3. */
  trackingConcurrency?: number | undefined;
}
