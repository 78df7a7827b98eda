import { ConfigurationError, ValidationError, WebhookVerificationError } from '@int/core';
import {
  fuzzOutcomeProblem,
  fuzzSeed,
  garbageValue,
  seededRandom,
  settleCall,
} from '@int/core/testing';
import { describe, expect, it } from 'vitest';
import {
  fromMinorUnits,
  identification,
  type MercadoPago,
  toMinorUnits,
  verifyNotification,
} from '../src/index.js';
import { setupFake } from './helpers.js';

const SEED = fuzzSeed(20261202);
const { mock, client } = setupFake();

// Strings near valid MercadoPago values, and the field names its bodies use.
const NEAR_VALID = {
  strings: ['pix', 'master', 'CPF', 'CNPJ', '12345678909', '11222333000181', 'a@b.c'],
  keys: [
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
  ],
};
const garbage = (random: () => number) => garbageValue(random, NEAR_VALID);

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

describe('fuzz: garbage in, typed errors out', () => {
  it('every method: success or a typed error; a ValidationError means nothing was sent', async () => {
    const random = seededRandom(SEED);
    const mercadoPago = client({ retry: { maxRetries: 0 } });
    let validations = 0;
    for (let round = 0; round < 60; round += 1) {
      const [a, b, c] = [garbage(random), garbage(random), garbage(random)];
      for (const [index, run] of calls(mercadoPago, a, b, c).entries()) {
        const sentBefore = mock.calls.length;
        const outcome = await settleCall(run);
        const counts = { sentBefore, sentAfter: mock.calls.length };
        expect(
          fuzzOutcomeProblem(outcome, counts),
          `round ${round} method ${index}`,
        ).toBeUndefined();
        if (!outcome.ok && ValidationError.isInstance(outcome.error)) validations += 1;
      }
    }
    expect(validations).toBeGreaterThan(500);
  });

  it('money, identification and verification: typed errors only', async () => {
    const random = seededRandom(SEED + 1);
    for (let round = 0; round < 2_000; round += 1) {
      const value = garbage(random);
      for (const run of [
        () => toMinorUnits(value as number, 'BRL'),
        () => toMinorUnits(1, value as 'BRL'),
        () => fromMinorUnits(value as number, 'CLP'),
        () => identification(value as 'CPF', garbage(random) as string),
        () => identification('CPF', value as string),
      ]) {
        const outcome = await settleCall(run);
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
      const verified = await settleCall(() => verifyNotification(options as never));
      // Garbage never verifies.
      const error = verified.ok ? undefined : verified.error;
      expect(verified.ok).toBe(false);
      expect(WebhookVerificationError.isInstance(error), String(error)).toBe(true);
    }
  });

  it('creating a client with garbage options is a ConfigurationError or a client', () => {
    const random = seededRandom(SEED + 2);
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
