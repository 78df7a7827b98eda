// Private stand-ins for @int/core pieces that are being built on other
// branches (auth strategies: issue 3; webhook HMAC helpers: issue 4). Each is
// replaced by the core export once that branch is merged into main.

const encoder = new TextEncoder();

/** HMAC-SHA256 of `message` keyed with `secret`, base64. */
export async function hmacSha256Base64(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
  let binary = '';
  for (const byte of signature) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Constant-time comparison of two strings' bytes (time depends only on the longer length). */
export function timingSafeEqualText(expected: string, actual: string): boolean {
  const left = encoder.encode(expected);
  const right = encoder.encode(actual);
  const length = Math.max(left.length, right.length);
  let difference = left.length ^ right.length;
  for (let index = 0; index < length; index += 1) {
    difference |= (left[index] ?? 0) ^ (right[index] ?? 0);
  }
  return difference === 0;
}

/** Stand-in for core's `TokenStore` (issue 3). */
export interface StandInToken {
  accessToken: string;
  refreshToken?: string;
  /** Epoch ms. */
  expiresAt?: number;
  [key: string]: unknown;
}

export interface StandInTokenStore {
  get(key: string): Promise<StandInToken | undefined>;
  set(key: string, token: StandInToken): Promise<void>;
}

export function standInMemoryTokenStore(): StandInTokenStore {
  const tokens = new Map<string, StandInToken>();
  return {
    get: async (key) => tokens.get(key),
    set: async (key, token) => {
      tokens.set(key, token);
    },
  };
}

/** Stand-in for core's `oauth2AuthorizationCode` (issue 3): refresh ahead of expiry, single flight. */
export function standInAuthorizationCode(options: {
  storeKey: string;
  tokenStore: StandInTokenStore;
  initialRefreshToken: string | undefined;
  skewMs: number;
  now: () => number;
  requestToken: (form: Record<string, string>) => Promise<StandInToken>;
}) {
  let inflight: Promise<StandInToken> | undefined;
  const refresh = (): Promise<StandInToken> => {
    inflight ??= (async () => {
      try {
        const current = await options.tokenStore.get(options.storeKey);
        const refreshToken = current?.refreshToken ?? options.initialRefreshToken;
        if (!refreshToken) throw new Error('no refresh token');
        const token = await options.requestToken({
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
        });
        const stored = { ...token, refreshToken: token.refreshToken ?? refreshToken };
        await options.tokenStore.set(options.storeKey, stored);
        return stored;
      } finally {
        inflight = undefined;
      }
    })();
    return inflight;
  };
  return {
    async apply(request: { headers: Record<string, string> }): Promise<void> {
      let token = await options.tokenStore.get(options.storeKey);
      if (
        !token ||
        (token.expiresAt !== undefined && token.expiresAt - options.skewMs <= options.now())
      ) {
        token = await refresh();
      }
      request.headers.authorization = `Bearer ${token.accessToken}`;
    },
    async refresh(): Promise<void> {
      await refresh();
    },
    async exchangeCode(code: string, codeVerifier?: string): Promise<StandInToken> {
      const token = await options.requestToken({
        grant_type: 'authorization_code',
        code,
        ...(codeVerifier ? { code_verifier: codeVerifier } : {}),
      });
      await options.tokenStore.set(options.storeKey, token);
      return token;
    },
    refreshNow: refresh,
  };
}

/** PKCE S256 challenge of a verifier (RFC 7636), base64url. */
export async function pkceChallenge(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(verifier)));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
