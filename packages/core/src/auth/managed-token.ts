import type { Clock } from '../clock.js';
import { singleFlightFor } from './single-flight.js';
import { isTokenFresh, type StoredToken, type TokenStore } from './token-store.js';

export interface ManagedTokenOptions {
  store: TokenStore;
  key: string;
  clock: Clock;
  skewMs: number;
  lockTtlMs: number;
  /** Gets a new token; `stored` is what the store holds now (for a refresh grant). */
  obtain(stored: StoredToken | undefined): Promise<StoredToken>;
}

export interface ManagedToken {
  /** A token that is fresh for at least the skew, fetched only when needed. */
  get(): Promise<StoredToken>;
  /**
   * A new token, unless the rejected one was already replaced (by another
   * caller here or in another process sharing the store).
   */
  refresh(rejectedToken?: string): Promise<StoredToken>;
  /** Replaces the token (after a code exchange) and stores it. */
  set(token: StoredToken): Promise<void>;
  /** Forgets the local copy (the store is left alone). */
  forget(): void;
}

/**
 * Token caching shared by the OAuth grants: a local copy for the hot path,
 * one flight per key inside this process, and the store's lock around the
 * fetch so processes sharing a store do not all fetch. The store is read
 * again inside the lock: another process may have fetched while we waited.
 */
export function createManagedToken(options: ManagedTokenOptions): ManagedToken {
  const { store, key, clock, skewMs } = options;
  const flight = singleFlightFor(store);
  let local: StoredToken | undefined;

  const fresh = (token: StoredToken | undefined): token is StoredToken =>
    isTokenFresh(token, clock.now(), skewMs);

  const fetchLocked = (rejected: string | undefined) =>
    flight.run(key, () =>
      store.withLock(
        key,
        async () => {
          const stored = await store.get(key);
          if (fresh(stored) && stored.accessToken !== rejected) {
            local = stored;
            return stored;
          }
          const token = await options.obtain(stored);
          await store.set(key, token);
          local = token;
          return token;
        },
        { ttlMs: options.lockTtlMs },
      ),
    );

  return {
    async get() {
      if (fresh(local)) return local;
      return fetchLocked(undefined);
    },
    async refresh(rejectedToken) {
      // A 401 that comes back after another caller already refreshed names the
      // old token: the one we hold now is still good.
      if (rejectedToken !== undefined && fresh(local) && local.accessToken !== rejectedToken)
        return local;
      const rejected = rejectedToken ?? local?.accessToken;
      local = undefined;
      return fetchLocked(rejected);
    },
    async set(token) {
      await store.withLock(key, () => store.set(key, token), { ttlMs: options.lockTtlMs });
      local = token;
    },
    forget() {
      local = undefined;
    },
  };
}
