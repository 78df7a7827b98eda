import { keyedMutex } from './keyed-mutex.js';

/** A token as kept in a `TokenStore`. Times are ms since the epoch. */
export interface StoredToken {
  accessToken: string;
  refreshToken?: string | undefined;
  /** When the access token stops working; absent when the server did not say. */
  expiresAt?: number | undefined;
  /** When the token was obtained; lets a short-lived token keep half its life. */
  obtainedAt?: number | undefined;
  /** As the server sent it, e.g. `Bearer`. */
  tokenType?: string | undefined;
  /** Granted scope, when the server said. */
  scope?: string | undefined;
}

export interface WithLockOptions {
  /**
   * How long the lock is held at most, so a crashed holder cannot block
   * others forever. Stores that cannot expire a lock (memory) may ignore it.
   */
  ttlMs: number;
}

/**
 * Where tokens live between calls. Memory here; durable, encrypted ones in
 * `@int/sqlite` and `@int/redis`. `withLock` serialises token requests for
 * one key across every process that shares the store.
 */
export interface TokenStore {
  get(key: string): Promise<StoredToken | undefined>;
  set(key: string, token: StoredToken): Promise<void>;
  delete(key: string): Promise<void>;
  withLock<T>(key: string, fn: () => Promise<T>, options: WithLockOptions): Promise<T>;
}

/**
 * The default key: grant, token URL and client id, so two clients never share
 * a token by accident. Pass `tokenKey` to choose your own (per user, per portal).
 */
export function defaultTokenKey(grant: string, tokenURL: string, clientId: string): string {
  return `int:oauth2:${grant}:${tokenURL}:${clientId}`;
}

/** A process-local store: a Map and a per-key promise chain as the lock. */
export function memoryTokenStore(): TokenStore {
  const tokens = new Map<string, StoredToken>();
  const mutex = keyedMutex();
  return {
    async get(key) {
      const token = tokens.get(key);
      return token ? { ...token } : undefined;
    },
    async set(key, token) {
      tokens.set(key, { ...token });
    },
    async delete(key) {
      tokens.delete(key);
    },
    withLock(key, fn) {
      return mutex.run(key, fn);
    },
  };
}

/** True while the token may still be used: before its expiry minus the skew. */
export function isTokenFresh(token: StoredToken | undefined, now: number, skewMs: number): boolean {
  if (!token?.accessToken) return false;
  if (token.expiresAt === undefined) return true;
  // A token that lives shorter than twice the skew keeps half its life, so it
  // is not fetched again on every call.
  const lifetime = token.obtainedAt !== undefined ? token.expiresAt - token.obtainedAt : undefined;
  const skew = lifetime !== undefined && lifetime > 0 ? Math.min(skewMs, lifetime / 2) : skewMs;
  return now < token.expiresAt - skew;
}
