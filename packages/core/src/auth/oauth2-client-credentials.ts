import type { AuthStrategy } from '../auth-strategy.js';
import { bearerTokenOf, type RefreshContext } from '../auth-strategy.js';
import { systemClock } from '../clock.js';
import { ConfigurationError } from '../errors.js';
import { createManagedToken } from './managed-token.js';
import { createTokenEndpoint, scopeParam, type TokenEndpointOptions } from './token-endpoint.js';
import { defaultTokenKey, memoryTokenStore, type TokenStore } from './token-store.js';

export interface OAuth2ClientCredentialsOptions extends TokenEndpointOptions {
  clientSecret: string;
  /** Requested scope; an array is joined with spaces. Default: none (the server's default). */
  scope?: string | ReadonlyArray<string> | undefined;
  /**
   * `grant_type` sent. Default `client_credentials`; for a provider's variant of
   * the same flow (FedEx `csp_credentials` / `client_pc_credentials`).
   */
  grantType?: string | undefined;
  /** More form fields for the token request, e.g. `{ audience }`. */
  extraParams?: Record<string, string> | undefined;
  /** Where the token is cached. Default: a new `memoryTokenStore()`. */
  tokenStore?: TokenStore | undefined;
  /** Store key. Default: derived from grant, `tokenURL` and `clientId`. */
  tokenKey?: string | undefined;
  /** A token is replaced this long before it expires. Default 60 000 ms. */
  expirySkewMs?: number | undefined;
  /** Longest hold of the store lock while fetching. Default 30 000 ms. */
  lockTtlMs?: number | undefined;
}

export interface OAuth2ClientCredentials extends AuthStrategy {
  /** The current access token, fetched or renewed when needed. */
  getToken(): Promise<string>;
  /** Fetches a new token now (also what a 401 triggers). */
  refresh(): Promise<void>;
}

/** OAuth 2.0 client credentials grant (RFC 6749 §4.4), cached and renewed ahead of expiry. */
export function oauth2ClientCredentials(
  options: OAuth2ClientCredentialsOptions,
): OAuth2ClientCredentials {
  if (!options || typeof options.clientId !== 'string' || options.clientId.length === 0) {
    throw new ConfigurationError('oauth2ClientCredentials() needs a clientId.', {
      option: 'clientId',
    });
  }
  if (typeof options.clientSecret !== 'string' || options.clientSecret.length === 0) {
    throw new ConfigurationError('oauth2ClientCredentials() needs a clientSecret.', {
      option: 'clientSecret',
    });
  }
  const clock = options.clock ?? systemClock;
  const grantType = options.grantType ?? 'client_credentials';
  const endpoint = createTokenEndpoint(options, clock);
  const managed = createManagedToken({
    store: options.tokenStore ?? memoryTokenStore(),
    key: options.tokenKey ?? defaultTokenKey(grantType, options.tokenURL, options.clientId),
    clock,
    skewMs: options.expirySkewMs ?? 60_000,
    lockTtlMs: options.lockTtlMs ?? 30_000,
    obtain: () =>
      endpoint.requestToken(grantType, {
        scope: scopeParam(options.scope),
        ...options.extraParams,
      }),
  });

  return {
    async apply(request) {
      const token = await managed.get();
      request.headers.authorization = `Bearer ${token.accessToken}`;
    },
    async getToken() {
      return (await managed.get()).accessToken;
    },
    async refresh(context?: RefreshContext) {
      await managed.refresh(bearerTokenOf(context?.rejected));
    },
    // The access token is scrubbed as the header it is sent in.
    secrets: () => [options.clientSecret],
  };
}
