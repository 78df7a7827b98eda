import type { AuthStrategy } from '../auth-strategy.js';
import { bearerTokenOf, type RefreshContext } from '../auth-strategy.js';
import { systemClock } from '../clock.js';
import {
  AuthenticationError,
  ConfigurationError,
  OAuthCallbackError,
  ValidationError,
} from '../errors.js';
import { parseServiceUrl } from '../url.js';
import { createManagedToken } from './managed-token.js';
import { pkceChallenge } from './pkce.js';
import { timingSafeEqual } from './timing-safe-equal.js';
import { createTokenEndpoint, scopeParam, type TokenEndpointOptions } from './token-endpoint.js';
import {
  defaultTokenKey,
  memoryTokenStore,
  type StoredToken,
  type TokenStore,
} from './token-store.js';

export interface OAuth2AuthorizationCodeOptions extends TokenEndpointOptions {
  /** Authorization endpoint the user is sent to, an absolute https:// URL. */
  authorizeURL: string;
  /** Registered redirect URI; sent with the authorization request and the code exchange. */
  redirectURI: string;
  /** Requested scope; an array is joined with spaces. Default: none. */
  scope?: string | ReadonlyArray<string> | undefined;
  /** Where the tokens are kept. Default: a new `memoryTokenStore()`. */
  tokenStore?: TokenStore | undefined;
  /**
   * Store key. Default: derived from grant, `tokenURL` and `clientId`, which
   * holds one connection; pass one key per user or account when you have several.
   */
  tokenKey?: string | undefined;
  /** An access token is refreshed this long before it expires. Default 60 000 ms. */
  expirySkewMs?: number | undefined;
  /** Longest hold of the store lock while refreshing. Default 30 000 ms. */
  lockTtlMs?: number | undefined;
}

export interface AuthorizationUrlOptions {
  /** Opaque value bound to the user's session; checked on the callback. See `createState()`. */
  state: string;
  /** PKCE verifier (see `createPkcePair()`); its S256 challenge is sent. Recommended. */
  codeVerifier?: string | undefined;
  /** Overrides the strategy's scope for this request. */
  scope?: string | ReadonlyArray<string> | undefined;
  /** More query parameters, e.g. `{ prompt: 'consent' }`; they cannot replace the ones above. */
  extraParams?: Record<string, string> | undefined;
}

export interface ExchangeCodeOptions {
  /** The verifier whose challenge went into the authorization URL. */
  codeVerifier?: string | undefined;
}

export interface HandleCallbackOptions extends ExchangeCodeOptions {
  /** The `state` issued with the authorization URL (kept in the user's session). */
  expectedState: string;
}

export interface OAuth2AuthorizationCode extends AuthStrategy {
  /** The URL to send the user to (RFC 6749 §4.1.1, PKCE S256 per RFC 7636). */
  authorizationUrl(options: AuthorizationUrlOptions): Promise<string>;
  /**
   * Checks the callback's `state` (timing-safe), surfaces its `error`, then
   * exchanges its code. Throws `OAuthCallbackError`.
   */
  handleCallback(callbackUrl: string | URL, options: HandleCallbackOptions): Promise<StoredToken>;
  /** Exchanges an authorization code for tokens and stores them. */
  exchangeCode(code: string, options?: ExchangeCodeOptions | string): Promise<StoredToken>;
  /** The current access token, refreshed when it is about to expire. */
  getToken(): Promise<string>;
  /** Uses the refresh token now; a rotated refresh token replaces the old one. */
  refresh(): Promise<void>;
}

const MUST_AUTHORIZE = 'the user must authorize again';

/** OAuth 2.0 authorization code grant with PKCE and refresh tokens. */
export function oauth2AuthorizationCode(
  options: OAuth2AuthorizationCodeOptions,
): OAuth2AuthorizationCode {
  if (!options || typeof options.clientId !== 'string' || options.clientId.length === 0) {
    throw new ConfigurationError('oauth2AuthorizationCode() needs a clientId.', {
      option: 'clientId',
    });
  }
  if (typeof options.redirectURI !== 'string' || options.redirectURI.length === 0) {
    throw new ConfigurationError('oauth2AuthorizationCode() needs a redirectURI.', {
      option: 'redirectURI',
    });
  }
  const clock = options.clock ?? systemClock;
  const endpoint = createTokenEndpoint(options, clock);
  const provider = endpoint.name;
  const authorizeURL = parseServiceUrl(options.authorizeURL, 'authorizeURL', {
    provider,
    allowInsecureHttp: options.allowInsecureHttp ?? false,
  });
  const store = options.tokenStore ?? memoryTokenStore();
  const key =
    options.tokenKey ?? defaultTokenKey('authorization_code', options.tokenURL, options.clientId);

  const refreshWith = async (stored: StoredToken | undefined): Promise<StoredToken> => {
    if (!stored?.refreshToken) {
      throw new AuthenticationError(
        `${provider} has no usable token for this connection; ${MUST_AUTHORIZE} (no refresh token stored).`,
        { provider, operation: 'oauth2.refresh', status: 401, code: 'authorization_required' },
      );
    }
    try {
      const token = await endpoint.requestToken('refresh_token', {
        refresh_token: stored.refreshToken,
      });
      // Without rotation the server sends no new refresh token: keep the old one.
      return { ...token, refreshToken: token.refreshToken ?? stored.refreshToken };
    } catch (error) {
      if (AuthenticationError.isInstance(error) && error.code === 'invalid_grant') {
        // The refresh token is dead; keeping it would only fail again.
        await store.delete(key);
        throw new AuthenticationError(
          `${provider} refresh token was rejected (invalid_grant); ${MUST_AUTHORIZE}.`,
          {
            provider,
            operation: 'oauth2.refresh',
            status: error.status,
            body: error.body,
            headers: error.headers,
            requestId: error.requestId,
            code: 'invalid_grant',
            cause: error,
          },
        );
      }
      throw error;
    }
  };

  const managed = createManagedToken({
    store,
    key,
    clock,
    skewMs: options.expirySkewMs ?? 60_000,
    lockTtlMs: options.lockTtlMs ?? 30_000,
    obtain: refreshWith,
  });

  async function exchangeCode(
    code: string,
    exchange?: ExchangeCodeOptions | string,
  ): Promise<StoredToken> {
    if (typeof code !== 'string' || code.length === 0) {
      throw new ValidationError([{ path: ['code'], message: 'must be a non-empty string' }], {
        provider,
        operation: 'oauth2.exchangeCode',
      });
    }
    const codeVerifier = typeof exchange === 'string' ? exchange : exchange?.codeVerifier;
    const token = await endpoint.requestToken('authorization_code', {
      code,
      redirect_uri: options.redirectURI,
      code_verifier: codeVerifier,
    });
    await managed.set(token);
    return token;
  }

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
    exchangeCode,

    async authorizationUrl(request) {
      if (!request || typeof request.state !== 'string' || request.state.length === 0) {
        throw new ValidationError(
          [{ path: ['state'], message: 'must be a non-empty string (see createState())' }],
          {
            provider,
            operation: 'oauth2.authorizationUrl',
          },
        );
      }
      const url = new URL(authorizeURL);
      for (const [name, value] of Object.entries(request.extraParams ?? {}))
        url.searchParams.set(name, value);
      // Set last so extra parameters cannot replace the security-relevant ones.
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', options.clientId);
      url.searchParams.set('redirect_uri', options.redirectURI);
      const scope = scopeParam(request.scope ?? options.scope);
      if (scope) url.searchParams.set('scope', scope);
      url.searchParams.set('state', request.state);
      if (request.codeVerifier !== undefined) {
        url.searchParams.set('code_challenge', await pkceChallenge(request.codeVerifier));
        url.searchParams.set('code_challenge_method', 'S256');
      }
      return url.toString();
    },

    async handleCallback(callbackUrl, callback) {
      let url: URL;
      try {
        url = new URL(String(callbackUrl));
      } catch {
        throw new OAuthCallbackError(`${provider} OAuth callback URL could not be parsed.`, {
          provider,
          operation: 'oauth2.callback',
          reason: 'missing_code',
        });
      }
      const expected = callback?.expectedState;
      const state = url.searchParams.get('state');
      if (typeof expected !== 'string' || expected.length === 0 || !state) {
        throw new OAuthCallbackError(
          `${provider} OAuth callback has no state to check; refusing it (possible forged callback).`,
          { provider, operation: 'oauth2.callback', reason: 'missing_state' },
        );
      }
      if (!timingSafeEqual(state, expected)) {
        throw new OAuthCallbackError(
          `${provider} OAuth callback state does not match the one issued; refusing it (possible forged callback).`,
          { provider, operation: 'oauth2.callback', reason: 'state_mismatch' },
        );
      }
      const error = url.searchParams.get('error');
      if (error) {
        const description = url.searchParams.get('error_description') ?? undefined;
        throw new OAuthCallbackError(
          `${provider} authorization failed: ${error.slice(0, 100)}${description ? ` (${description.slice(0, 300)})` : ''}.`,
          {
            provider,
            operation: 'oauth2.callback',
            reason: 'authorization_error',
            error,
            errorDescription: description,
          },
        );
      }
      const code = url.searchParams.get('code');
      if (!code) {
        throw new OAuthCallbackError(`${provider} OAuth callback carries no code.`, {
          provider,
          operation: 'oauth2.callback',
          reason: 'missing_code',
        });
      }
      return exchangeCode(code, { codeVerifier: callback.codeVerifier });
    },
    secrets: () => (options.clientSecret ? [options.clientSecret] : []),
  };
}
