import {
  ConfigurationError,
  createHttpClient,
  type HttpClientOptions,
  ValidationError,
} from '@int/core';
import {
  pkceChallenge,
  type StandInToken,
  type StandInTokenStore,
  standInAuthorizationCode,
  standInMemoryTokenStore,
} from './core-standins.js';

export const HUBSPOT_AUTHORIZE_URL = 'https://app.hubspot.com/oauth/authorize';

/** `2026-03` (default), `v3`, or the legacy `v1` (sunset 2027-02-16). */
export type OAuthTokenVersion = '2026-03' | 'v3' | 'v1';

export type HubSpotTokenStore = StandInTokenStore;
export type HubSpotToken = StandInToken;

export interface HubSpotOAuthSettings {
  clientId: string;
  clientSecret: string;
  redirectURI: string;
  /** The installed account's refresh token (or let `exchangeCode` store one). */
  refreshToken?: string;
  /** Where tokens are kept. Default: in memory. */
  tokenStore?: HubSpotTokenStore;
  /** Key of this account's token in the store. Default `hubspot:<clientId>`. */
  tokenKey?: string;
  /** Token endpoint version. Default `2026-03`. */
  tokenVersion?: OAuthTokenVersion;
  /** Refresh this long before expiry. Default 60 000 ms (tokens live 30 minutes). */
  refreshSkewMs?: number;
}

export interface AuthorizationUrlOptions {
  scopes: string[];
  optionalScopes?: string[];
  state?: string;
  /** PKCE verifier; its S256 challenge goes in the URL. */
  codeVerifier?: string;
}

/** A HubSpot token answer, snake_case as sent. */
export interface HubSpotTokenResponse {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
  token_type?: string;
  hub_id?: number;
  [key: string]: unknown;
}

export interface HubSpotOAuth {
  authorizationUrl(options: AuthorizationUrlOptions): Promise<string>;
  /** Trades the code from the redirect for tokens, and stores them. */
  exchangeCode(code: string, options?: { codeVerifier?: string }): Promise<HubSpotToken>;
  /** Refreshes now (single flight). */
  refresh(): Promise<HubSpotToken>;
  /** The auth strategy the client uses. Internal. */
  readonly strategy: {
    apply(request: { headers: Record<string, string> }): Promise<void>;
    refresh(): Promise<void>;
  };
}

export function tokenPath(version: OAuthTokenVersion): string {
  return version === 'v1' ? '/oauth/v1/token' : `/oauth/${version}/token`;
}

export function createHubSpotOAuth(
  settings: HubSpotOAuthSettings,
  http: Pick<
    HttpClientOptions,
    'baseURL' | 'fetch' | 'logger' | 'metrics' | 'timeoutMs' | 'clock' | 'userAgent' | 'tracer'
  >,
): HubSpotOAuth {
  const issues: Array<{ path: string[]; message: string }> = [];
  for (const name of ['clientId', 'clientSecret', 'redirectURI'] as const) {
    if (typeof settings?.[name] !== 'string' || settings[name].length === 0) {
      issues.push({ path: ['oauth', name], message: 'is required' });
    }
  }
  if (issues.length > 0) {
    throw new ConfigurationError(
      `HubSpot OAuth settings are incomplete: ${issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}.`,
      { option: issues[0]!.path.join('.'), provider: 'hubspot' },
    );
  }
  const version = settings.tokenVersion ?? '2026-03';
  const now = () => http.clock?.now() ?? Date.now();
  const client = createHttpClient({
    name: 'hubspot',
    baseURL: http.baseURL,
    fetch: http.fetch,
    logger: http.logger,
    metrics: http.metrics,
    tracer: http.tracer,
    timeoutMs: http.timeoutMs,
    clock: http.clock,
    userAgent: http.userAgent,
  });
  const requestToken = async (form: Record<string, string>): Promise<HubSpotToken> => {
    const response = await client.request<HubSpotTokenResponse>({
      method: 'POST',
      path: tokenPath(version),
      body: {
        ...form,
        client_id: settings.clientId,
        client_secret: settings.clientSecret,
        redirect_uri: settings.redirectURI,
      },
      bodyEncoding: 'form',
      operation: 'oauth.token',
      // A refresh token may be single-use: a lost answer is not repeated blindly.
      retry: false,
    });
    return {
      ...response,
      accessToken: response.access_token,
      refreshToken: response.refresh_token,
      expiresAt: now() + (response.expires_in ?? 1800) * 1000,
    };
  };
  const strategy = standInAuthorizationCode({
    storeKey: settings.tokenKey ?? `hubspot:${settings.clientId}`,
    tokenStore: settings.tokenStore ?? standInMemoryTokenStore(),
    initialRefreshToken: settings.refreshToken,
    skewMs: settings.refreshSkewMs ?? 60_000,
    now,
    requestToken,
  });
  return {
    async authorizationUrl(options) {
      if (!options || !Array.isArray(options.scopes) || options.scopes.length === 0) {
        throw new ValidationError([{ path: ['scopes'], message: 'must be a non-empty list' }], {
          provider: 'hubspot',
          operation: 'oauth.authorizationUrl',
        });
      }
      const url = new URL(HUBSPOT_AUTHORIZE_URL);
      url.searchParams.set('client_id', settings.clientId);
      url.searchParams.set('redirect_uri', settings.redirectURI);
      url.searchParams.set('scope', options.scopes.join(' '));
      if (options.optionalScopes?.length)
        url.searchParams.set('optional_scope', options.optionalScopes.join(' '));
      if (options.state) url.searchParams.set('state', options.state);
      if (options.codeVerifier) {
        url.searchParams.set('code_challenge', await pkceChallenge(options.codeVerifier));
        url.searchParams.set('code_challenge_method', 'S256');
      }
      return url.toString();
    },
    exchangeCode: (code, options = {}) => {
      if (typeof code !== 'string' || code.length === 0) {
        return Promise.reject(
          new ValidationError([{ path: ['code'], message: 'must be a non-empty string' }], {
            provider: 'hubspot',
            operation: 'oauth.exchangeCode',
          }),
        );
      }
      return strategy.exchangeCode(code, options.codeVerifier);
    },
    refresh: () => strategy.refreshNow(),
    strategy,
  };
}
