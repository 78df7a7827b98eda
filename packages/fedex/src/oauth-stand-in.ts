// STAND-IN for core's `oauth2ClientCredentials`, `TokenStore` and
// `memoryTokenStore` (issue 3, not merged yet). Replaced by the core pieces
// after the merge; nothing else in this package may grow its own copy.
import {
  type AuthStrategy,
  apiErrorClassFor,
  type Clock,
  ConnectionError,
  defaultErrorParser,
  ResponseParseError,
  systemClock,
} from '@int/core';

export interface StoredToken {
  accessToken: string;
  /** Epoch ms. */
  expiresAt: number;
  tokenType?: string;
  scope?: string;
}

export interface TokenStore {
  get(key: string): Promise<StoredToken | undefined>;
  set(key: string, token: StoredToken): Promise<void>;
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

export function memoryTokenStore(): TokenStore {
  const tokens = new Map<string, StoredToken>();
  const locks = new Map<string, Promise<unknown>>();
  return {
    get: async (key) => tokens.get(key),
    set: async (key, token) => {
      tokens.set(key, token);
    },
    async withLock(key, fn) {
      const previous = locks.get(key) ?? Promise.resolve();
      const run = previous.then(fn, fn);
      locks.set(
        key,
        run.catch(() => undefined),
      );
      return run;
    },
  };
}

export interface ClientCredentialsOptions {
  tokenURL: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  tokenStore?: TokenStore;
  /** Store key. Default: token URL + client id. */
  cacheKey?: string;
  grantType?: string;
  /** More form fields for the token request. */
  extraParams?: Record<string, string | undefined>;
  /** Refresh this long before expiry. Default 60 000 ms. */
  skewMs?: number;
  fetch?: typeof fetch;
  clock?: Clock;
  provider?: string;
}

export interface ClientCredentialsStrategy extends AuthStrategy {
  refresh(): Promise<void>;
  /** A valid access token, fetched once for any number of concurrent callers. */
  getToken(): Promise<string>;
}

export function oauth2ClientCredentials(
  options: ClientCredentialsOptions,
): ClientCredentialsStrategy {
  const store = options.tokenStore ?? memoryTokenStore();
  const clock = options.clock ?? systemClock;
  const skewMs = options.skewMs ?? 60_000;
  const key = options.cacheKey ?? `${options.tokenURL}|${options.clientId}`;
  const provider = options.provider ?? 'oauth';
  let inFlight: Promise<StoredToken> | undefined;

  const fresh = (token: StoredToken | undefined): token is StoredToken =>
    token !== undefined && clock.now() < token.expiresAt - skewMs;

  const fetchToken = async (): Promise<StoredToken> => {
    const form = new URLSearchParams();
    form.set('grant_type', options.grantType ?? 'client_credentials');
    form.set('client_id', options.clientId);
    form.set('client_secret', options.clientSecret);
    if (options.scope) form.set('scope', options.scope);
    for (const [name, value] of Object.entries(options.extraParams ?? {})) {
      if (value !== undefined) form.set(name, value);
    }
    const doFetch = options.fetch ?? globalThis.fetch;
    let response: Response;
    try {
      response = await doFetch(options.tokenURL, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
      });
    } catch (cause) {
      throw new ConnectionError(`${provider} token request could not connect.`, {
        provider,
        operation: 'oauth.token',
        beforeRequestSent: false,
        cause,
      });
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    if (!response.ok) {
      const details = defaultErrorParser({
        status: response.status,
        headers: response.headers,
        body,
      });
      const ErrorClass = apiErrorClassFor(response.status);
      const said = details.message ? `: ${details.message}` : '';
      throw new ErrorClass(`${provider} token request failed with ${response.status}${said}`, {
        provider,
        operation: 'oauth.token',
        status: response.status,
        code: details.code,
        body,
      });
    }
    const record = (body ?? {}) as Record<string, unknown>;
    if (typeof record.access_token !== 'string') {
      throw new ResponseParseError(`${provider} token response carried no access_token.`, {
        provider,
        operation: 'oauth.token',
        status: response.status,
      });
    }
    const expiresIn = typeof record.expires_in === 'number' ? record.expires_in : 3600;
    const token: StoredToken = {
      accessToken: record.access_token,
      expiresAt: clock.now() + expiresIn * 1000,
      tokenType: typeof record.token_type === 'string' ? record.token_type : undefined,
      scope: typeof record.scope === 'string' ? record.scope : undefined,
    };
    await store.set(key, token);
    return token;
  };

  const load = (force: boolean): Promise<StoredToken> => {
    if (inFlight) return inFlight;
    inFlight = store
      .withLock(key, async () => {
        const cached = await store.get(key);
        if (!force && fresh(cached)) return cached;
        return fetchToken();
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  const getToken = async (): Promise<string> => {
    const cached = await store.get(key);
    if (fresh(cached)) return cached.accessToken;
    return (await load(false)).accessToken;
  };

  return {
    getToken,
    async apply(request) {
      request.headers.authorization = `Bearer ${await getToken()}`;
    },
    async refresh() {
      await load(true);
    },
  };
}
