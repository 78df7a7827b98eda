import {
  type AuthStrategy,
  type Clock,
  ConfigurationError,
  memoryRateLimiter,
  oauth2ClientCredentials,
  platformFetch,
} from '@int/core';
import type { FedExAuthOptions, FedExGrantType, TokenRequestGuard } from './fedex-option-types.js';

export const GRANT_TYPES: ReadonlyArray<FedExGrantType> = [
  'client_credentials',
  'csp_credentials',
  'client_pc_credentials',
];

/**
 * FedEx locks token generation out for about 10 minutes per IP past a burst
 * (3/s sustained 5 s) or an average (1/s sustained 2 min). With tokens cached
 * for an hour a process needs a handful, so the guard allows at most 5 token
 * requests per 10 s and 30 per 2 min, waiting (never failing) past that.
 */
export function defaultTokenGuard(clock?: Clock): TokenRequestGuard {
  const limiters = [
    memoryRateLimiter({ limit: 5, intervalMs: 10_000, clock }),
    memoryRateLimiter({ limit: 30, intervalMs: 120_000, clock }),
  ];
  return {
    async acquire(signal) {
      for (const limiter of limiters) (await limiter.acquire('fedex-oauth', { signal }))();
    },
  };
}

/**
 * OAuth for FedEx on core's client-credentials strategy: `POST /oauth/token`,
 * form-encoded, cached per environment + client id + child key, refreshed 60 s
 * before expiry, one request for any number of concurrent callers (and one
 * refresh however many calls saw the same 401), token requests paced by a
 * lockout guard.
 */
export function fedexAuth(options: FedExAuthOptions): AuthStrategy {
  const { childKey, childSecret, clock } = options;
  // Each is checked when the client is created; the pair when a token is first needed.
  if ((childKey === undefined) !== (childSecret === undefined)) {
    throw new ConfigurationError('FedEx childKey and childSecret go together; pass both.', {
      provider: 'fedex',
      option: childKey === undefined ? 'childKey' : 'childSecret',
    });
  }
  const guard = options.tokenGuard ?? defaultTokenGuard(clock);
  const baseFetch = options.fetch ?? platformFetch();
  const grantType = options.grantType ?? (childKey ? 'csp_credentials' : 'client_credentials');
  const oauth = oauth2ClientCredentials({
    name: 'fedex',
    tokenURL: `${options.baseURL}/oauth/token`,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    // FedEx takes the credentials as form fields, not HTTP Basic.
    clientAuth: 'body',
    grantType,
    // FedEx spells it `child_Key` (capital K).
    extraParams:
      grantType === 'client_credentials'
        ? undefined
        : { child_Key: childKey ?? '', child_secret: childSecret ?? '' },
    tokenKey: `fedex:${options.environment}:${options.clientId}:${childKey ?? ''}`,
    tokenStore: options.tokenStore,
    fetch: async (input, init) => {
      await guard.acquire(init?.signal ?? undefined);
      return baseFetch(input, init);
    },
    logger: options.logger,
    clock,
    timeoutMs: options.timeoutMs,
  });
  return { ...oauth, secrets: () => [options.clientSecret, ...(childSecret ? [childSecret] : [])] };
}
