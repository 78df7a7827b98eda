import {
  type Clock,
  ConfigurationError,
  type Logger,
  memoryTokenStore,
  type OAuth2AuthorizationCode,
  oauth2AuthorizationCode,
  type StoredToken,
  type TokenStore,
  ValidationError,
} from '@int/core';

export const HUBSPOT_AUTHORIZE_URL = 'https://app.hubspot.com/oauth/authorize';

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

export function tokenPath(version: OAuthTokenVersion): string {
  return version === 'v1' ? '/oauth/v1/token' : `/oauth/${version}/token`;
}

export function createHubSpotOAuth(
  settings: HubSpotOAuthSettings,
  http: {
    baseURL: string;
    fetch?: typeof fetch | undefined;
    logger?: Logger | undefined;
    timeoutMs?: number | undefined;
    clock?: Clock | undefined;
  },
): HubSpotOAuth {
  const missing = (['clientId', 'clientSecret', 'redirectURI'] as const).filter(
    (name) => typeof settings?.[name] !== 'string' || settings[name].length === 0,
  );
  if (missing.length > 0) {
    throw new ConfigurationError(
      `HubSpot OAuth settings are incomplete: ${missing.map((name) => `oauth.${name}`).join(', ')} required.`,
      { option: `oauth.${missing[0]}`, provider: 'hubspot' },
    );
  }
  const store = settings.tokenStore ?? memoryTokenStore();
  const key = settings.tokenKey ?? `hubspot:oauth:${settings.clientId}`;
  const strategy = oauth2AuthorizationCode({
    name: 'hubspot',
    authorizeURL: HUBSPOT_AUTHORIZE_URL,
    tokenURL: new URL(tokenPath(settings.tokenVersion ?? '2026-03'), http.baseURL).toString(),
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    // HubSpot reads the client credentials from the form body.
    clientAuth: 'body',
    redirectURI: settings.redirectURI,
    tokenStore: store,
    tokenKey: key,
    expirySkewMs: settings.refreshSkewMs ?? 60_000,
    fetch: http.fetch,
    logger: http.logger,
    clock: http.clock,
    timeoutMs: http.timeoutMs,
  });
  // A refresh token given up front is stored once, as a token that must be refreshed before use.
  let seeded: Promise<void> | undefined;
  const seed = (): Promise<void> => {
    seeded ??= (async () => {
      if (settings.refreshToken && !(await store.get(key))) {
        await store.set(key, {
          accessToken: '',
          refreshToken: settings.refreshToken,
          expiresAt: 0,
        });
      }
    })();
    return seeded;
  };
  const auth: OAuth2AuthorizationCode = {
    ...strategy,
    async apply(request) {
      await seed();
      return strategy.apply(request);
    },
    async refresh() {
      await seed();
      return strategy.refresh();
    },
    async getToken() {
      await seed();
      return strategy.getToken();
    },
  };
  return {
    authorizationUrl(options) {
      if (!options || !Array.isArray(options.scopes) || options.scopes.length === 0) {
        return Promise.reject(
          new ValidationError([{ path: ['scopes'], message: 'must be a non-empty list' }], {
            provider: 'hubspot',
            operation: 'oauth.authorizationUrl',
          }),
        );
      }
      return strategy.authorizationUrl({
        state: options.state,
        codeVerifier: options.codeVerifier,
        scope: options.scopes,
        ...(options.optionalScopes?.length
          ? { extraParams: { optional_scope: options.optionalScopes.join(' ') } }
          : {}),
      });
    },
    exchangeCode: (code, options = {}) => strategy.exchangeCode(code, options),
    async refresh() {
      await auth.refresh();
      const token = await store.get(key);
      if (!token)
        throw new ConfigurationError('HubSpot OAuth has no token after a refresh.', {
          provider: 'hubspot',
        });
      return token;
    },
    strategy: auth,
  };
}
