import {
  ConfigurationError,
  IntegrationError,
  ValidationError,
  WebhookVerificationError,
} from '@int/core';
import { describe, expect, it } from 'vitest';
import {
  fromMinorUnits,
  identification,
  type MercadoPago,
  toMinorUnits,
  verifyNotification,
} from '../src/index.js';
import { setupFake } from './helpers.js';

// A seeded PRNG (mulberry32): the same garbage every run; FUZZ_SEED explores further.
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
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

const { mock, client } = setupFake();

function garbage(random: () => number, depth = 0): unknown {
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const atoms: Array<() => unknown> = [
    () => undefined,
    () => null,
    () => Number.NaN,
    () => Number.POSITIVE_INFINITY,
    () => -1,
    () => 0.1 + 0.2,
    () => random() * 1e6,
    () => Math.floor(random() * 1e17),
    () => 10n,
    () => Symbol('s'),
    () => () => 1,
    () => '',
    () => '..',
    () => '\uD800',
    () => 'a/b',
    () => pick(['pix', 'master', 'CPF', 'CNPJ', '12345678909', '11222333000181', 'a@b.c']),
    () => String.fromCharCode(...Array.from({ length: 6 }, () => Math.floor(random() * 0xffff))),
    () => new Date(0),
    () => [],
    () => true,
  ];
  if (depth < 2 && random() < 0.4) {
    const keys = [
      'transaction_amount',
      'payment_method_id',
      'payer',
      'email',
      'identification',
      'type',
      'number',
      'token',
      'amount',
      'items',
      'limit',
      'offset',
      'title',
      'quantity',
      'unit_price',
      'capture',
    ];
    return Object.fromEntries(
      Array.from({ length: Math.floor(random() * 5) }, () => [
        pick(keys),
        garbage(random, depth + 1),
      ]),
    );
  }
  return pick(atoms)();
}

const calls = (
  mercadoPago: MercadoPago,
  a: unknown,
  b: unknown,
  c: unknown,
): Array<() => unknown> => [
  () => mercadoPago.payments.create(a as never, b as never),
  () => mercadoPago.payments.get(a as never, b as never),
  () => mercadoPago.payments.search(a as never, b as never),
  () => mercadoPago.payments.update(a as never, b as never, c as never),
  () => mercadoPago.payments.cancel(a as never, b as never),
  () => mercadoPago.payments.capture(a as never, b as never, c as never),
  () => mercadoPago.refunds.create(a as never, b as never, c as never),
  () => mercadoPago.refunds.list(a as never, b as never),
  () => mercadoPago.refunds.get(a as never, b as never, c as never),
  () => mercadoPago.customers.create(a as never, b as never),
  () => mercadoPago.customers.get(a as never, b as never),
  () => mercadoPago.customers.search(a as never, b as never),
  () => mercadoPago.customers.update(a as never, b as never, c as never),
  () => mercadoPago.customers.cards.create(a as never, b as never, c as never),
  () => mercadoPago.customers.cards.list(a as never, b as never),
  () => mercadoPago.customers.cards.get(a as never, b as never, c as never),
  () => mercadoPago.customers.cards.delete(a as never, b as never, c as never),
  () => mercadoPago.preferences.create(a as never, b as never),
  () => mercadoPago.preferences.get(a as never, b as never),
  () => mercadoPago.preferences.update(a as never, b as never, c as never),
  () => mercadoPago.paymentMethods.list(a as never),
];

async function settle(run: () => unknown): Promise<{ ok: boolean; error?: unknown }> {
  try {
    await run();
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

describe('fuzz: garbage in, typed errors out', () => {
  it('every method: success or a typed error; a ValidationError means nothing was sent', async () => {
    const random = prng(SEED);
    const mercadoPago = client({ retry: { maxRetries: 0 } });
    let validations = 0;
    for (let round = 0; round < 60; round += 1) {
      const [a, b, c] = [garbage(random), garbage(random), garbage(random)];
      for (const [index, run] of calls(mercadoPago, a, b, c).entries()) {
        const before = mock.calls.length;
        const outcome = await settle(run);
        if (outcome.ok) continue;
        const label = `round ${round} method ${index}: ${String((outcome.error as Error)?.message)}`;
        expect(IntegrationError.isInstance(outcome.error), label).toBe(true);
        if (ValidationError.isInstance(outcome.error)) {
          validations += 1;
          expect(mock.calls.length, label).toBe(before);
        }
      }
    }
    expect(validations).toBeGreaterThan(500);
  });

  it('money, identification and verification: typed errors only', async () => {
    const random = prng(SEED + 1);
    for (let round = 0; round < 2_000; round += 1) {
      const value = garbage(random);
      for (const run of [
        () => toMinorUnits(value as number, 'BRL'),
        () => toMinorUnits(1, value as 'BRL'),
        () => fromMinorUnits(value as number, 'CLP'),
        () => identification(value as 'CPF', garbage(random) as string),
        () => identification('CPF', value as string),
      ]) {
        const outcome = await settle(run);
        if (!outcome.ok)
          expect(ValidationError.isInstance(outcome.error), String(outcome.error)).toBe(true);
      }
      const options = {
        signatureHeader: garbage(random),
        requestIdHeader: garbage(random),
        dataId: garbage(random),
        secret: random() < 0.5 ? 'secret' : garbage(random),
        toleranceSec: random() < 0.5 ? undefined : garbage(random),
        now: random() < 0.5 ? () => 1_700_000_000_000 : garbage(random),
      };
      const verified = await settle(() => verifyNotification(options as never));
      // Garbage never verifies.
      expect(verified.ok).toBe(false);
      expect(WebhookVerificationError.isInstance(verified.error), String(verified.error)).toBe(
        true,
      );
    }
  });

  it('creating a client with garbage options is a ConfigurationError or a client', () => {
    const random = prng(SEED + 2);
    for (let round = 0; round < 500; round += 1) {
      const options = {
        accessToken: garbage(random),
        currency: garbage(random),
        baseURL: garbage(random),
      };
      try {
        client(options as never);
      } catch (error) {
        expect(ConfigurationError.isInstance(error), String(error)).toBe(true);
      }
    }
  });
});
