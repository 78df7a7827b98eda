import { createMetrics } from '@int/core';
import { captureLogger } from '@int/core/testing';
import { describe, expect, it } from 'vitest';
import { createMercadoPago, verifyNotification } from '../src/index.js';
import { signNotification } from '../src/testing/index.js';
import { ACCESS_TOKEN, setupFake } from './helpers.js';

const { fake, client } = setupFake();

/** The secret in the forms a server or a logger could echo it in. */
const encodings = (secret: string) => [
  secret,
  encodeURIComponent(secret),
  Buffer.from(secret).toString('base64'),
  Buffer.from(`${secret}:`).toString('base64'),
  secret.slice(5, 25),
];

function expectAbsent(text: string, secret: string): void {
  for (const form of encodings(secret)) expect(text).not.toContain(form);
}

describe('secrets never leak', () => {
  it('the Access Token: not in debug logs, errors, metrics or hook events, in any encoding', async () => {
    const logger = captureLogger();
    const metrics = createMetrics();
    const events: unknown[] = [];
    const mercadoPago = client({
      logger,
      metrics,
      retry: { maxRetries: 1 },
      hooks: { onRequest: (info) => events.push(info), onError: (error) => events.push(error) },
    });
    fake.fail({ status: 500, times: 2 });
    const errors: unknown[] = [];
    await mercadoPago.paymentMethods.list().catch((error: unknown) => errors.push(error));
    await mercadoPago.payments.get(1).catch((error: unknown) => errors.push(error));
    await mercadoPago.payments
      .create({ transaction_amount: 10, payment_method_id: 'pix', payer: { email: 'a@b.c' } })
      .catch((error: unknown) => errors.push(error));
    const refused = createMercadoPago({
      accessToken: 'wrong-token-0123456789-abcdef',
      logger,
      metrics,
    });
    await refused.paymentMethods.list().catch((error: unknown) => errors.push(error));
    expect(errors.length).toBeGreaterThanOrEqual(3);
    const seen = JSON.stringify([
      logger.lines,
      errors.map((error) => [String(error), (error as Error).stack, { ...(error as object) }]),
      metrics.snapshot(),
      events,
    ]);
    expectAbsent(seen, ACCESS_TOKEN);
    expectAbsent(seen, 'wrong-token-0123456789-abcdef');
  });

  it('a CPF or CNPJ with bad check digits is never echoed in a validation error', async () => {
    const mercadoPago = client();
    const cpf = '98765432199';
    const error = await mercadoPago.payments
      .create({
        transaction_amount: 10,
        payment_method_id: 'pix',
        payer: { email: 'a@b.c', identification: { type: 'CPF', number: cpf } },
      })
      .catch((caught: Error) => caught);
    expect(`${error} ${JSON.stringify(error)} ${error.stack}`).not.toContain(cpf);
  });

  it('the webhook secret and the signature never appear in a verification error', async () => {
    const secret = 'mp-webhook-secret-value-1234';
    const signature = await signNotification({
      dataId: '1',
      requestId: 'r',
      secret,
      timestamp: 1_700_000_000,
    });
    const outcomes = await Promise.all(
      [
        verifyNotification({
          signatureHeader: signature,
          dataId: '2',
          requestIdHeader: 'r',
          secret,
          now: () => 1_700_000_000_000,
        }),
        verifyNotification({
          signatureHeader: signature,
          dataId: '1',
          requestIdHeader: 'r',
          secret,
          now: () => 1_800_000_000_000,
        }),
        verifyNotification({
          signatureHeader: `${signature}x`,
          dataId: '1',
          secret,
          now: () => 1_700_000_000_000,
        }),
      ].map((promise) =>
        promise.catch((error: Error) => `${error} ${JSON.stringify(error)} ${error.stack}`),
      ),
    );
    for (const text of outcomes) {
      expect(typeof text).toBe('string');
      expectAbsent(text as string, secret);
      expect(text).not.toContain(signature.split('v1=')[1]);
    }
  });
});
