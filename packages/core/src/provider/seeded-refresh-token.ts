import type { OAuth2AuthorizationCode } from '../auth/oauth2-authorization-code.js';
import type { TokenStore } from '../auth/token-store.js';

export interface RefreshTokenSeed {
  /** The strategy's store and key. */
  tokenStore: TokenStore;
  tokenKey: string;
  /** A refresh token the user already holds (from an install made elsewhere). Default: none. */
  refreshToken?: string | undefined;
}

/**
 * An authorization-code strategy that can start from a refresh token given in
 * the settings: before the first use it is stored once, as a token that must be
 * refreshed, unless the store already holds one for the key (a newer, rotated one).
 */
export function seedRefreshToken(
  strategy: OAuth2AuthorizationCode,
  seed: RefreshTokenSeed,
): OAuth2AuthorizationCode {
  let seeded: Promise<void> | undefined;
  const ready = async (): Promise<void> => {
    seeded ??= (async () => {
      const { refreshToken, tokenStore, tokenKey } = seed;
      if (refreshToken && !(await tokenStore.get(tokenKey))) {
        await tokenStore.set(tokenKey, { accessToken: '', refreshToken, expiresAt: 0 });
      }
    })();
    // A failed seeding (the store was briefly down) is tried again at the next call.
    seeded.catch(() => {
      seeded = undefined;
    });
    await seeded;
  };
  return {
    ...strategy,
    apply: (request) => ready().then(() => strategy.apply(request)),
    refresh: () => ready().then(strategy.refresh),
    getToken: () => ready().then(strategy.getToken),
  };
}
