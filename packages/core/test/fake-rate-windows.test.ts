import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../src/errors.js';
import { createFakeRateWindows, createTestClock } from '../src/testing/index.js';

const NOON = Date.UTC(2026, 10, 29, 12);

function setup(options: { daily?: number; enforce?: boolean } = {}) {
  const clock = createTestClock({ now: NOON });
  const limits = createFakeRateWindows({
    now: () => clock.now(),
    windows: { burst: { limit: 3, windowMs: 10_000 }, search: { limit: 1, windowMs: 1_000 } },
    ...options,
  });
  return { clock, limits };
}

describe('createFakeRateWindows', () => {
  it('refuses the request past a full window, says until when, and rolls on the clock', () => {
    const { clock, limits } = setup();
    expect(limits.spend('token-a', ['burst'])).toEqual({
      allowed: true,
      used: { burst: 1, search: 0 },
      daily: 1,
    });
    clock.set(NOON + 2_000);
    limits.spend('token-a', ['burst']);
    limits.spend('token-a', ['burst']);
    clock.set(NOON + 4_000);
    expect(limits.spend('token-a', ['burst'])).toEqual({
      allowed: false,
      exceeded: 'burst',
      retryAfterMs: 6_000,
      used: { burst: 3, search: 0 },
      daily: 3,
    });
    // Another key has its own budget.
    expect(limits.spend('token-b', ['burst']).allowed).toBe(true);
    // The first request leaves the window exactly windowMs after it was made.
    clock.set(NOON + 10_000);
    expect(limits.spend('token-a', ['burst'])).toMatchObject({
      allowed: true,
      used: { burst: 3 },
      daily: 4,
    });
  });

  it('spends every named window or none, checking them in the order given', () => {
    const { clock, limits } = setup();
    expect(limits.spend('token', ['burst', 'search']).used).toEqual({ burst: 1, search: 1 });
    clock.set(NOON + 500);
    expect(limits.spend('token', ['burst', 'search'])).toMatchObject({
      allowed: false,
      exceeded: 'search',
      retryAfterMs: 500,
      used: { burst: 1, search: 1 },
    });
    // The refused search spent no burst budget.
    expect(limits.spend('token', ['burst']).used).toEqual({ burst: 2, search: 1 });
  });

  it('caps a key per UTC day of the fake clock, refused until the next midnight', () => {
    const { clock, limits } = setup({ daily: 2 });
    limits.spend('token', ['burst']);
    clock.set(NOON + 60_000);
    limits.spend('token', ['burst']);
    clock.set(NOON + 120_000);
    expect(limits.spend('token', ['burst'])).toMatchObject({
      allowed: false,
      exceeded: 'daily',
      retryAfterMs: 12 * 3_600_000 - 120_000,
      daily: 2,
    });
    clock.set(Date.UTC(2026, 10, 30));
    expect(limits.spend('token', ['burst'])).toMatchObject({ allowed: true, daily: 1 });
  });

  it('with enforce false refuses nothing and keeps the windows empty, counting the day', () => {
    const { limits } = setup({ daily: 1, enforce: false });
    for (let index = 0; index < 5; index += 1) limits.spend('token', ['burst', 'search']);
    expect(limits.spend('token', ['burst'])).toEqual({
      allowed: true,
      used: { burst: 0, search: 0 },
      daily: 6,
    });
  });

  it('clear() forgets every key', () => {
    const { limits } = setup({ daily: 1 });
    limits.spend('token', ['burst']);
    expect(limits.spend('token', ['burst']).allowed).toBe(false);
    limits.clear();
    expect(limits.spend('token', ['burst'])).toMatchObject({ allowed: true, daily: 1 });
  });

  it('refuses a window or daily cap that is not a count', () => {
    const now = () => NOON;
    expect(() =>
      createFakeRateWindows({ now, windows: { burst: { limit: 1.5, windowMs: 1_000 } } }),
    ).toThrow(ConfigurationError);
    expect(() =>
      createFakeRateWindows({ now, windows: { burst: { limit: 1, windowMs: 0 } } }),
    ).toThrow(/windows.burst|window burst/);
    expect(() =>
      createFakeRateWindows({ now, windows: { burst: { limit: 1, windowMs: 1 } }, daily: -1 }),
    ).toThrow(ConfigurationError);
  });
});
