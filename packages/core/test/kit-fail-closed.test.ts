import { describe, expect, it } from 'vitest';
import {
  ApiError,
  brandErrorClass,
  ConfigurationError,
  checkProviderOptions,
  limiterQueue,
  mapChunks,
  type OAuth2AuthorizationCode,
  seedRefreshToken,
  type TokenStore,
  toEpochMillis,
  WindowBudget,
} from '../src/index.js';
import { createTestClock } from '../src/testing/index.js';

// Kit helpers refuse what is not a number, a moment or a size: never a check waved
// through, never an endless loop, never a secret echoed (found in review).
describe('the kit fails closed', () => {
  it('toEpochMillis: an invalid Date or a number past a Date range is no moment', () => {
    expect(toEpochMillis(new Date(Number.NaN))).toBeUndefined();
    expect(toEpochMillis('99999999999999999')).toBeUndefined();
    expect(toEpochMillis(9e15)).toBeUndefined();
    expect(toEpochMillis('1700000000000')).toBe(1_700_000_000_000);
    expect(toEpochMillis(new Date(0))).toBe(0);
  });

  it('WindowBudget: a limit that is not a number blocks; a NaN wait still pauses', () => {
    expect(new WindowBudget(Number.NaN, 1_000).blockedUntil(1, 0)).toBeGreaterThan(0);
    const budget = new WindowBudget(10, 1_000);
    budget.start(Number.NaN);
    expect(budget.blockedUntil(1, 0)).toBeGreaterThan(0);
    const paused = new WindowBudget(10, 1_000);
    paused.pause(Number.NaN, 5_000);
    expect(paused.blockedUntil(1, 5_000)).toBeGreaterThan(5_000);
  });

  it('limiterQueue: a rule answering NaN holds the call until a pump lets it go', async () => {
    const clock = createTestClock();
    let blocked = Number.NaN;
    const queue = limiterQueue<object, number>({
      clock,
      create: () => ({}),
      blockedUntil: () => blocked,
      take: () => () => undefined,
      idle: () => true,
    });
    let granted = false;
    const waiting = queue.acquire('acct', 1, undefined).then((release) => {
      granted = true;
      release();
    });
    await clock.advance(10_000);
    expect(granted).toBe(false);
    blocked = 0;
    queue.pump('acct');
    await waiting;
    expect(granted).toBe(true);
  });

  it('mapChunks: a size of 0, NaN or a fraction is refused, not looped on or dropped', async () => {
    for (const size of [0, Number.NaN, 1.5, -2]) {
      await expect(mapChunks([1, 2, 3], size, 2, async (chunk) => chunk)).rejects.toThrow(
        RangeError,
      );
    }
    expect(await mapChunks([1, 2, 3], 2, 2, async (chunk) => chunk)).toEqual([1, 2, 3]);
  });

  it('seedRefreshToken: a store that failed once is asked again at the next call', async () => {
    let failures = 1;
    const saved: unknown[] = [];
    const store: TokenStore = {
      get: async () => {
        if (failures-- > 0) throw new Error('store down');
        return undefined;
      },
      set: async (_key, token) => {
        saved.push(token);
      },
      delete: async () => undefined,
      withLock: (_key, fn) => fn(),
    };
    const strategy = {
      apply: async () => undefined,
      refresh: async () => undefined,
      getToken: async () => 'token',
    } as unknown as OAuth2AuthorizationCode;
    const seeded = seedRefreshToken(strategy, {
      tokenStore: store,
      tokenKey: 'k',
      refreshToken: 'r1',
    });
    await expect(seeded.getToken()).rejects.toThrow('store down');
    await expect(seeded.getToken()).resolves.toBe('token');
    expect(saved).toEqual([{ accessToken: '', refreshToken: 'r1', expiresAt: 0 }]);
  });

  it('brandErrorClass works where class fields are compiled to assignments', () => {
    class AcmeError extends ApiError {}
    const brand = brandErrorClass(AcmeError, 'acme', 'AcmeError');
    // What `static brand = brandErrorClass(this, ...)` becomes without define semantics.
    (AcmeError as unknown as { brand: symbol }).brand = brand;
    expect(AcmeError.isInstance(new AcmeError('x', { status: 400 }))).toBe(true);
  });

  it('checkProviderOptions never echoes a credential given with the wrong type', () => {
    let thrown: unknown;
    try {
      checkProviderOptions('acme', 'createAcme', { secretKey: 4_111_111_111_111_111 }, [
        ['secretKey', 'a non-empty string', (value) => typeof value === 'string'],
      ]);
    } catch (error) {
      thrown = error;
    }
    expect(ConfigurationError.isInstance(thrown)).toBe(true);
    expect((thrown as Error).message).toBe('secretKey must be a non-empty string, got a number.');
    expect(() =>
      checkProviderOptions('acme', 'createAcme', { timeoutMs: -1 }, [
        ['timeoutMs', 'a positive number', (value) => typeof value === 'number' && value > 0],
      ]),
    ).toThrow('timeoutMs must be a positive number, got -1.');
  });
});
