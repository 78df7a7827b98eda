import {
  type AuthStrategy,
  bearerTokenOf,
  type Clock,
  type Logger,
  memoryRateLimiter,
  oauth2ClientCredentials,
  platformFetch,
  type RateLimiter,
  type RefreshContext,
  type TokenStore,
} from '@int/core';

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
  clock?: Clock | undefined;
  logger?: Logger | undefined;
  timeoutMs?: number | undefined;
}

/** Waits until one more token request stays under FedEx's per-IP lockout thresholds. */
export interface TokenRequestGuard {
  acquire(signal?: AbortSignal): Promise<void>;
}

/**
 * FedEx locks token generation out for about 10 minutes per IP past a burst
 * (3/s sustained 5 s) or an average (1/s sustained 2 min). With tokens cached
 * for an hour a process needs a handful, so the guard allows at most 5 token
 * requests per 10 s and 30 per 2 min, waiting (never failing) past that.
 */
export function defaultTokenGuard(clock?: Clock): TokenRequestGuard {
  const limiters: RateLimiter[] = [
    memoryRateLimiter({ limit: 5, intervalMs: 10_000, clock }),
    memoryRateLimiter({ limit: 30, intervalMs: 120_000, clock }),
  ];
  return {
    async acquire(signal) {
      for (const limiter of limiters) {
        const release = await limiter.acquire('fedex-oauth', { signal });
        release();
      }
    },
  };
}

export function grantTypeFor(options: {
  childKey?: string | undefined;
  childSecret?: string | undefined;
  grantType?: FedExGrantType | undefined;
}): FedExGrantType {
  if (options.grantType) return options.grantType;
  return options.childKey && options.childSecret ? 'csp_credentials' : 'client_credentials';
}

/**
 * OAuth for FedEx on core's client-credentials strategy: `POST /oauth/token`,
 * form-encoded, cached per environment + client id + child key, refreshed 60 s
 * before expiry, one request for any number of concurrent callers, token
 * requests paced by a lockout guard, and a 401 refreshing at most once per
 * token however many calls saw it.
 */
export function fedexAuth(
  options: FedExAuthOptions,
): AuthStrategy & { refresh(context?: RefreshContext): Promise<void> } {
  const guard = options.tokenGuard ?? defaultTokenGuard(options.clock);
  const baseFetch = options.fetch ?? platformFetch();
  const guardedFetch: typeof fetch = async (input, init) => {
    await guard.acquire(init?.signal ?? undefined);
    return baseFetch(input, init);
  };
  const grantType = grantTypeFor(options);
  const child = grantType !== 'client_credentials';
  const inner = oauth2ClientCredentials({
    name: 'fedex',
    tokenURL: `${options.baseURL.replace(/\/+$/, '')}/oauth/token`,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    // FedEx takes the credentials as form fields, not HTTP Basic.
    clientAuth: 'body',
    grantType,
    // FedEx spells it `child_Key` (capital K).
    extraParams: child
      ? { child_Key: options.childKey ?? '', child_secret: options.childSecret ?? '' }
      : undefined,
    tokenKey: `fedex:${options.environment}:${options.clientId}:${options.childKey ?? ''}`,
    tokenStore: options.tokenStore,
    expirySkewMs: 60_000,
    fetch: guardedFetch,
    logger: options.logger,
    clock: options.clock,
    timeoutMs: options.timeoutMs,
  });

  let generation = 0;
  let refreshing: Promise<void> | undefined;
  // Which refresh generation each token was applied in, read back from the
  // rejected request core hands to refresh(): a 401 refreshes only a token
  // nobody replaced yet, with no per-call context (Workers have no
  // AsyncLocalStorage without nodejs_compat). Tokens live an hour: a few entries.
  const appliedIn = new Map<string, number>();

  return {
    async apply(request) {
      const seen = generation;
      await inner.apply(request);
      const token = bearerTokenOf(request);
      if (token === undefined) return;
      appliedIn.delete(token);
      appliedIn.set(token, seen);
      if (appliedIn.size > 8) appliedIn.delete(appliedIn.keys().next().value as string);
    },
    async refresh(context) {
      const rejected = bearerTokenOf(context?.rejected);
      const seen = rejected === undefined ? undefined : appliedIn.get(rejected);
      // Another call already replaced the token this call was rejected with.
      if (seen !== undefined && seen < generation && !refreshing) return;
      if (!refreshing) {
        refreshing = inner
          .refresh()
          .then(() => {
            generation += 1;
          })
          .finally(() => {
            refreshing = undefined;
          });
      }
      await refreshing;
    },
    secrets: () => [
      ...(inner.secrets?.() ?? []),
      ...(options.childSecret ? [options.childSecret] : []),
    ],
  };
}
