import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError, ValidationError } from '../src/index.js';
import {
  fuzzOutcomeProblem,
  fuzzSeed,
  garbageValue,
  mutateInput,
  seededRandom,
  settleCall,
} from '../src/testing/index.js';

afterEach(() => {
  delete process.env.FUZZ_SEED;
});

describe('the fuzz kit', () => {
  it('seeds from FUZZ_SEED when set, else the fixed seed', () => {
    expect(fuzzSeed(1129)).toBe(1129);
    process.env.FUZZ_SEED = '77';
    expect(fuzzSeed(1129)).toBe(77);
    process.env.FUZZ_SEED = 'not a number';
    expect(fuzzSeed(1129)).toBe(1129);
  });

  it('draws the same numbers for the same seed, in [0, 1)', () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    const drawn = Array.from({ length: 1000 }, () => a());
    expect(drawn).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(drawn.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(new Set(drawn).size).toBeGreaterThan(990);
    expect(seededRandom(6)()).not.toBe(seededRandom(5)());
  });

  it('makes garbage of every kind, with the provider strings and keys asked for', () => {
    const random = seededRandom(1);
    const kinds = new Set<string>();
    const seen: unknown[] = [];
    for (let index = 0; index < 3000; index += 1) {
      const value = garbageValue(random, { strings: ['CPF'], keys: ['payer'] });
      seen.push(value);
      kinds.add(value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
    }
    for (const kind of ['undefined', 'null', 'number', 'boolean', 'bigint', 'symbol', 'function']) {
      expect(kinds).toContain(kind);
    }
    expect(kinds).toContain('array');
    expect(kinds).toContain('object');
    expect(seen).toContain('CPF');
    expect(seen.some((value) => Number.isNaN(value))).toBe(true);
    const objects = seen.filter(
      (value): value is Record<string, unknown> =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        !(value instanceof Date),
    );
    expect(objects.some((value) => 'payer' in value)).toBe(true);
  });

  it('breaks one field of a valid input and leaves the input given alone', () => {
    const random = seededRandom(3);
    const valid = { amount: 1, payer: { email: 'a@b.c', name: 'Ada' } };
    let changedOne = 0;
    for (let index = 0; index < 200; index += 1) {
      const mutated = mutateInput(random, valid, () => 'BROKEN') as Record<string, unknown>;
      if (mutated === ('BROKEN' as unknown)) continue;
      const differing = Object.keys(valid).filter(
        (key) => JSON.stringify(mutated[key]) !== JSON.stringify(valid[key as keyof typeof valid]),
      );
      expect(differing.length).toBeLessThanOrEqual(1);
      if (differing.length === 1) changedOne += 1;
    }
    expect(changedOne).toBeGreaterThan(100);
    expect(valid).toEqual({ amount: 1, payer: { email: 'a@b.c', name: 'Ada' } });
  });

  it('settles promises, throws and async iterables (reading at most three items)', async () => {
    expect(await settleCall(() => Promise.resolve(1))).toEqual({ ok: true });
    const thrown = new Error('boom');
    expect(await settleCall(() => Promise.reject(thrown))).toEqual({ ok: false, error: thrown });
    expect(
      await settleCall(() => {
        throw thrown;
      }),
    ).toEqual({ ok: false, error: thrown });
    let read = 0;
    const endless = {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          read += 1;
          yield read;
        }
      },
    };
    expect(await settleCall(() => endless)).toEqual({ ok: true });
    expect(read).toBe(3);
  });

  it('names what breaks the rule: untyped errors, and validation after sending', () => {
    const counts = { sentBefore: 2, sentAfter: 2 };
    expect(fuzzOutcomeProblem({ ok: true }, counts)).toBeUndefined();
    const invalid = new ValidationError([{ path: ['amount'], message: 'is required' }]);
    expect(fuzzOutcomeProblem({ ok: false, error: invalid }, counts)).toBeUndefined();
    expect(
      fuzzOutcomeProblem({ ok: false, error: new ConfigurationError('x') }, counts),
    ).toBeUndefined();
    expect(fuzzOutcomeProblem({ ok: false, error: new TypeError('x.y') }, counts)).toMatch(
      /untyped TypeError/,
    );
    expect(
      fuzzOutcomeProblem({ ok: false, error: invalid }, { sentBefore: 2, sentAfter: 3 }),
    ).toMatch(/sent a request/);
  });
});
