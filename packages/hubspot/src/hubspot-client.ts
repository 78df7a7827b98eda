import {
  type AuthStrategy,
  bearer,
  type Clock,
  ConfigurationError,
  createHttpClient,
  describeValue,
  type HttpClientHooks,
  type HttpResponse,
  type Logger,
  type Metrics,
  platformFetch,
  QuotaExceededError,
  RateLimitError,
  type RateLimiter,
  type RetryOptions,
  systemClock,
  type TracerLike,
} from '@int/core';
import { version } from '../package.json';
import {
  apiPaths,
  type HubSpotApiVersion,
  isApiVersion,
  LATEST_API_VERSION,
} from './api-version.js';
import { type AssociationsApi, createAssociationsApi } from './crm-associations.js';
import { type CrmObjectsApi, createObjectsApi } from './crm-objects.js';
import {
  createHubSpotErrorFactory,
  hubSpotRetryHint,
  parseHubSpotError,
} from './hubspot-errors.js';
import {
  createHubSpotOAuth,
  type HubSpotOAuth,
  type HubSpotOAuthSettings,
} from './hubspot-oauth.js';
import {
  type HubSpotLimits,
  type HubSpotRateLimiter,
  hubSpotRateLimiter,
  SEARCH_KEY_SUFFIX,
} from './hubspot-rate-limiter.js';
import { createSyncApi, type SyncApi } from './hubspot-search-sync.js';
import { type WebhooksApi, webhooks } from './hubspot-webhooks.js';
import type { HubSpotRequest, Transport } from './transport.js';
import { Issues } from './validation.js';

export const HUBSPOT_BASE_URL = 'https://api.hubapi.com';
export const VERSION: string = version;

/** A static token (private app / service key), or OAuth for an installed account. */
export type HubSpotCredentials =
  | {
      /** Default: the `HUBSPOT_ACCESS_TOKEN` environment variable. */
      accessToken?: string | undefined;
    }
  | { oauth: HubSpotOAuthSettings };

export interface HubSpotOptions {
  /** `YYYY-MM` date version, or `v3` for the legacy `/crm/v3` paths. Default: the newest (`2026-09`). */
  apiVersion?: HubSpotApiVersion | undefined;
  /** Budgets of the default limiter. Default: 100 calls per 10 s, 5 searches per second. */
  limits?: HubSpotLimits | undefined;
  /** Default `https://api.hubapi.com`. */
  baseURL?: string | undefined;
  /** Per-attempt timeout. Default 60 000 ms. */
  timeoutMs?: number | undefined;
  /**
   * Largest answer accepted, in bytes, as sent and once decompressed; a larger
   * one fails at once with core's `ResponseTooLargeError` (never retried).
   * Default 33 554 432 (32 MiB).
   */
  maxResponseBytes?: number | undefined;
  /** Retry settings (core's). 429 (not DAILY), 477, 5xx, timeouts and network errors are retried where safe. */
  retry?: RetryOptions | undefined;
  /** Replaces the default per-account limiter; `false` turns limiting off. Search calls use the key `<account>#search`. */
  rateLimiter?: RateLimiter | false | undefined;
  /** The HubSpot account (portal) id: the limiter key. Default: a hash of the credential. */
  accountId?: string | number | undefined;
  /** Batch requests in flight at once for one batch call. Default 3. */
  batchConcurrency?: number | undefined;
  logger?: Logger | undefined;
  metrics?: Metrics | undefined;
  tracer?: TracerLike | undefined;
  hooks?: HttpClientHooks | undefined;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch | undefined;
  /** Injected time, for tests. */
  clock?: Clock | undefined;
}

export interface HubSpotClient {
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

async function fingerprint(secret: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret)),
  );
  return [...digest.slice(0, 8)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

const isIdempotent = (request: HubSpotRequest): boolean =>
  request.idempotent === true ||
  request.idempotencyKey !== undefined ||
  ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'].includes(request.method);

/**
 * Creates a HubSpot client. Reads `HUBSPOT_ACCESS_TOKEN` when neither
 * `accessToken` nor `oauth` is given.
 */
export function createHubSpot(
  credentials: HubSpotCredentials = {},
  options: HubSpotOptions = {},
): HubSpotClient {
  for (const [option, value] of [
    ['credentials', credentials],
    ['options', options],
  ] as const) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ConfigurationError(`createHubSpot ${option} must be an object when given.`, {
        option,
        provider: 'hubspot',
      });
    }
  }
  const apiVersion = options.apiVersion ?? LATEST_API_VERSION;
  if (!isApiVersion(apiVersion)) {
    throw new ConfigurationError(
      `apiVersion must be a date version such as ${LATEST_API_VERSION} or 'v3', got ${describeValue(apiVersion)}.`,
      { option: 'apiVersion', provider: 'hubspot' },
    );
  }
  const batchConcurrency = options.batchConcurrency ?? 3;
  if (!Number.isInteger(batchConcurrency) || batchConcurrency < 1) {
    throw new ConfigurationError('batchConcurrency must be a positive integer.', {
      option: 'batchConcurrency',
      provider: 'hubspot',
    });
  }
  const clock = options.clock ?? systemClock;
  const baseURL = options.baseURL ?? HUBSPOT_BASE_URL;
  const userAgent = `int-hubspot/${VERSION}`;

  let auth: AuthStrategy;
  let oauth: HubSpotOAuth | undefined;
  let credentialId: string;
  if ('oauth' in credentials && credentials.oauth) {
    oauth = createHubSpotOAuth(credentials.oauth, {
      baseURL,
      fetch: options.fetch,
      logger: options.logger,
      timeoutMs: options.timeoutMs,
      clock: options.clock,
    });
    auth = oauth.strategy;
    credentialId = `oauth:${credentials.oauth.clientId}:${credentials.oauth.tokenKey ?? credentials.oauth.refreshToken ?? ''}`;
  } else {
    const token =
      (credentials as { accessToken?: string }).accessToken ??
      (typeof process !== 'undefined' ? process.env?.HUBSPOT_ACCESS_TOKEN : undefined);
    if (!token) {
      throw new ConfigurationError(
        'HubSpot access token is missing. Pass `accessToken` (or `oauth`) or set HUBSPOT_ACCESS_TOKEN.',
        { option: 'accessToken', provider: 'hubspot' },
      );
    }
    auth = bearer(token);
    credentialId = `token:${token}`;
  }

  let limiter: RateLimiter | undefined;
  if (options.rateLimiter === false) limiter = undefined;
  else limiter = options.rateLimiter ?? hubSpotRateLimiter({ ...options.limits, clock });
  const observer =
    limiter && typeof (limiter as HubSpotRateLimiter).observe === 'function'
      ? (limiter as HubSpotRateLimiter)
      : undefined;

  if (
    options.accountId !== undefined &&
    typeof options.accountId !== 'string' &&
    typeof options.accountId !== 'number'
  ) {
    throw new ConfigurationError(
      `accountId must be a string or a number, got ${describeValue(options.accountId)}.`,
      { option: 'accountId', provider: 'hubspot' },
    );
  }
  let accountKey: string | undefined =
    options.accountId !== undefined ? `hubspot:${options.accountId}` : undefined;
  const resolveAccountKey = async (): Promise<string> => {
    accountKey ??= `hubspot:${await fingerprint(credentialId)}`;
    return accountKey;
  };

  // The limiter learns from every answer's rate-limit headers; reading them in
  // the transport keeps core's success path free of hook work.
  const userFetch = options.fetch;
  // Node's http transport when the caller gives no fetch (as core picks it).
  const platform = platformFetch();
  const observingFetch: typeof fetch | undefined = observer
    ? async (input, init) => {
        const response = await (userFetch ?? platform)(input, init);
        if (accountKey && response.status !== 429) {
          observer.observe(accountKey, { status: response.status, headers: response.headers });
        }
        return response;
      }
    : userFetch;

  const http = createHttpClient({
    name: 'hubspot',
    baseURL,
    auth,
    timeoutMs: options.timeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    retry: { retryStatuses: [408, 429, 477, 500, 502, 503, 504], ...options.retry },
    retryHint: (response) => {
      if (observer && accountKey && response.status === 429) {
        observer.observe(accountKey, {
          status: response.status,
          headers: response.headers,
          body: response.body,
        });
      }
      return hubSpotRetryHint(response);
    },
    rateLimiter: limiter,
    logger: options.logger,
    metrics: options.metrics,
    tracer: options.tracer,
    fetch: observingFetch,
    userAgent,
    parseError: parseHubSpotError,
    createError: createHubSpotErrorFactory({
      dailyResetTimeZone: options.limits?.dailyResetTimeZone ?? 'UTC',
      now: () => clock.now(),
    }),
    requestIdHeaders: ['x-hubspot-correlation-id', 'x-request-id'],
    clock: options.clock,
    hooks: options.hooks,
  });

  const retrySettings = options.retry;
  const requestWithResponse = async <T>(request: HubSpotRequest): Promise<HttpResponse<T>> => {
    const key = await resolveAccountKey();
    const { search, ...rest } = request;
    const call = { ...rest, rateLimitKey: search ? `${key}${SEARCH_KEY_SUFFIX}` : key };
    const maxRetries = retrySettings?.maxRetries ?? 2;
    const maxWait = retrySettings?.maxRetryAfterMs ?? 60_000;
    let rateLimitRetries = 0;
    for (;;) {
      try {
        return await http.requestWithResponse<T>(call);
      } catch (error) {
        // Core repeats only calls that are safe to repeat; a 429 was never
        // acted on, so a create is repeated too once the window allows.
        if (
          RateLimitError.isInstance(error) &&
          !QuotaExceededError.isInstance(error) &&
          !isIdempotent(request) &&
          request.retry !== false &&
          rateLimitRetries < maxRetries &&
          (error.retryAfterMs ?? 0) <= maxWait
        ) {
          rateLimitRetries += 1;
          await clock.sleep(error.retryAfterMs ?? 0, request.signal);
          continue;
        }
        throw error;
      }
    }
  };

  const transport: Transport = {
    paths: apiPaths(apiVersion),
    clock,
    batchConcurrency,
    requestWithResponse,
    async request<T>(request: HubSpotRequest): Promise<T> {
      return (await requestWithResponse<T>(request)).data;
    },
  };

  const cache = new Map<string, CrmObjectsApi>();
  const objects = (objectType: string): CrmObjectsApi => {
    const issues = new Issues('objects');
    issues.objectType(['objectType'], objectType);
    // `objects('..')` would otherwise address `/crm/` itself.
    issues.throwIfAny();
    let api = cache.get(objectType);
    if (!api) {
      api = createObjectsApi(transport, objectType);
      cache.set(objectType, api);
    }
    return api;
  };

  return {
    apiVersion,
    contacts: objects('contacts'),
    companies: objects('companies'),
    deals: objects('deals'),
    objects,
    associations: createAssociationsApi(transport),
    sync: createSyncApi(transport),
    webhooks,
    oauth,
    rateLimiter: limiter,
  };
}
