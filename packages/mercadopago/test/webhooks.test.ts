import {
  createWebhookInbox,
  memoryInboxStore,
  memoryQueue,
  WebhookVerificationError,
} from '@int/core';
import { startLocalServer } from '@int/core/testing';
import { describe, expect, it } from 'vitest';
import {
  createMercadoPago,
  mercadoPagoWebhookVerifier,
  notificationManifest,
  verifyNotification,
  webhooks,
} from '../src/index.js';
import { signNotification } from '../src/testing/index.js';
import { setupFake } from './helpers.js';

// The reference's vectors (HMAC-SHA256, checked with openssl and MercadoPago's own validator).
const SECRET = 'test_webhook_secret';
const TS = 1704908010;
const REQUEST_ID = 'bb56a2f1-6aae-46ac-982e-9dcd3581d08e';
const V1 = '4961eb17b3e46586fcd1391094c96246204fe8920ee4cb63830a13b693d796e6';
const V1_NO_REQUEST_ID = '09cb46dcf1eb91c4489a6280a989185385213a5ff451ec7a466c598c37e98bfa';
const ORDER_SECRET = 'your_secret_key_here';
const ORDER_TS = '1742505638683';
const ORDER_REQUEST_ID = '2066ca19-c6f1-498a-be75-1923005edd06';
const ORDER_LOWER = '633f91233312dd391ec75fa0bea539cfc2d6c4918873305b84a96cc1c58db71c';
const ORDER_UPPER = 'fb15ae6472eb449173c556793205d77787d58f384d183bb5bc3b724c27bd103c';

const at = (seconds: number) => () => seconds * 1000;
const base = {
  signatureHeader: `ts=${TS},v1=${V1}`,
  requestIdHeader: REQUEST_ID,
  dataId: '123456789',
  secret: SECRET,
  now: at(TS),
};

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!WebhookVerificationError.isInstance(error)) return `not refused: ${String(error)}`;
  expect(error.provider).toBe('mercadopago');
  return error.reason;
}

describe('the reference vectors', () => {
  it('the manifest and the signature match row 1, and verify', async () => {
    expect(notificationManifest('123456789', REQUEST_ID, String(TS))).toBe(
      `id:123456789;request-id:${REQUEST_ID};ts:${TS};`,
    );
    expect(
      await signNotification({
        dataId: '123456789',
        requestId: REQUEST_ID,
        secret: SECRET,
        timestamp: TS,
      }),
    ).toBe(`ts=${TS},v1=${V1}`);
    await expect(verifyNotification(base)).resolves.toEqual({
      dataId: '123456789',
      requestId: REQUEST_ID,
      timestamp: TS * 1000,
    });
    // Numbers are ids too; spaces around the parts and the upper-case hex are accepted.
    await expect(
      verifyNotification({
        ...base,
        dataId: 123456789,
        signatureHeader: ` ts=${TS} , v1=${V1.toUpperCase()}`,
      }),
    ).resolves.toBeDefined();
  });

  it('without x-request-id its part is left out of the manifest (row 2)', async () => {
    const options = {
      ...base,
      requestIdHeader: undefined,
      signatureHeader: `ts=${TS},v1=${V1_NO_REQUEST_ID}`,
    };
    await expect(verifyNotification(options)).resolves.toMatchObject({ requestId: undefined });
    expect(await reasonOf(verifyNotification({ ...options, requestIdHeader: REQUEST_ID }))).toBe(
      'no_matching_signature',
    );
  });

  it('an upper-case id verifies signed as received or lowercased; a 13-digit ts is milliseconds', async () => {
    const order = {
      requestIdHeader: ORDER_REQUEST_ID,
      dataId: 'ORD01JQ4S4KY8HWQ6NA5PXB65B3D3',
      secret: ORDER_SECRET,
      now: () => Number(ORDER_TS) + 1_000,
    };
    for (const v1 of [ORDER_UPPER, ORDER_LOWER]) {
      await expect(
        verifyNotification({ ...order, signatureHeader: `ts=${ORDER_TS},v1=${v1}` }),
      ).resolves.toMatchObject({ timestamp: Number(ORDER_TS) });
    }
  });
});

describe('fails closed', () => {
  it('tolerance both ways, exactly at the edge', async () => {
    await expect(verifyNotification({ ...base, now: at(TS + 300) })).resolves.toBeDefined();
    await expect(verifyNotification({ ...base, now: at(TS - 300) })).resolves.toBeDefined();
    expect(await reasonOf(verifyNotification({ ...base, now: () => (TS + 300) * 1000 + 1 }))).toBe(
      'timestamp_too_old',
    );
    expect(await reasonOf(verifyNotification({ ...base, now: () => (TS - 300) * 1000 - 1 }))).toBe(
      'timestamp_too_new',
    );
    await expect(
      verifyNotification({ ...base, now: at(TS + 3_600), toleranceSec: 3_600 }),
    ).resolves.toBeDefined();
    expect(await reasonOf(verifyNotification({ ...base, now: at(TS + 1), toleranceSec: 0 }))).toBe(
      'timestamp_too_old',
    );
  });

  it('a NaN, infinite, negative or non-number tolerance or clock is a rejection, never a pass', async () => {
    for (const toleranceSec of [Number.NaN, Number.POSITIVE_INFINITY, -1, '300']) {
      expect(
        await reasonOf(verifyNotification({ ...base, toleranceSec: toleranceSec as number })),
      ).toBe('invalid_time');
    }
    for (const now of [
      () => Number.NaN,
      () => Number.POSITIVE_INFINITY,
      () => '1' as unknown as number,
      5,
    ]) {
      expect(await reasonOf(verifyNotification({ ...base, now: now as () => number }))).toBe(
        'invalid_time',
      );
    }
  });

  it('absent, garbage or doubled ts, and absent v1, are malformed', async () => {
    const cases: Array<[unknown, string]> = [
      [undefined, 'missing_header'],
      ['', 'missing_header'],
      [`v1=${V1}`, 'malformed_header'],
      [`ts=,v1=${V1}`, 'malformed_header'],
      [`ts=NaN,v1=${V1}`, 'malformed_header'],
      [`ts=1e9,v1=${V1}`, 'malformed_header'],
      [`ts=-${TS},v1=${V1}`, 'malformed_header'],
      [`ts=${'9'.repeat(400)},v1=${V1}`, 'malformed_header'],
      [`ts=${TS},ts=${TS + 1},v1=${V1}`, 'malformed_header'],
      [`ts=${TS}`, 'malformed_header'],
      [`ts=${TS},v1=`, 'malformed_header'],
      [`ts=${TS},v1=not-hex`, 'malformed_header'],
      [`ts=${TS},v2=${V1}`, 'malformed_header'],
    ];
    for (const [signatureHeader, reason] of cases) {
      expect(
        await reasonOf(verifyNotification({ ...base, signatureHeader: signatureHeader as string })),
        String(signatureHeader),
      ).toBe(reason);
    }
  });

  it('a tampered id, request id, ts or signature, or the wrong secret, does not verify', async () => {
    const tampered = [
      { dataId: '123456780' },
      { dataId: undefined },
      { requestIdHeader: 'bb56a2f1-6aae-46ac-982e-9dcd3581d08f' },
      { signatureHeader: `ts=${TS + 1},v1=${V1}`, now: at(TS + 1) },
      { signatureHeader: `ts=0${TS},v1=${V1}` },
      { signatureHeader: `ts=${TS},v1=${V1.slice(0, -1)}7` },
      { secret: 'test_webhook_secreT' },
    ];
    for (const change of tampered) {
      expect(
        await reasonOf(verifyNotification({ ...base, ...change })),
        JSON.stringify(change),
      ).toBe('no_matching_signature');
    }
    expect(await reasonOf(verifyNotification({ ...base, secret: '' }))).toBe('missing_secret');
    expect(await reasonOf(verifyNotification({ ...base, secret: [] }))).toBe('missing_secret');
    expect(await reasonOf(verifyNotification(null as never))).toBe('missing_secret');
    // A rotated secret: any of the list may match.
    await expect(verifyNotification({ ...base, secret: ['old', SECRET] })).resolves.toBeDefined();
  });

  it('no secret and no signature appear in any message', async () => {
    for (const options of [
      { ...base, dataId: 'x' },
      { ...base, now: at(TS + 10_000) },
      { ...base, signatureHeader: `ts=${TS},v1=zz${SECRET}` },
    ]) {
      const error = (await verifyNotification(options).catch((caught: Error) => caught)) as Error;
      expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(SECRET);
      expect(error.message).not.toContain(V1);
    }
  });
});

describe('a web Request, and the fetch-after-verify pattern with the inbox', () => {
  it('verifyRequest reads the headers and data.id from the query, else from the body', async () => {
    const body = JSON.stringify({
      id: 1,
      type: 'payment',
      action: 'payment.updated',
      data: { id: '123456789' },
    });
    const headers = { 'x-signature': `ts=${TS},v1=${V1}`, 'x-request-id': REQUEST_ID };
    const inQuery = new Request('https://shop.example/mp?data.id=123456789&type=payment', {
      method: 'POST',
      headers,
      body,
    });
    const verified = await webhooks.verifyRequest(inQuery, { secret: SECRET, now: at(TS) });
    expect(verified).toMatchObject({
      dataId: '123456789',
      notification: { action: 'payment.updated' },
    });
    const inBody = new Request('https://shop.example/mp', { method: 'POST', headers, body });
    await expect(
      webhooks.verifyRequest(inBody, { secret: SECRET, now: at(TS) }),
    ).resolves.toBeDefined();
    const otherId = new Request('https://shop.example/mp?data.id=999', {
      method: 'POST',
      headers,
      body,
    });
    expect(await reasonOf(webhooks.verifyRequest(otherId, { secret: SECRET, now: at(TS) }))).toBe(
      'no_matching_signature',
    );
    const noHeaders = new Request('https://shop.example/mp', { method: 'POST', body: 'not json' });
    expect(await reasonOf(webhooks.verifyRequest(noHeaders, { secret: SECRET, now: at(TS) }))).toBe(
      'missing_header',
    );
  });

  const { fake, client, clock } = setupFake();

  it("the fake's signed notifications reach the app, which verifies, stores, then fetches the payment", async () => {
    const secret = 'app-webhook-secret';
    const fetched: string[] = [];
    const mercadoPago = client();
    const inbox = createWebhookInbox({
      queue: memoryQueue(),
      store: memoryInboxStore(),
      verifiers: { mercadopago: mercadoPagoWebhookVerifier(secret, { now: () => clock.now() }) },
      handlers: {
        mercadopago: {
          '*': async (event) => {
            const id = (event.payload as { data: { id: string } }).data.id;
            const payment = await mercadoPago.payments.get(id);
            fetched.push(`${event.type} ${payment.status}`);
          },
        },
      },
    });
    await inbox.start();
    const server = await startLocalServer(async (request, response) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) headers.set(name, String(value));
      const url = `http://127.0.0.1${request.url}`;
      const web = new Request(url, { method: 'POST', headers, body: request.body });
      await webhooks.verifyRequest(web, { secret, now: () => clock.now() });
      const result = await inbox.receive('mercadopago', request.body, request.headers);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(result));
    });
    try {
      fake.setWebhookEndpoint({ url: `${server.url}/webhooks/mercadopago`, secret });
      const pix = await mercadoPago.payments.create({
        transaction_amount: 100,
        payment_method_id: 'pix',
        payer: { email: 'buyer@example.com' },
      });
      fake.payPix(pix.id);
      await fake.flushWebhooks();
      await inbox.settled();
      expect(fake.state.deliveries.map((delivery) => delivery.status)).toEqual([200, 200]);
      expect(fake.state.deliveries[0]?.url).toContain(`data.id=${pix.id}&type=payment`);
      expect(fetched).toEqual(['payment.created approved', 'payment.updated approved']);
    } finally {
      fake.setWebhookEndpoint(undefined);
      await server.close();
    }
  });

  it('an unsigned or forged delivery is refused by the inbox verifier', async () => {
    const verifier = mercadoPagoWebhookVerifier('s', { now: at(TS) });
    const body = '{"id":7,"data":{"id":"1"}}';
    expect(await reasonOf(verifier.verify(body, {}))).toBe('missing_header');
    const signature = await signNotification({ dataId: '2', secret: 's', timestamp: TS });
    expect(await reasonOf(verifier.verify(body, { 'x-signature': signature }))).toBe(
      'no_matching_signature',
    );
    const good = await signNotification({ dataId: '1', secret: 's', timestamp: TS });
    await expect(
      verifier.verify(new TextEncoder().encode(body), { 'x-signature': good }),
    ).resolves.toEqual({
      id: `1:${TS * 1000}`,
      type: 'unknown',
      payload: { id: 7, data: { id: '1' } },
    });
    // The body is not signed: an edited replay keeps the signed id, so the inbox sees a duplicate.
    const edited = '{"id":8,"action":"x","data":{"id":"1"}}';
    await expect(verifier.verify(edited, { 'x-signature': good })).resolves.toMatchObject({
      id: `1:${TS * 1000}`,
    });
    // An import, as Stripe's: the client carries no webhook code.
    expect('webhooks' in createMercadoPago({ accessToken: 'TEST-x' })).toBe(false);
  });
});
