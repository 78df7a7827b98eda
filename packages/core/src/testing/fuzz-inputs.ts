import { IntegrationError, ValidationError } from '../errors.js';

/**
 * What every provider's fuzz test needs, so each writes only its own list of
 * calls: a seeded source of randomness (fixed in CI, `FUZZ_SEED` explores),
 * garbage of every JavaScript kind, valid inputs with one field broken, a call
 * settled into an outcome, and the one rule every outcome must keep.
 */

/**
 * For tests on fast-check: `fc.anything(FUZZ_ANYTHING)` is any JavaScript
 * value, including those JSON and form encoders trip on (BigInt, boxed
 * values, dates, maps and sets, null-prototype objects, sparse and typed
 * arrays, any Unicode). Plain constraints, so core needs no fast-check.
 */
export const FUZZ_ANYTHING = {
  maxDepth: 3,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
} as const;

/** The seed a fuzz test runs with: `FUZZ_SEED` when set, else the test's fixed one (so CI is deterministic). */
export function fuzzSeed(fallback: number): number {
  const text = globalThis.process?.env?.FUZZ_SEED;
  const given = text ? Number(text) : Number.NaN;
  return Number.isSafeInteger(given) ? given : fallback;
}

/** A small seeded PRNG (mulberry32): the same numbers in [0, 1) for the same seed, on every runtime. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GarbageOptions {
  /** Strings near the provider's valid ones (codes, ids, enum values), mixed into the generic ones. */
  strings?: readonly string[] | undefined;
  /** Field names the provider reads, used for the objects generated. */
  keys?: readonly string[] | undefined;
  /** How deep objects and arrays nest. Default 2. */
  maxDepth?: number | undefined;
}

const STRINGS = [
  '',
  ' ',
  '..',
  '../x',
  'a/b',
  '03',
  '1e3',
  '\u0000',
  '\uD800',
  '💥',
  'x'.repeat(300),
];

/**
 * A value of any kind a caller might pass by mistake: `undefined`, `null`,
 * odd numbers (NaN, ±Infinity, -0, 1e21, huge integers), BigInt, symbols,
 * functions, invalid dates, lone surrogates, path tricks, and arrays and
 * objects of such values (with `keys` as field names).
 */
export function garbageValue(
  random: () => number,
  options: GarbageOptions = {},
  depth = 0,
): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const nested = depth < (options.maxDepth ?? 2);
  const keys = options.keys ?? ['id', 'amount', 'name', 'items', 'type'];
  const kinds: Array<() => unknown> = [
    () => undefined,
    () => null,
    () => pick([0, -1, -0, 1.5, 0.1 + 0.2, 1e21, Number.NaN, Number.POSITIVE_INFINITY]),
    () => Math.floor(random() * 1e17),
    () => random() < 0.5,
    () => 10n,
    () => Symbol('fuzz'),
    () => () => 1,
    () => pick([new Date(Number.NaN), new Date(0)]),
    () => pick(STRINGS),
    () => pick(options.strings ?? STRINGS),
    () => String.fromCharCode(...Array.from({ length: 6 }, () => Math.floor(random() * 0xffff))),
    () =>
      nested
        ? Array.from({ length: Math.floor(random() * 4) }, () =>
            garbageValue(random, options, depth + 1),
          )
        : [],
    () =>
      nested
        ? Object.fromEntries(
            Array.from({ length: Math.floor(random() * 5) }, () => [
              pick(keys),
              garbageValue(random, options, depth + 1),
            ]),
          )
        : {},
  ];
  return pick(kinds)();
}

/** A valid input with one field (at any depth) replaced by `garbage()`, or garbage outright now and then. */
export function mutateInput(random: () => number, valid: unknown, garbage: () => unknown): unknown {
  if (random() < 0.15 || valid === null || typeof valid !== 'object') return garbage();
  const copy: Record<string, unknown> = Array.isArray(valid)
    ? ([...valid] as unknown as Record<string, unknown>)
    : { ...(valid as object) };
  const keys = Object.keys(copy);
  const key = keys[Math.floor(random() * keys.length)];
  if (key === undefined) return garbage();
  copy[key] = random() < 0.5 ? garbage() : mutateInput(random, copy[key], garbage);
  return copy;
}

export type CallOutcome = { ok: true } | { ok: false; error: unknown };

/** Runs a call to the end: awaits a promise, or reads up to three items of an async iterable (a list). */
export async function settleCall(run: () => unknown): Promise<CallOutcome> {
  try {
    const result = run();
    if (result && typeof (result as PromiseLike<unknown>).then === 'function') await result;
    else if (result && typeof result === 'object' && Symbol.asyncIterator in result) {
      let read = 0;
      for await (const _item of result as AsyncIterable<unknown>) {
        read += 1;
        if (read >= 3) break;
      }
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * What is wrong with an outcome, or `undefined`: every failure must be an
 * `IntegrationError`, and a `ValidationError` must come before anything is
 * sent (`sentBefore` and `sentAfter` are the fake's request counts around the call).
 */
export function fuzzOutcomeProblem(
  outcome: CallOutcome,
  counts: { sentBefore: number; sentAfter: number },
): string | undefined {
  if (outcome.ok) return undefined;
  const { error } = outcome;
  const said = `${String((error as Error)?.name)}: ${String((error as Error)?.message).slice(0, 200)}`;
  if (!IntegrationError.isInstance(error)) return `threw an untyped ${said}`;
  if (ValidationError.isInstance(error) && counts.sentAfter !== counts.sentBefore) {
    return `sent a request and then failed validation (${said})`;
  }
  return undefined;
}
