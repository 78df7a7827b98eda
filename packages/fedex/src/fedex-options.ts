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
  clientId?: string;
  /** Secret key of your FedEx project. Default: `FEDEX_CLIENT_SECRET`. */
  clientSecret?: string;
  /** FedEx account number, sent as `accountNumber.value`. Default: `FEDEX_ACCOUNT_NUMBER`. */
  accountNumber?: string;
  /** `sandbox` (default) or `production`; picks the base URL and the token cache. */
  environment?: FedExEnvironment;
  /** Overrides the environment's URL (`https://apis-sandbox.fedex.com` / `https://apis.fedex.com`). */
  baseURL?: string;
  /** Child key of an integrator/parent-child setup; switches the grant type. */
  childKey?: string;
  /** Child secret, with `childKey`. */
  childSecret?: string;
  /**
   * OAuth grant. Default `client_credentials`, or `csp_credentials` when
   * `childKey` and `childSecret` are set; pass `client_pc_credentials` for a
   * proprietary parent-child account.
   */
  grantType?: FedExGrantType;
  /** Sent as `x-locale` on every call when set, e.g. `en_US`. Default: not sent. */
  locale?: string;
  /** Where access tokens are kept: core's `TokenStore` (`memoryTokenStore()`, or a durable one to share across processes). Default: in memory. */
  tokenStore?: TokenStore;
  /** Paces token requests under FedEx's lockout thresholds. Default: 5 per 10 s and 30 per 2 min. */
  tokenGuard?: TokenRequestGuard;
  /** Per-attempt timeout. Default 60 000 ms. */
  timeoutMs?: number;
  /**
   * Largest answer accepted, in bytes, as sent and once decompressed; a larger
   * one fails at once with core's `ResponseTooLargeError` (never retried).
   * Default 33 554 432 (32 MiB), room for a
   * shipment of many labels as base64 PDFs.
   */
  maxResponseBytes?: number;
  /** Retry settings (core defaults: 2 retries, 500 ms base, 8 s cap). `shipments.create` is never retried. */
  retry?: RetryOptions;
  /** Default: FedEx's 1 400 transactions per 10 s per project, in memory. `false` turns it off. */
  rateLimiter?: RateLimiter | false;
  /** Default: silent. */
  logger?: Logger;
  metrics?: Metrics;
  tracer?: TracerLike;
  hooks?: HttpClientHooks;
  /** Default: the global `fetch`, looked up per call. */
  fetch?: typeof fetch;
  /** Injected time, for tests. */
  clock?: Clock;
  /** Tracking requests in flight at once for one `track()` call. Default 3. */
  trackingConcurrency?: number;
}
