import { IntegrationError, ValidationError } from '@int/core';
import { describe, expect, it } from 'vitest';
import { apiCalls, rateInput, setup, shipmentInput, useMockServer } from './helpers.js';

// Fixed so CI is deterministic; FUZZ_SEED explores further.
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const RUNS = 300;

const mock = useMockServer();

/** mulberry32: a small seeded PRNG. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Garbage of every JavaScript kind, nested a little. */
function garbage(random: () => number, depth = 0): unknown {
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
  const kinds: Array<() => unknown> = [
    () => undefined,
    () => null,
    () => pick([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1e21, 0.1 + 0.2, -0]),
    () =>
      pick([
        '',
        ' ',
        '03',
        '1Z',
        'US',
        'us',
        'x'.repeat(40),
        '\u0000',
        '../x',
        '1e3',
        '💥',
        '1Z023E2X0214323462',
      ]),
    () => random() < 0.5,
    () => BigInt(7),
    () => Symbol('s'),
    () => new Date(Number.NaN),
    () => () => 1,
    () =>
      depth > 2
        ? []
        : Array.from({ length: Math.floor(random() * 4) }, () => garbage(random, depth + 1)),
    () =>
      depth > 2
        ? {}
        : Object.fromEntries(
            Array.from({ length: 3 }, (_, i) => [`k${i}`, garbage(random, depth + 1)]),
          ),
  ];
  return pick(kinds)();
}

/** A valid input with one field (at any depth) replaced by garbage, or garbage outright. */
function mutate(random: () => number, valid: unknown): unknown {
  if (random() < 0.15 || valid === null || typeof valid !== 'object') return garbage(random);
  const copy: Record<string, unknown> = Array.isArray(valid)
    ? ([...valid] as never)
    : { ...(valid as object) };
  const keys = Object.keys(copy);
  const key = keys[Math.floor(random() * keys.length)];
  if (key === undefined) return garbage(random);
  copy[key] = random() < 0.5 ? garbage(random) : mutate(random, copy[key]);
  return copy;
}

describe('fuzz: random and garbage inputs', () => {
  it(`give a typed error before sending, never a crash or a request (seed ${SEED}, ${RUNS} runs per method)`, async () => {
    const random = prng(SEED);
    const { ups } = setup(mock);
    const { shipmentId } = await ups.shipments.create(shipmentInput());
    const methods: Array<[string, unknown, (input: never) => Promise<unknown>]> = [
      ['rates.quote', rateInput({ service: '03' }), (input) => ups.rates.quote(input)],
      ['shipments.create', shipmentInput(), (input) => ups.shipments.create(input)],
      ['shipments.void', { shipmentId }, (input) => ups.shipments.void(input)],
      ['tracking.track', [shipmentId], (input) => ups.tracking.track(input)],
      ['tracking.byReference', 'order-1001', (input) => ups.tracking.byReference(input)],
      ['addresses.validate', rateInput().shipTo.address, (input) => ups.addresses.validate(input)],
      [
        'options',
        { transId: 'abc', timeoutMs: 1000 },
        (input) => ups.rates.quote(rateInput(), input),
      ],
    ];
    let validations = 0;
    for (const [name, valid, call] of methods) {
      for (let run = 0; run < RUNS; run += 1) {
        const input = mutate(random, valid);
        const before = apiCalls(mock).length;
        let error: unknown;
        try {
          await call(input as never);
        } catch (caught) {
          error = caught;
        }
        if (error === undefined) continue;
        const label = `${name} #${run}: ${String((error as Error)?.message).slice(0, 200)}`;
        expect(IntegrationError.isInstance(error), label).toBe(true);
        const status = (error as { status?: number }).status;
        if (ValidationError.isInstance(error)) validations += 1;
        if (status === undefined) {
          // Refused by this package (ValidationError) or core (ConfigurationError): nothing sent.
          expect(apiCalls(mock).length, `${label} sent a request`).toBe(before);
        } else {
          // A 400 from the fake, which checks as UPS does, is input our checks let through.
          expect(status, `${label}: passed this package's checks, refused by UPS`).not.toBe(400);
        }
      }
    }
    expect(validations).toBeGreaterThan(RUNS);
  });
});
