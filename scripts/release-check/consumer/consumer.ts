// Type-checked (never run) in the fresh npm project against the packed
// tarballs, once with moduleResolution node16 and once with bundler: every
// package's main and ./testing entry, used the way an app would type them.
// No top-level await, so the same text also checks as a .cts (require types).
import {
  ConfigurationError,
  createHttpClient,
  type HttpClient,
  type JobQueue,
  type RateLimiter,
  ValidationError,
} from '@int/core';
import { captureLogger, type HandlerServer, serveHandlers, unusedPort } from '@int/core/testing';
import { createFedEx, type FedEx, type RateQuoteResult } from '@int/fedex';
import { createFedExFake, type FedExFake } from '@int/fedex/testing';
import { createHubSpot, type HubSpot } from '@int/hubspot';
import { createHubSpotFake, type HubSpotFake } from '@int/hubspot/testing';
import {
  createMercadoPago,
  identification,
  type MercadoPago,
  type Payment,
  toAmount,
} from '@int/mercadopago';
import { createMercadoPagoFake, type MercadoPagoFake } from '@int/mercadopago/testing';
import { redisRateLimiter } from '@int/redis';
import { sqliteQueue } from '@int/sqlite';
import { createStripe, type Stripe } from '@int/stripe';
import { createStripeFake, type StripeFake } from '@int/stripe/testing';
import { createUPS, type UPS, type RateQuoteResult as UPSRateQuoteResult } from '@int/ups';
import { createUPSFake, type UPSFake } from '@int/ups/testing';
import { Redis } from 'ioredis';

interface Served<Fake> {
  fake: Fake;
  url: string;
  server: HandlerServer;
}

async function serveFake<Fake extends { handlers: Parameters<typeof serveHandlers>[0] }>(
  createFake: (baseURL: string) => Fake,
): Promise<Served<Fake>> {
  const port: number = await unusedPort();
  const url = `http://127.0.0.1:${port}`;
  const fake = createFake(url);
  return { fake, url, server: await serveHandlers(fake.handlers, { port }) };
}

export async function core(baseURL: string): Promise<boolean> {
  const client: HttpClient = createHttpClient({
    name: 'consumer',
    baseURL,
    logger: captureLogger(),
  });
  const answer = await client.request<{ ok: boolean }>({ method: 'GET', path: '/v1/ping' });
  return answer.ok;
}

export async function stripe(): Promise<number> {
  const served: Served<StripeFake> = await serveFake((baseURL) => createStripeFake({ baseURL }));
  const client: Stripe = createStripe({ secretKey: 'sk_test_consumer', baseURL: served.url });
  const intent = await client.paymentIntents.create({ amount: 1999, currency: 'usd' });
  const id: string = intent.id;
  // The namespace aliases must be the real types, not `any`.
  const status: Stripe.PaymentIntentStatus = intent.status;
  const copy: Stripe.PaymentIntent = intent;
  // @ts-expect-error a number is not a PaymentIntent
  const wrong: Stripe.PaymentIntent = 42;
  void [status, copy, wrong];
  await served.server.close();
  return id.length + served.fake.state.paymentIntents.size;
}

export async function hubspot(): Promise<string | null | undefined> {
  const served: Served<HubSpotFake> = await serveFake((baseURL) => createHubSpotFake({ baseURL }));
  const client: HubSpot = createHubSpot({ accessToken: 'token', baseURL: served.url });
  const contact = await client.contacts.create({ properties: { email: 'ada@example.com' } });
  await served.server.close();
  return contact.properties.email;
}

export async function fedex(): Promise<RateQuoteResult> {
  const served: Served<FedExFake> = await serveFake((baseURL) => createFedExFake({ baseURL }));
  const client: FedEx = createFedEx({
    clientId: 'id',
    clientSecret: 'secret',
    baseURL: served.url,
  });
  const where = (postalCode: string) => ({ address: { postalCode, countryCode: 'US' } });
  return client.rates.quote({
    shipper: where('38116'),
    recipient: where('90210'),
    packages: [{ weight: { units: 'LB', value: 5 } }],
  });
}

export async function mercadopago(): Promise<Payment> {
  const served: Served<MercadoPagoFake> = await serveFake((baseURL) =>
    createMercadoPagoFake({ baseURL }),
  );
  const client: MercadoPago = createMercadoPago({ accessToken: 'TEST-token', baseURL: served.url });
  const payment = await client.payments.create({
    transaction_amount: toAmount(1999, 'BRL'),
    payment_method_id: 'pix',
    payer: { email: 'buyer@example.com', identification: identification('CPF', '12345678909') },
  });
  await served.server.close();
  return payment;
}

export async function ups(): Promise<UPSRateQuoteResult> {
  const served: Served<UPSFake> = await serveFake((baseURL) => createUPSFake({ baseURL }));
  const client: UPS = createUPS({
    clientId: 'id',
    clientSecret: 'secret',
    accountNumber: 'A1B2C3',
    baseURL: served.url,
  });
  const party = (postalCode: string) => ({
    name: 'Ada',
    address: { addressLines: ['1 Main St'], city: 'Town', postalCode, countryCode: 'US' },
  });
  return client.rates.quote({
    shipper: party('21093'),
    shipTo: party('30005'),
    packages: [{ weight: { value: 5, unit: 'LBS' } }],
  });
}

export async function stores(): Promise<number> {
  const queue: JobQueue = sqliteQueue({ file: ':memory:' });
  const job = await queue.enqueue('greet', { name: 'Ada' });
  await queue.close();
  const limiter: RateLimiter = redisRateLimiter({
    redis: new Redis({ lazyConnect: true }),
    limit: 5,
    intervalMs: 1_000,
  });
  return job.attempts + (typeof limiter.acquire === 'function' ? 1 : 0);
}

export function isTyped(error: unknown): boolean {
  return error instanceof ValidationError || error instanceof ConfigurationError;
}
