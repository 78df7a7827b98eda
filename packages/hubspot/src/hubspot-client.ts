import {
  bearer,
  checkProviderOptions,
  createProviderClient,
  dailyQuotaError,
  lazySecret,
  type OptionCheck,
  providerBaseURL,
  rateLimitFeedback,
  sha256Hex,
  toClock,
  ValidationIssues,
} from '@int/core';
import { version } from '../package.json';
import { crmPaths, isApiVersion, LATEST_API_VERSION } from './api-version.js';
import { createAssociationsApi } from './crm-associations.js';
import { createObjectsApi } from './crm-objects.js';
import type { CrmObjectsApi, RequestOptions } from './crm-types.js';
import {
  hubSpotErrorDetails,
  hubSpotRetryHint,
  parseHubSpotError,
  rateLimitPolicy,
} from './hubspot-errors.js';
import { createHubSpotOAuth } from './hubspot-oauth.js';
import { hubSpotRateLimiter, SEARCH_KEY_SUFFIX } from './hubspot-rate-limiter.js';
import { createSyncApi } from './hubspot-search-sync.js';
import type { HubSpot, HubSpotOptions } from './hubspot-types.js';
import { webhooks } from './hubspot-webhooks.js';
import { checkObjectType } from './validation.js';

export const HUBSPOT_BASE_URL = 'https://api.hubapi.com';
export const VERSION: string = version;

const isPositiveInteger = (value: unknown) => Number.isInteger(value) && Number(value) > 0;

/** HubSpot's own options, checked when the client is created: each is absent or passes. */
const CHECKS: ReadonlyArray<OptionCheck<HubSpotOptions>> = [
  ['apiVersion', `a date version such as ${LATEST_API_VERSION} or 'v3'`, isApiVersion],
  ['batchConcurrency', 'a positive integer', isPositiveInteger],
  ['accountId', 'a string or a number', (value) => ['string', 'number'].includes(typeof value)],
];

/**
 * Creates a HubSpot client. Nothing is read from the environment here: the
 * token (`accessToken`, else `HUBSPOT_ACCESS_TOKEN`) is read at the first call.
 */
export function createHubSpot(options: HubSpotOptions = {}): HubSpot {
  checkProviderOptions('hubspot', 'createHubSpot', options, CHECKS);
  const { apiVersion = LATEST_API_VERSION, batchConcurrency = 3, accountId } = options;
  const clock = toClock(options.clock);
  const baseURL = providerBaseURL(options.baseURL, {
    provider: 'hubspot',
    defaultBaseURL: HUBSPOT_BASE_URL,
  });
  const oauth = options.oauth
    ? createHubSpotOAuth(options.oauth, { ...options, baseURL, clock })
    : undefined;
  const token = lazySecret({
    provider: 'hubspot',
    option: 'accessToken',
    envVar: 'HUBSPOT_ACCESS_TOKEN',
    label: 'HubSpot access token',
    value: options.accessToken,
  });
  const credential = () =>
    options.oauth
      ? `oauth:${options.oauth.clientId}:${options.oauth.tokenKey ?? options.oauth.refreshToken ?? ''}`
      : `token:${token()}`;

  const limiter =
    options.rateLimiter === false
      ? undefined
      : (options.rateLimiter ?? hubSpotRateLimiter({ ...options.limits, clock }));
  let accountKey = accountId === undefined ? undefined : `hubspot:${accountId}`;
  const timeZone = options.limits?.dailyResetTimeZone ?? 'UTC';

  const client = createProviderClient<RequestOptions>(
    {
      name: 'hubspot',
      defaultBaseURL: HUBSPOT_BASE_URL,
      auth: oauth ? oauth.strategy : bearer(token),
      userAgent: `int-hubspot/${VERSION}`,
      retry: { retryStatuses: [408, 429, 477, 500, 502, 503, 504] },
      // HubSpot refuses a rate-limited call before acting on it: a create is safe to repeat then.
      notActedOnStatuses: [429],
      rateLimiter: limiter,
      requestIdHeaders: ['x-hubspot-correlation-id', 'x-request-id'],
      parseError: parseHubSpotError,
      errorDetails: (response) => hubSpotErrorDetails(response.body),
      createError: (context) =>
        context.status === 429 && rateLimitPolicy(context.body) === 'DAILY'
          ? dailyQuotaError(context, { now: clock.now(), timeZone })
          : undefined,
      // The limiter learns from every answer's rate-limit headers and from each 429's policy.
      ...rateLimitFeedback(limiter, {
        clock,
        keyOf: () => accountKey,
        retryHint: hubSpotRetryHint,
      }),
      requestOptions: {
        check: (value, issues) => {
          if (value.idempotencyKey !== undefined) {
            issues.add(
              ['options', 'idempotencyKey'],
              'HubSpot has no idempotency keys: use batch.upsert with a unique idProperty',
            );
          }
        },
      },
      async prepare(operation) {
        const secret = credential();
        accountKey ??= `hubspot:${(await sha256Hex(secret)).slice(0, 16)}`;
        const search = operation.endsWith('.search');
        return { rateLimitKey: search ? `${accountKey}${SEARCH_KEY_SUFFIX}` : accountKey };
      },
    },
    { ...options, rateLimiter: undefined },
  );

  const paths = crmPaths(apiVersion);
  const cache = new Map<string, CrmObjectsApi>();
  const objects = (objectType: string) => {
    const issues = new ValidationIssues('hubspot', 'objects');
    // `objects('..')` would otherwise address `/crm/` itself.
    checkObjectType(issues, ['objectType'], objectType);
    issues.throwIfAny();
    const base = paths.objects(objectType);
    const api =
      cache.get(objectType) ?? createObjectsApi(client, base, objectType, batchConcurrency);
    cache.set(objectType, api);
    return api;
  };

  return {
    apiVersion,
    contacts: objects('contacts'),
    companies: objects('companies'),
    deals: objects('deals'),
    objects,
    associations: createAssociationsApi(client, paths.associations),
    sync: createSyncApi((type, request, callOptions) => objects(type).search(request, callOptions)),
    webhooks,
    oauth,
    rateLimiter: limiter,
  };
}
