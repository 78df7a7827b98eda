import { ResponseValidationError } from '@int/core';
import { captureLogger } from '@int/core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { setupFake } from './helpers.js';

const { fake, client } = setupFake();

// What the app relies on in the answer of paymentIntents.create; everything else passes through.
const intentSchema = z.object({
  id: z.string().startsWith('pi_'),
  amount: z.number().int().positive(),
  currency: z.string().length(3),
  status: z.enum(['requires_payment_method', 'requires_confirmation', 'succeeded']),
});
// A schema the fake's answer breaks: amount is a number and latest_charge is null.
const wrongSchema = z.object({ id: z.string(), amount: z.string(), latest_charge: z.string() });

describe('validateResponses with your own zod schemas (responseSchemas)', () => {
  it('strict: a matching answer passes untouched, extra fields kept', async () => {
    const stripe = client({
      validateResponses: 'strict',
      responseSchemas: { 'paymentIntents.create': intentSchema },
    });
    const intent = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    expect(intent).toMatchObject({ amount: 1000, currency: 'usd', object: 'payment_intent' });
    expect(intent.client_secret).toMatch(/_secret_/);
  });

  it('strict: a mismatch is a ResponseValidationError naming the paths, never the values', async () => {
    const stripe = client({
      validateResponses: 'strict',
      responseSchemas: { 'paymentIntents.create': wrongSchema },
    });
    const error = await stripe.paymentIntents
      .create({ amount: 1000, currency: 'usd' })
      .catch((caught: unknown) => caught);
    expect(ResponseValidationError.isInstance(error)).toBe(true);
    const failure = error as ResponseValidationError;
    expect(failure.issues.map((issue) => issue.path)).toEqual([['amount'], ['latest_charge']]);
    expect(failure).toMatchObject({ provider: 'stripe', operation: 'paymentIntents.create' });
    expect(failure.message).toContain('paymentIntents.create');
    expect(failure.message).not.toContain('1000');
    // The request went out and Stripe acted on it: only the answer was refused.
    expect(fake.state.paymentIntents.size).toBe(1);
    // Other operations have no schema and are not checked.
    expect(await stripe.customers.create({ email: 'a@example.com' })).toMatchObject({
      object: 'customer',
    });
  });

  it('warn: one redacted response.invalid line with the paths, the answer returned', async () => {
    const logger = captureLogger();
    const stripe = client({
      logger,
      validateResponses: 'warn',
      responseSchemas: { 'paymentIntents.create': wrongSchema },
    });
    const intent = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    expect(intent.amount).toBe(1000);
    const lines = logger.lines.filter((line) => line.object.event === 'response.invalid');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe('warn');
    expect(lines[0]?.object).toMatchObject({
      provider: 'stripe',
      operation: 'paymentIntents.create',
      paths: ['amount', 'latest_charge'],
    });
    expect(logger.text()).not.toContain(intent.client_secret as string);
  });

  it('off (the default): the schema is not consulted', async () => {
    const stripe = client({ responseSchemas: { 'paymentIntents.create': wrongSchema } });
    const intent = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    expect(intent.amount).toBe(1000);
  });
});
