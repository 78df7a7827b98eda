import { describe, expect, it } from 'vitest';
import { createSingleFlight } from '../src/auth/single-flight.js';
import { defaultTokenKey, isTokenFresh, memoryTokenStore } from '../src/index.js';

describe('memoryTokenStore', () => {
  it('gets, sets and deletes copies', async () => {
    const store = memoryTokenStore();
    expect(await store.get('a')).toBeUndefined();
    const token = { accessToken: 'at-1', refreshToken: 'rt-1', expiresAt: 10 };
    await store.set('a', token);
    token.accessToken = 'mutated';
    const read = await store.get('a');
    expect(read).toEqual({ accessToken: 'at-1', refreshToken: 'rt-1', expiresAt: 10 });
    read!.accessToken = 'mutated again';
    expect((await store.get('a'))?.accessToken).toBe('at-1');
    await store.delete('a');
    expect(await store.get('a')).toBeUndefined();
  });

  it('withLock runs holders of one key one at a time, other keys freely', async () => {
    const store = memoryTokenStore();
    const events: string[] = [];
    const hold = (key: string, name: string) =>
      store.withLock(
        key,
        async () => {
          events.push(`${name}:in`);
          await new Promise((resolve) => setTimeout(resolve, 5));
          events.push(`${name}:out`);
          return name;
        },
        { ttlMs: 1_000 },
      );
    const results = await Promise.all([hold('k', 'a'), hold('k', 'b'), hold('other', 'c')]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(events.indexOf('a:out')).toBeLessThan(events.indexOf('b:in'));
    expect(events.indexOf('c:in')).toBeLessThan(events.indexOf('a:out'));
  });

  it('a failing holder releases the lock', async () => {
    const store = memoryTokenStore();
    await expect(
      store.withLock('k', async () => Promise.reject(new Error('boom')), { ttlMs: 1_000 }),
    ).rejects.toThrow('boom');
    await expect(store.withLock('k', async () => 'next', { ttlMs: 1_000 })).resolves.toBe('next');
  });
});

describe('isTokenFresh and keys', () => {
  it('is fresh until expiresAt minus the skew', () => {
    const token = { accessToken: 'a', expiresAt: 100_000 };
    expect(isTokenFresh(token, 39_999, 60_000)).toBe(true);
    expect(isTokenFresh(token, 40_000, 60_000)).toBe(false);
    expect(isTokenFresh({ accessToken: 'a' }, Number.MAX_SAFE_INTEGER, 60_000)).toBe(true);
    expect(isTokenFresh(undefined, 0, 0)).toBe(false);
    expect(isTokenFresh({ accessToken: '' }, 0, 0)).toBe(false);
  });

  it('derives distinct keys per client and token URL', () => {
    const a = defaultTokenKey('client_credentials', 'https://a.test/token', 'one');
    expect(a).not.toBe(defaultTokenKey('client_credentials', 'https://a.test/token', 'two'));
    expect(a).not.toBe(defaultTokenKey('client_credentials', 'https://b.test/token', 'one'));
  });
});

describe('single flight', () => {
  it('shares one run between concurrent callers and starts again afterwards', async () => {
    const flight = createSingleFlight();
    let runs = 0;
    const task = async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return runs;
    };
    const results = await Promise.all(Array.from({ length: 10 }, () => flight.run('k', task)));
    expect(results).toEqual(Array(10).fill(1));
    expect(flight.size).toBe(0);
    expect(await flight.run('k', task)).toBe(2);
  });

  it('shares a failure too, then lets the next caller retry', async () => {
    const flight = createSingleFlight();
    let runs = 0;
    const failing = async () => {
      runs += 1;
      throw new Error('down');
    };
    const settled = await Promise.allSettled([flight.run('k', failing), flight.run('k', failing)]);
    expect(settled.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(runs).toBe(1);
    await expect(flight.run('k', async () => 'up')).resolves.toBe('up');
  });
});
