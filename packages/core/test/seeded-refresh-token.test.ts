import { describe, expect, it } from 'vitest';
import { memoryTokenStore, type OAuth2AuthorizationCode, seedRefreshToken } from '../src/index.js';

/** A strategy that reads the store as the real one would, recording what it saw. */
function recordingStrategy(store: ReturnType<typeof memoryTokenStore>, key: string) {
  const seen: Array<string | undefined> = [];
  const look = async () => {
    seen.push((await store.get(key))?.refreshToken);
  };
  const strategy = {
    apply: look,
    refresh: look,
    getToken: async () => {
      await look();
      return 'access';
    },
  } as unknown as OAuth2AuthorizationCode;
  return { strategy, seen };
}

describe('seedRefreshToken', () => {
  it('stores the given refresh token once, expired, before the first use', async () => {
    const store = memoryTokenStore();
    const { strategy, seen } = recordingStrategy(store, 'k');
    const auth = seedRefreshToken(strategy, {
      tokenStore: store,
      tokenKey: 'k',
      refreshToken: 'r-1',
    });
    await Promise.all([auth.apply({} as never), auth.getToken(), auth.refresh?.()]);
    expect(seen).toEqual(['r-1', 'r-1', 'r-1']);
    expect(await store.get('k')).toMatchObject({
      accessToken: '',
      refreshToken: 'r-1',
      expiresAt: 0,
    });
  });

  it('keeps a token the store already holds (a rotated one) and seeds nothing without one', async () => {
    const store = memoryTokenStore();
    await store.set('k', { accessToken: 'a', refreshToken: 'r-2', expiresAt: 5 });
    const { strategy, seen } = recordingStrategy(store, 'k');
    await seedRefreshToken(strategy, {
      tokenStore: store,
      tokenKey: 'k',
      refreshToken: 'r-1',
    }).getToken();
    expect(seen).toEqual(['r-2']);
    const empty = memoryTokenStore();
    const other = recordingStrategy(empty, 'k');
    await seedRefreshToken(other.strategy, { tokenStore: empty, tokenKey: 'k' }).getToken();
    expect(await empty.get('k')).toBeUndefined();
  });
});
