import {
  type Clock,
  ConfigurationError,
  type Logger,
  memoryTokenStore,
  oauth2AuthorizationCode,
  seedRefreshToken,
  ValidationIssues,
} from '@int/core';
import type { HubSpotOAuth, HubSpotOAuthSettings, OAuthTokenVersion } from './hubspot-types.js';

export const HUBSPOT_AUTHORIZE_URL = 'https://app.hubspot.com/oauth/authorize';

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
  const auth = seedRefreshToken(strategy, {
    tokenStore: store,
    tokenKey: key,
    refreshToken: settings.refreshToken,
  });
  return {
    authorizationUrl(options) {
      const issues = new ValidationIssues('hubspot', 'oauth.authorizationUrl');
      if (!Array.isArray(options?.scopes) || options.scopes.length === 0) {
        issues.add(['scopes'], 'must be a non-empty list');
      }
      return Promise.resolve(issues.throwIfAny()).then(() =>
        strategy.authorizationUrl({
          state: options.state,
          codeVerifier: options.codeVerifier,
          scope: options.scopes,
          ...(options.optionalScopes?.length
            ? { extraParams: { optional_scope: options.optionalScopes.join(' ') } }
            : {}),
        }),
      );
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
