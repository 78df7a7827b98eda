import { WebhookVerificationError } from '@int/core';
import { startLocalServer } from '@int/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  constructEvent,
  createStripe,
  generateTestHeader,
  type StripeEvent,
  stripeWebhookVerifier,
  webhooks,
} from '../src/index.js';
import { setupFake } from './helpers.js';

const T = 1700000000;
const SECRET = 'whsec_test_secret';
const BODY = '{"id":"evt_test","object":"event"}';
const HEADER = `t=${T},v1=8042376f6ca064adbe037642a718227dfd59047137eb49497a54c49eb0cfb724`;
const at = (seconds: number) => () => seconds * 1000;

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(WebhookVerificationError.isInstance(error)).toBe(true);
  return (error as WebhookVerificationError).reason;
}

describe('the published vector', () => {
  it('generateTestHeader gives the vector signature', async () => {
    expect(await generateTestHeader({ payload: BODY, secret: SECRET, timestamp: T })).toBe(HEADER);
  });

  it('verifies with now injected, from a string, a Uint8Array, a Buffer and an ArrayBuffer', async () => {
    const expected = { id: 'evt_test', object: 'event' };
    expect(await webhooks.constructEvent(BODY, HEADER, SECRET, { now: at(T) })).toEqual(expected);
    const bytes = new TextEncoder().encode(BODY);
    expect(await constructEvent(bytes, HEADER, SECRET, { now: at(T + 299) })).toEqual(expected);
    expect(await constructEvent(Buffer.from(BODY), HEADER, SECRET, { now: at(T - 299) })).toEqual(
      expected,
    );
    expect(await constructEvent(bytes.buffer, [HEADER], SECRET, { now: at(T) })).toEqual(expected);
  });

  it('rejects each failure with its reason', async () => {
    expect(await reasonOf(constructEvent(BODY, HEADER, SECRET, { now: at(T + 301) }))).toBe(
      'timestamp_too_old',
    );
    expect(await reasonOf(constructEvent(BODY, HEADER, SECRET, { now: at(T - 301) }))).toBe(
      'timestamp_too_new',
    );
    expect(
      await reasonOf(
        constructEvent(BODY.replace('evt_test', 'evt_tesT'), HEADER, SECRET, { now: at(T) }),
      ),
    ).toBe('no_matching_signature');
    expect(await reasonOf(constructEvent(BODY, undefined, SECRET, { now: at(T) }))).toBe(
      'missing_header',
    );
    expect(await reasonOf(constructEvent(BODY, '', SECRET, { now: at(T) }))).toBe('missing_header');
    expect(await reasonOf(constructEvent(BODY, 'v1=abc', SECRET, { now: at(T) }))).toBe(
      'malformed_header',
    );
    expect(await reasonOf(constructEvent(BODY, `t=${T}`, SECRET, { now: at(T) }))).toBe(
      'malformed_header',
    );
    expect(await reasonOf(constructEvent(BODY, HEADER, 'whsec_wrong', { now: at(T) }))).toBe(
      'no_matching_signature',
    );
    expect(await reasonOf(constructEvent(BODY, HEADER, '', { now: at(T) }))).toBe('missing_secret');
    const parsed = JSON.parse(BODY) as unknown;
    expect(await reasonOf(constructEvent(parsed as string, HEADER, SECRET, { now: at(T) }))).toBe(
      'payload_not_raw',
    );
    expect(await reasonOf(constructEvent(undefined as never, HEADER, SECRET, { now: at(T) }))).toBe(
      'payload_not_raw',
    );
  });

  it('the parsed-body error says how to get the raw body, and never echoes the secret or payload', async () => {
    const error = (await constructEvent(
      { id: 'evt_secret_payload' } as never,
      HEADER,
      SECRET,
    ).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('raw');
    expect(error.message).toContain('express.raw');
    const wrong = (await constructEvent(BODY, HEADER, 'whsec_wrong_secret', { now: at(T) }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(wrong.message).not.toContain('whsec_wrong_secret');
    expect(wrong.message).not.toContain('evt_test');
  });

  it('accepts any of several v1 signatures (rotation) and any of several secrets', async () => {
    const other = await generateTestHeader({ payload: BODY, secret: 'whsec_old', timestamp: T });
    const rotated = `t=${T},v1=${other.split('v1=')[1]},v1=${HEADER.split('v1=')[1]},v0=ignored`;
    expect(await constructEvent(BODY, rotated, SECRET, { now: at(T) })).toMatchObject({
      id: 'evt_test',
    });
    expect(await constructEvent(BODY, HEADER, ['whsec_new', SECRET], { now: at(T) })).toMatchObject(
      { id: 'evt_test' },
    );
  });

  it('toleranceSec widens or narrows the window; Infinity is refused, a large number is not', async () => {
    expect(
      await reasonOf(constructEvent(BODY, HEADER, SECRET, { now: at(T + 11), toleranceSec: 10 })),
    ).toBe('timestamp_too_old');
    await expect(
      constructEvent(BODY, HEADER, SECRET, { now: at(T + 1000), toleranceSec: 1000 }),
    ).resolves.toBeDefined();
    expect(
      await reasonOf(
        constructEvent(BODY, HEADER, SECRET, {
          now: at(T + 10 ** 7),
          toleranceSec: Number.POSITIVE_INFINITY,
        }),
      ),
    ).toBe('invalid_time');
    await expect(
      constructEvent(BODY, HEADER, SECRET, { now: at(T + 10 ** 7), toleranceSec: 10 ** 8 }),
    ).resolves.toBeDefined();
  });

  it('property: any body and secret round-trip; any changed byte fails', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        fc.nat(),
        async (text, secret, flip) => {
          const payload = JSON.stringify({ text });
          const header = await generateTestHeader({ payload, secret, timestamp: T });
          await expect(constructEvent(payload, header, secret, { now: at(T) })).resolves.toEqual({
            text,
          });
          const bytes = new TextEncoder().encode(payload);
          const index = flip % bytes.length;
          bytes[index] = (bytes[index] ?? 0) ^ 1;
          expect(await reasonOf(constructEvent(bytes, header, secret, { now: at(T) }))).toBe(
            'no_matching_signature',
          );
        },
      ),
      { numRuns: 50 },
    );
  });

  it('narrows the typed event union on type', async () => {
    const payload = JSON.stringify({
      id: 'evt_1',
      object: 'event',
      type: 'payment_intent.succeeded',
      data: { object: { id: 'pi_1', object: 'payment_intent', amount_received: 1999 } },
    });
    const header = await generateTestHeader({ payload, secret: SECRET, timestamp: T });
    const event: StripeEvent = await constructEvent(payload, header, SECRET, { now: at(T) });
    if (event.type === 'payment_intent.succeeded') {
      expect(event.data.object.amount_received).toBe(1999);
    } else {
      throw new Error('expected payment_intent.succeeded');
    }
  });
});

describe('a verifier for the core webhook inbox', () => {
  it('gives the inbox the event id and type, from web Headers or Node headers', async () => {
    const verifier = stripeWebhookVerifier(SECRET, { now: at(T) });
    const body = JSON.stringify({ id: 'evt_9', object: 'event', type: 'charge.refunded' });
    const header = await generateTestHeader({ payload: body, secret: SECRET, timestamp: T });
    const fromWeb = await verifier.verify(body, new Headers({ 'Stripe-Signature': header }));
    expect(fromWeb).toMatchObject({
      id: 'evt_9',
      type: 'charge.refunded',
      payload: { id: 'evt_9' },
    });
    const fromNode = await verifier.verify(Buffer.from(body), { 'stripe-signature': header });
    expect(fromNode.id).toBe('evt_9');
    expect(await reasonOf(verifier.verify(body, {}))).toBe('missing_header');
    expect(webhooks.verifier).toBe(stripeWebhookVerifier);
    // Not a member of the client: an API-only app never bundles the HMAC code.
    expect('webhooks' in createStripe()).toBe(false);
  });
});

describe('signed delivery from the fake (sandbox mode)', () => {
  const received: Array<{ event: StripeEvent; header: string }> = [];
  let server: Awaited<ReturnType<typeof startLocalServer>> | undefined;
  const endpoint = { url: 'http://127.0.0.1:1/webhook', secret: 'whsec_sandbox' };
  const { fake, client } = setupFake({ webhookEndpoint: endpoint });

  it('delivers every event, signed, to a local node:http server that verifies it', async () => {
    server = await startLocalServer(async (request, response) => {
      try {
        const header = String(request.headers['stripe-signature']);
        const event = await constructEvent(request.body, header, 'whsec_sandbox');
        received.push({ event, header });
        response.statusCode = 200;
      } catch {
        response.statusCode = 400;
      }
      response.end();
    });
    endpoint.url = `${server.url}/webhook`;
    try {
      const stripe = client();
      await stripe.paymentIntents.create({
        amount: 1000,
        currency: 'usd',
        payment_method: 'pm_card_visa',
        confirm: true,
      });
      fake.emit('customer.updated', { id: 'cus_1', object: 'customer' });
      await fake.flushWebhooks();
      expect(received.map((item) => item.event.type)).toEqual([
        'payment_intent.created',
        'charge.succeeded',
        'payment_intent.succeeded',
        'customer.updated',
      ]);
      expect(fake.state.deliveries.map((delivery) => delivery.status)).toEqual([
        200, 200, 200, 200,
      ]);
      expect(received[0]?.header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    } finally {
      await server.close();
    }
  });
});

describe('an endpoint set once the app listens', () => {
  const { fake, client } = setupFake();

  it('setWebhookEndpoint() delivers the events that follow, and undefined stops delivery', async () => {
    const types: string[] = [];
    const server = await startLocalServer(async (request, response) => {
      const event = await constructEvent(
        request.body,
        String(request.headers['stripe-signature']),
        'whsec_late',
      );
      types.push(event.type);
      response.statusCode = 200;
      response.end();
    });
    try {
      fake.emit('customer.created', { id: 'cus_before', object: 'customer' }); // no endpoint yet
      fake.setWebhookEndpoint({ url: `${server.url}/webhooks/stripe`, secret: 'whsec_late' });
      const intent = await client().paymentIntents.create({ amount: 500, currency: 'usd' });
      expect(fake.state.events.get([...fake.state.events.keys()].at(-1)!)?.pending_webhooks).toBe(
        1,
      );
      fake.reset(); // keeps the endpoint
      fake.emit('customer.updated', { id: 'cus_after_reset', object: 'customer' });
      await fake.flushWebhooks();
      expect(types).toEqual(['payment_intent.created', 'customer.updated']);
      expect(intent.id).toMatch(/^pi_/);
      fake.setWebhookEndpoint(undefined);
      fake.emit('customer.deleted', { id: 'cus_gone', object: 'customer' });
      await fake.flushWebhooks();
      expect(types).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});

describe('with the core webhook inbox', () => {
  it('accepts a signed Stripe event once and deduplicates the redelivery', async () => {
    const { createWebhookInbox, memoryInboxStore, memoryQueue } = await import('@int/core');
    const store = memoryInboxStore();
    const inbox = createWebhookInbox({
      queue: memoryQueue(),
      store,
      verifiers: { stripe: stripeWebhookVerifier(SECRET) },
      handlers: { stripe: { 'payment_intent.succeeded': async () => undefined } },
    });
    const body = JSON.stringify({
      id: 'evt_inbox',
      object: 'event',
      type: 'payment_intent.succeeded',
    });
    const header = await generateTestHeader({ payload: body, secret: SECRET });
    const first = await inbox.receive('stripe', body, { 'stripe-signature': header });
    const second = await inbox.receive('stripe', body, { 'stripe-signature': header });
    expect(first).toMatchObject({
      status: 'accepted',
      eventId: 'evt_inbox',
      type: 'payment_intent.succeeded',
    });
    expect(second.status).toBe('duplicate');
  });
});
