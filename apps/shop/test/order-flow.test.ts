import { unusedPort } from '@int/core/testing';
import { createMercadoPago } from '@int/mercadopago';
import { signNotification } from '@int/mercadopago/testing';
import { generateTestHeader } from '@int/stripe';
import { afterEach, describe, expect, it } from 'vitest';
import type { RateChoice } from '../src/flow/rate-shopping.js';
import { SANDBOX_CREDENTIALS } from '../src/providers/clients.js';
import { connectSandbox } from '../src/sandbox/sandbox-control.js';
import type { Order } from '../src/store/order-types.js';
import {
  apiPost,
  getOrder,
  ORDER_BODY,
  ORDER_FORM_FIELDS,
  postOrder,
  startTestShop,
  type TestShop,
  waitFor,
  waitForStatus,
} from './helpers.js';

let running: TestShop | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** The FedEx-specific cases ship with FedEx alone (rate shopping has its own cases below). */
const FEDEX_ONLY = { SHOP_CARRIERS: 'fedex' };

const form = (body: string) => Object.fromEntries(new URLSearchParams(body));

describe('an order through the JSON API', () => {
  it('is paid, shipped and synced, with the expected calls on the wire', async () => {
    running = await startTestShop();
    const { shop, sandbox, wire } = running;
    const created = await postOrder(shop.url, ORDER_BODY);
    expect(created.status).toBe(201);
    const order = created.json.order as { id: string; amount: number; status: string };
    // 2 mugs at $18 and a lamp at $64.
    expect(order.amount).toBe(2 * 1800 + 6400);
    expect(['confirmed', 'paid', 'shipped', 'completed']).toContain(order.status);

    const done = await waitForStatus(shop.url, order.id, 'completed');

    // Stripe: customer, then a PaymentIntent keyed by the order id, then the confirm.
    const stripePosts = wire.stripe.filter((request) => request.method === 'POST');
    expect(stripePosts.map((request) => request.path)).toEqual([
      '/v1/customers',
      '/v1/payment_intents',
      `/v1/payment_intents/${done.order.paymentIntentId}/confirm`,
    ]);
    const [customerCall, intentCall, confirmCall] = stripePosts;
    expect(customerCall!.headers['idempotency-key']).toBe(`${order.id}-customer`);
    expect(form(customerCall!.body)).toMatchObject({
      email: 'ada@example.com',
      'metadata[order_id]': order.id,
    });
    expect(intentCall!.headers['idempotency-key']).toBe(order.id);
    expect(intentCall!.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(intentCall!.headers.authorization).toBe(`Bearer ${SANDBOX_CREDENTIALS.stripeSecretKey}`);
    expect(form(intentCall!.body)).toMatchObject({
      amount: '10000',
      currency: 'usd',
      customer: done.order.customerId,
      'metadata[order_id]': order.id,
      'payment_method_types[0]': 'card',
    });
    expect(form(confirmCall!.body)).toEqual({ payment_method: 'pm_card_visa' });

    // The succeeded webhook was stored in the inbox and processed.
    const inbox = (await (await fetch(`${shop.url}/api/webhooks`)).json()) as {
      events: Array<{ type: string; state: string; headers: Record<string, string> }>;
    };
    const succeeded = inbox.events.find((event) => event.type === 'payment_intent.succeeded');
    expect(succeeded?.state).toBe('processed');
    expect(succeeded?.headers['stripe-signature']).not.toMatch(/v1=/);

    // Rate shopping: both carriers quoted at once; the cheaper fitting service (UPS Ground, in the
    // fakes' tables) ships, and FedEx is asked for nothing but its rates.
    const fedexPaths = wire.fedex.map((request) => `${request.method} ${request.path}`);
    expect(fedexPaths).toEqual(['POST /oauth/token', 'POST /rate/v1/rates/quotes']);
    const quoteRequest = JSON.parse(wire.fedex[1]!.body) as {
      requestedShipment: {
        recipient: { address: { postalCode: string } };
        requestedPackageLineItems: Array<{ weight: { value: number } }>;
      };
    };
    expect(quoteRequest.requestedShipment.recipient.address.postalCode).toBe('94105');
    expect(quoteRequest.requestedShipment.requestedPackageLineItems[0]!.weight.value).toBe(6);
    const upsPaths = wire.ups.map((request) => `${request.method} ${request.path}`);
    expect(upsPaths).toEqual([
      'POST /security/v1/oauth/token',
      'POST /api/rating/v2409/Shop',
      'POST /api/shipments/v2409/ship',
    ]);
    const upsQuote = JSON.parse(wire.ups[1]!.body) as {
      RateRequest: {
        Shipment: {
          ShipTo: { Address: { PostalCode: string } };
          Package: Array<{ PackageWeight: { Weight: string } }>;
        };
      };
    };
    expect(upsQuote.RateRequest.Shipment.ShipTo.Address.PostalCode).toBe('94105');
    expect(upsQuote.RateRequest.Shipment.Package[0]!.PackageWeight.Weight).toBe('6');
    const rates = done.steps.find((step) => step.step === 'shipping.rates')!.result as RateChoice;
    expect(rates).toMatchObject({ carrier: 'ups', serviceType: '03', failures: [] });
    const amounts = rates.quotes.map((quote) => quote.amount);
    expect(amounts).toEqual([...amounts].sort((left, right) => left - right));
    expect(rates.amount).toBe(amounts[0]);
    // The losing quotes are kept: every FedEx service, and UPS's other standard services.
    expect(
      rates.quotes.filter((quote) => quote.carrier === 'fedex').map((q) => q.serviceType),
    ).toEqual(expect.arrayContaining(['FEDEX_GROUND', 'FEDEX_2_DAY', 'STANDARD_OVERNIGHT']));
    const shipRequest = JSON.parse(wire.ups[2]!.body) as {
      ShipmentRequest: {
        Shipment: {
          Service: { Code: string };
          ShipTo: { Address: { PostalCode: string } };
          Package: Array<{ ReferenceNumber: Array<{ Value: string }> }>;
        };
      };
    };
    expect(shipRequest.ShipmentRequest.Shipment.Service.Code).toBe('03');
    expect(shipRequest.ShipmentRequest.Shipment.Package[0]!.ReferenceNumber).toEqual([
      { Value: order.id },
    ]);
    expect(wire.ups[2]!.headers.transid).toBe(order.id);
    const [upsShipment] = [...sandbox.ups.shipments.values()];
    expect(upsShipment).toMatchObject({ references: [order.id], service: '03' });
    expect(done.order).toMatchObject({
      carrier: 'ups',
      serviceType: '03',
      shippingAmount: rates.amount,
      trackingNumber: upsShipment!.trackingNumbers[0],
    });
    // The order page shows the choice and the quotes it beat.
    const page = await (await fetch(`${shop.url}/orders/${order.id}`)).text();
    expect(page.match(/data-testid="shipping-quote" /g)).toHaveLength(rates.quotes.length);
    expect(page.match(/data-chosen="yes"/g)).toHaveLength(1);
    expect(page).toContain('data-carrier="ups" data-service="03" data-chosen="yes"');
    const label = await fetch(`${shop.url}/orders/${order.id}/label`);
    expect(label.headers.get('content-type')).toBe('image/gif');

    // HubSpot: contact upserted by email, deal upserted by the order id, then associated.
    const hubspotCalls = wire.hubspot.map((request) => `${request.method} ${request.path}`);
    expect(hubspotCalls[0]).toMatch(/^POST .*\/contacts\/batch\/upsert$/);
    expect(hubspotCalls[1]).toMatch(/^POST .*\/deals\/batch\/upsert$/);
    expect(hubspotCalls[2]).toMatch(
      new RegExp(
        `^PUT .*/deals/${done.order.dealId}/associations/default/contacts/${done.order.contactId}$`,
      ),
    );
    const dealUpsert = JSON.parse(wire.hubspot[1]!.body) as {
      inputs: Array<{ id: string; idProperty: string; properties: Record<string, string> }>;
    };
    expect(dealUpsert.inputs).toEqual([
      expect.objectContaining({
        id: order.id,
        idProperty: 'shop_order_id',
        properties: expect.objectContaining({ amount: '100.00', dealstage: 'closedwon' }),
      }),
    ]);
    expect(sandbox.hubspot.get('deals', done.order.dealId!)?.properties.shop_order_id).toBe(
      order.id,
    );

    // The order page's data: every provider call is on the timeline.
    const titles = done.timeline.map((entry) => entry.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'stripe paymentIntents.create',
        'webhook payment_intent.succeeded',
        'fedex rates.quote',
        'ups rates.quote',
        'ups shipments.create',
        'job sync-crm done',
      ]),
    );
    expect(done.order).toMatchObject({ status: 'completed' });
    expect(done.order.paidAt).toBeLessThanOrEqual(done.order.shippedAt!);
    expect(done.order.shippedAt).toBeLessThanOrEqual(done.order.syncedAt!);

    // The health endpoint saw every provider succeed.
    const health = (await (await fetch(`${shop.url}/api/health`)).json()) as {
      providers: Array<{ provider: string; health: string; windowCount: number }>;
    };
    expect(health.providers.map((item) => [item.provider, item.health])).toEqual([
      ['stripe', 'ok'],
      ['mercadopago', 'unknown'],
      ['fedex', 'ok'],
      ['ups', 'ok'],
      ['hubspot', 'ok'],
    ]);
    // No credential in any log line.
    const logs = running.logger.text();
    expect(logs).not.toContain(SANDBOX_CREDENTIALS.stripeSecretKey);
    expect(logs).not.toContain(SANDBOX_CREDENTIALS.fedexClientSecret);
    expect(logs).not.toContain(SANDBOX_CREDENTIALS.hubspotAccessToken);
    expect(logs).not.toContain(sandbox.webhookSecret);
    // The bearer tokens the FedEx fake issued (fake-fedex-access-<n>), each one.
    const tokenRequests = sandbox.fedex.calls({ path: '/oauth/token' });
    expect(tokenRequests).toBeGreaterThan(0);
    for (let issued = 1; issued <= tokenRequests; issued += 1) {
      expect(logs).not.toContain(`fake-fedex-access-${issued}`);
    }
    // The log did see the calls those credentials authorised.
    expect(logs).toContain('fedex');
  });

  it('shows a declined card as declined and ships nothing', async () => {
    running = await startTestShop();
    const { shop, sandbox, wire } = running;
    const created = await postOrder(shop.url, {
      ...ORDER_BODY,
      paymentMethod: 'pm_card_chargeDeclined',
    });
    expect(created.status).toBe(201);
    const order = created.json.order as { id: string; status: string; statusDetail: string };
    expect(order.status).toBe('declined');
    expect(order.statusDetail).toMatch(/declined.*generic_decline/);
    // The payment_failed webhook lands on the timeline; no job is ever queued.
    await waitFor('the payment_failed webhook', async () =>
      (await getOrder(shop.url, order.id)).timeline.some(
        (entry) => entry.title === 'webhook payment_intent.payment_failed',
      ),
    );
    const jobs = (await (await fetch(`${shop.url}/api/jobs`)).json()) as {
      jobs: Array<{ name: string }>;
    };
    expect(jobs.jobs.filter((job) => job.name !== 'webhook-inbox')).toEqual([]);
    expect(wire.fedex).toEqual([]);
    expect(sandbox.inspect().hubspot.deals).toBe(0);
    // A declined card is the customer's, not Stripe's: health stays ok.
    const health = (await (await fetch(`${shop.url}/api/health`)).json()) as {
      providers: Array<{ provider: string; health: string; lastError?: { status: number } }>;
    };
    const stripe = health.providers.find((item) => item.provider === 'stripe');
    expect(stripe).toMatchObject({ health: 'ok', lastError: { status: 402 } });
  });

  it('rejects bad input with a typed 400 before anything is sent', async () => {
    running = await startTestShop();
    const { shop, wire } = running;
    const response = await postOrder(shop.url, {
      ...ORDER_BODY,
      email: 'not-an-email',
      items: [{ sku: 'NOPE', quantity: 1 }],
      paymentMethod: 'card_4242',
    });
    expect(response.status).toBe(400);
    expect(response.json.error).toBe('validation_error');
    const paths = (response.json.issues as Array<{ path: Array<string | number> }>).map((issue) =>
      issue.path.join('.'),
    );
    expect(paths).toEqual(['email', 'items.0.sku', 'paymentMethod']);
    expect(wire.stripe).toEqual([]);
    expect((await (await fetch(`${shop.url}/api/orders`)).json()) as unknown).toEqual({
      orders: [],
    });
  });

  it('shows a Stripe outage as a payment error', async () => {
    running = await startTestShop({
      intercept: {
        stripe: async ({ request, respond }) =>
          new URL(request.url).pathname.startsWith('/v1/payment_intents')
            ? Response.json(
                { error: { type: 'api_error', message: 'Stripe is down' } },
                { status: 503 },
              )
            : respond(),
      },
    });
    const { shop, wire } = running;
    const created = await postOrder(shop.url, ORDER_BODY);
    const order = created.json.order as { status: string; statusDetail: string };
    expect(order.status).toBe('payment_error');
    expect(order.statusDetail).toMatch(/^Stripe: ServerError: .*503/);
    // The create was retried once (maxRetries 1) with the same idempotency key.
    const attempts = wire.stripe.filter((request) => request.path === '/v1/payment_intents');
    expect(attempts).toHaveLength(2);
    expect(new Set(attempts.map((request) => request.headers['idempotency-key'])).size).toBe(1);
    const health = (await (await fetch(`${shop.url}/api/health`)).json()) as {
      providers: Array<{ provider: string; health: string }>;
    };
    expect(health.providers.find((item) => item.provider === 'stripe')?.health).toBe('error');
  });
});

describe('a repeated checkout', () => {
  const post = (url: string, key: string, body: unknown = ORDER_BODY) =>
    fetch(`${url}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });

  it('with the same Idempotency-Key makes one order and one PaymentIntent', async () => {
    running = await startTestShop();
    const { shop, sandbox, wire } = running;
    const key = 'checkout-7f3a9c21';
    // A double submit: both requests in flight at once, then a late retry.
    const [first, second] = await Promise.all([post(shop.url, key), post(shop.url, key)]);
    const third = await post(shop.url, key);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([200, 201]);
    expect(third.status).toBe(200);
    expect(third.headers.get('idempotent-replayed')).toBe('true');
    const ids = await Promise.all(
      [first, second, third].map(
        async (response) => ((await response.json()) as { order: { id: string } }).order.id,
      ),
    );
    expect(new Set(ids).size).toBe(1);
    await waitForStatus(shop.url, ids[0]!, 'completed');
    expect(
      ((await (await fetch(`${shop.url}/api/orders`)).json()) as { orders: unknown[] }).orders,
    ).toHaveLength(1);
    expect(sandbox.inspect().stripe).toMatchObject({
      customers: 1,
      paymentIntents: 1,
      paymentIntentsByOrder: { [ids[0]!]: 1 },
    });
    expect(wire.stripe.filter((request) => request.path === '/v1/payment_intents')).toHaveLength(1);

    // The same key for a different order is refused, not answered with the first order.
    const other = await post(shop.url, key, { ...ORDER_BODY, email: 'grace@example.com' });
    expect(other.status).toBe(409);
    expect(((await other.json()) as { error: string }).error).toBe('ConflictError');
    // A malformed key is a typed 400 before anything is stored.
    const bad = await post(shop.url, 'short');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: Array<{ path: string[] }> }).issues[0]!.path).toEqual([
      'idempotencyKey',
    ]);
    expect(sandbox.inspect().stripe.paymentIntents).toBe(1);
  });

  it('through the form twice with the same nonce lands on the same order', async () => {
    running = await startTestShop();
    const { shop, sandbox } = running;
    const page = await (await fetch(`${shop.url}/orders`)).text();
    const nonce = /name="nonce" value="([0-9a-f-]{36})"/.exec(page)?.[1];
    expect(nonce).toBeDefined();
    const again = await (await fetch(`${shop.url}/orders`)).text();
    expect(again).not.toContain(nonce!);
    const fields = new URLSearchParams({ ...ORDER_FORM_FIELDS, nonce: nonce! });
    const submit = () =>
      fetch(`${shop.url}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: shop.url },
        body: fields.toString(),
        redirect: 'manual',
      });
    const [one, two] = await Promise.all([submit(), submit()]);
    expect([one.status, two.status]).toEqual([303, 303]);
    expect(one.headers.get('location')).toMatch(/^\/orders\/ord_[a-f0-9]+$/);
    expect(two.headers.get('location')).toBe(one.headers.get('location'));
    const id = one.headers.get('location')!.split('/').at(-1)!;
    await waitForStatus(shop.url, id, 'completed');
    expect(sandbox.inspect().stripe.paymentIntents).toBe(1);
  });
});

describe('webhooks and jobs', () => {
  it('rejects a badly signed webhook and dedups a redelivered one (same event id)', async () => {
    running = await startTestShop({ env: FEDEX_ONLY });
    const { shop, sandbox } = running;
    const bad = await fetch(`${shop.url}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
      body: JSON.stringify({ id: 'evt_forged', type: 'payment_intent.succeeded' }),
    });
    expect(bad.status).toBe(400);
    const created = await postOrder(shop.url, ORDER_BODY);
    const id = (created.json.order as { id: string }).id;
    await waitForStatus(shop.url, id, 'completed');
    const events = (await (await fetch(`${shop.url}/api/webhooks`)).json()) as {
      events: Array<{ eventId: string; type: string }>;
    };
    expect(events.events.map((event) => event.eventId)).not.toContain('evt_forged');
    // Stripe redelivers the same event (same id, freshly signed): 200, still one inbox row, no new job.
    const succeeded = [...sandbox.stripe.state.events.values()].find(
      (event) => event.type === 'payment_intent.succeeded',
    )!;
    const inboxRows = async (eventId: string) =>
      (
        (await (await fetch(`${shop.url}/api/webhooks`)).json()) as {
          events: Array<{ eventId: string; state: string; attempts: number }>;
        }
      ).events.filter((event) => event.eventId === eventId);
    const jobsBefore = await shop.context.queue.list({ limit: 200 });
    const rowsBefore = await inboxRows(succeeded.id);
    expect(rowsBefore).toHaveLength(1);
    const payload = JSON.stringify(succeeded);
    const again = await fetch(`${shop.url}/webhooks/stripe`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': await generateTestHeader({ payload, secret: sandbox.webhookSecret }),
      },
      body: payload,
    });
    expect(again.status).toBe(200);
    const rowsAfter = await inboxRows(succeeded.id);
    expect(rowsAfter).toEqual(rowsBefore);
    const jobsAfter = await shop.context.queue.list({ limit: 200 });
    expect(jobsAfter.map((job) => [job.id, job.state, job.attempts])).toEqual(
      jobsBefore.map((job) => [job.id, job.state, job.attempts]),
    );
    // A new event id for the same intent (a second event, not a redelivery): the ship job id
    // (one per order) makes it a no-op.
    sandbox.stripe.emit(
      'payment_intent.succeeded',
      succeeded.data.object as Record<string, unknown>,
    );
    await sandbox.stripe.flushWebhooks();
    const resent = sandbox.stripe.state.deliveries.at(-1)!;
    expect(resent.status).toBe(200);
    expect(resent.eventId).not.toBe(succeeded.id);
    await waitFor('the second event to be processed', async () => {
      const rows = await inboxRows(resent.eventId);
      return rows[0]?.state === 'processed';
    });
    expect(sandbox.inspect().fedex).toMatchObject({ shipments: 1, shipmentRequests: 1 });
  });

  it('pays an order only from its own PaymentIntent, for its amount and currency', async () => {
    // The fake's deliveries go nowhere, so only the events posted below reach the shop.
    running = await startTestShop({
      env: FEDEX_ONLY,
      webhookUrl: `http://127.0.0.1:${await unusedPort()}/webhooks/stripe`,
    });
    const { shop, sandbox } = running;
    const order = (await postOrder(shop.url, ORDER_BODY)).json.order as {
      id: string;
      status: string;
      amount: number;
      paymentIntentId: string;
    };
    expect(order.status).toBe('confirmed');
    let sequence = 0;
    const deliver = async (object: Record<string, unknown>, secret = sandbox.webhookSecret) => {
      sequence += 1;
      const eventId = `evt_check_${sequence}`;
      const payload = JSON.stringify({
        id: eventId,
        object: 'event',
        type: 'payment_intent.succeeded',
        created: Math.floor(Date.now() / 1000),
        data: { object: { object: 'payment_intent', status: 'succeeded', ...object } },
      });
      const response = await fetch(`${shop.url}/webhooks/stripe`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'stripe-signature': await generateTestHeader({ payload, secret }),
        },
        body: payload,
      });
      return { eventId, status: response.status };
    };
    const processed = (eventId: string) =>
      waitFor(`${eventId} to be processed`, async () => {
        const list = (await (await fetch(`${shop.url}/api/webhooks`)).json()) as {
          events: Array<{ eventId: string; state: string }>;
        };
        return list.events.find((event) => event.eventId === eventId)?.state === 'processed';
      });
    const base = { metadata: { order_id: order.id }, amount: order.amount, currency: 'usd' };

    // Signed with the secret that used to be built in: refused.
    expect(
      (await deliver({ ...base, id: order.paymentIntentId }, 'whsec_int_shop_sandbox_only')).status,
    ).toBe(400);
    // Another intent naming this order, then the right intent for less, then in another currency.
    for (const object of [
      { ...base, id: 'pi_someone_else' },
      { ...base, id: order.paymentIntentId, amount: 100 },
      { ...base, id: order.paymentIntentId, currency: 'eur' },
    ]) {
      const sent = await deliver(object);
      expect(sent.status).toBe(200);
      await processed(sent.eventId);
    }
    const after = await getOrder(shop.url, order.id);
    expect(after.order.status).toBe('confirmed');
    expect(after.order.paidAt).toBeUndefined();
    const ignored = after.timeline.filter((entry) =>
      entry.title.startsWith('webhook payment_intent.succeeded ignored'),
    );
    expect(ignored.map((entry) => entry.detail)).toEqual([
      expect.stringMatching(/pi_someone_else is not the order's/),
      expect.stringMatching(/amount 100 differs from the order's 10000/),
      expect.stringMatching(/currency eur differs/),
    ]);
    expect(await shop.context.queue.get(`ship-order:${order.id}`)).toBeUndefined();

    // The order's own intent, amount and currency: paid and shipped.
    const good = await deliver({ ...base, id: order.paymentIntentId });
    expect(good.status).toBe(200);
    await waitForStatus(shop.url, order.id, 'completed');
    expect(sandbox.inspect().fedex.shipments).toBe(1);
  });

  it('finds a paid order whose webhook never arrived by reading the PaymentIntent back', async () => {
    // Deliveries go to a port nobody listens on, as if the shop had been down.
    running = await startTestShop({
      webhookUrl: `http://127.0.0.1:${await unusedPort()}/webhooks/stripe`,
      env: { ...FEDEX_ONLY, SHOP_RECONCILE_MS: '300' },
    });
    const { shop, sandbox } = running;
    const id = ((await postOrder(shop.url, ORDER_BODY)).json.order as { id: string }).id;
    await sandbox.stripe.flushWebhooks();
    expect(sandbox.stripe.state.deliveries.every((delivery) => delivery.error !== undefined)).toBe(
      true,
    );
    const done = await waitForStatus(shop.url, id, 'completed');
    expect(done.timeline.map((entry) => entry.title)).toContain(
      'payment confirmed by reading the PaymentIntent (no webhook received)',
    );
    expect(sandbox.inspect().fedex.shipments).toBe(1);
  });

  it('reconciles a payment_error order whose confirm succeeded at Stripe but whose answer was lost', async () => {
    running = await startTestShop({
      webhookUrl: `http://127.0.0.1:${await unusedPort()}/webhooks/stripe`,
      env: { ...FEDEX_ONLY, SHOP_RECONCILE_MS: '300' },
      intercept: {
        stripe: async ({ request, respond }) => {
          if (!new URL(request.url).pathname.endsWith('/confirm')) return respond();
          await respond();
          return Response.json({ error: { type: 'api_error', message: 'lost' } }, { status: 500 });
        },
      },
    });
    const { shop, sandbox } = running;
    const created = (await postOrder(shop.url, ORDER_BODY)).json.order as {
      id: string;
      status: string;
      paymentIntentId: string;
    };
    expect(created.status).toBe('payment_error');
    expect(created.paymentIntentId).toMatch(/^pi_/);
    expect(sandbox.stripe.state.paymentIntents.get(created.paymentIntentId)?.status).toBe(
      'succeeded',
    );
    const done = await waitForStatus(shop.url, created.id, 'completed');
    expect(done.timeline.map((entry) => entry.title)).toContain(
      'payment confirmed by reading the PaymentIntent (no webhook received)',
    );
    expect(sandbox.inspect().fedex.shipments).toBe(1);
  });

  it('logs a failed reconciliation run instead of leaving an unhandled rejection', async () => {
    running = await startTestShop({ env: { ...FEDEX_ONLY, SHOP_RECONCILE_MS: '50' } });
    const { shop, logger } = running;
    // The store goes away under the reconciler (as at shutdown).
    shop.context.orders.close();
    await waitFor('the reconcile error to be logged', () =>
      logger.lines.some((line) => line.object.event === 'reconcile_error'),
    );
    const line = logger.lines.find((item) => item.object.event === 'reconcile_error')!;
    expect(line.level).toBe('error');
    expect(String(line.object.error)).toMatch(/database connection is not open/);
  });

  it('runs ship-order and sync-crm twice without a second shipment or deal', async () => {
    running = await startTestShop({ env: FEDEX_ONLY });
    const { shop, sandbox } = running;
    const id = ((await postOrder(shop.url, ORDER_BODY)).json.order as { id: string }).id;
    await waitForStatus(shop.url, id, 'completed');
    const before = sandbox.inspect();
    // A done job is never retried (a 409); a second run is what a lease lapsing after the side
    // effect looks like: the same job name and payload, run once more by the workers.
    for (const name of ['ship-order', 'sync-crm']) {
      const again = await shop.context.queue.enqueue(
        name,
        { orderId: id },
        { jobId: `${name}:${id}:again` },
      );
      await waitFor(`${name} to finish again`, async () => {
        const job = (await shop.context.queue.get(again.id))!;
        return job.state === 'done' && job.attempts === 1 && job.finishedAt !== undefined;
      });
    }
    await waitFor('both re-runs to be journalled', async () => {
      const view = await getOrder(shop.url, id);
      return view.timeline.filter((entry) => entry.title === 'job sync-crm done').length === 2;
    });
    const after = sandbox.inspect();
    expect(after.fedex.shipments).toBe(1);
    expect(after.fedex.shipmentRequests).toBe(before.fedex.shipmentRequests);
    expect(after.hubspot.dealsByOrder).toEqual({ [id]: 1 });
    expect(after.stripe.paymentIntentsByOrder).toEqual({ [id]: 1 });
  });

  for (const [how, after] of [
    ['the connection reset', 'reset'],
    ['a 503', 'status'],
  ] as const) {
    it(`looks the shipment up instead of creating a second one when FedEx acted but ${how} lost the answer`, async () => {
      // The first shipments.create reaches the fake (which creates the shipment); the answer is lost.
      let lost = 0;
      running = await startTestShop({
        env: FEDEX_ONLY,
        intercept: {
          fedex: async ({ request, respond }) => {
            if (!new URL(request.url).pathname.endsWith('/ship/v1/shipments') || lost > 0) {
              return respond();
            }
            lost += 1;
            await respond();
            return after === 'reset'
              ? 'reset'
              : Response.json(
                  { errors: [{ code: 'SERVICE.UNAVAILABLE.ERROR', message: 'down' }] },
                  { status: 503 },
                );
          },
        },
      });
      const { shop, sandbox, wire } = running;
      const id = ((await postOrder(shop.url, ORDER_BODY)).json.order as { id: string }).id;
      const done = await waitForStatus(shop.url, id, 'completed');

      expect(lost).toBe(1);
      expect(sandbox.inspect().fedex).toMatchObject({ shipments: 1, shipmentRequests: 1 });
      const [shipment] = [...sandbox.fedex.shipments.values()];
      expect(done.order.trackingNumber).toBe(shipment!.masterTrackingNumber);
      // The create carried the order id as customer reference; the re-run asked FedEx for it.
      const create = wire.fedex.find((request) => request.path === '/ship/v1/shipments')!;
      const lines = (
        JSON.parse(create.body) as {
          requestedShipment: { requestedPackageLineItems: Array<{ customerReferences: unknown }> };
        }
      ).requestedShipment.requestedPackageLineItems;
      expect(lines[0]!.customerReferences).toEqual([
        { customerReferenceType: 'CUSTOMER_REFERENCE', value: id },
      ]);
      const lookups = wire.fedex.filter((request) => request.path === '/track/v1/referencenumbers');
      expect(lookups).toHaveLength(1);
      expect(lookups[0]!.method).toBe('POST');
      expect(lookups[0]!.headers.authorization).toMatch(/^Bearer /);
      expect(JSON.parse(lookups[0]!.body)).toEqual({
        referencesInformation: {
          type: 'CUSTOMER_REFERENCE',
          value: id,
          accountNumber: SANDBOX_CREDENTIALS.fedexAccountNumber,
        },
        includeDetailedScans: false,
      });
      const step = done.steps.find((item) => item.step === 'fedex.shipment')!;
      expect(step).toMatchObject({
        state: 'done',
        attempts: 2,
        outcomeUnknown: false,
        result: { trackingNumber: shipment!.masterTrackingNumber, recovered: true },
      });
      expect(done.timeline.map((entry) => entry.title)).toContain(
        'found the shipment created earlier; not creating another',
      );
    });
  }

  it('journals a known FedEx refusal as such and creates the shipment on the retry without a lookup', async () => {
    let refused = 0;
    running = await startTestShop({
      env: FEDEX_ONLY,
      intercept: {
        fedex: async ({ request, respond }) => {
          if (!new URL(request.url).pathname.endsWith('/ship/v1/shipments') || refused > 0) {
            return respond();
          }
          refused += 1;
          return Response.json(
            { errors: [{ code: 'INVALID.INPUT.EXCEPTION', message: 'bad' }] },
            { status: 400 },
          );
        },
      },
    });
    const { shop, sandbox, wire } = running;
    const id = ((await postOrder(shop.url, ORDER_BODY)).json.order as { id: string }).id;
    const done = await waitForStatus(shop.url, id, 'completed');
    expect(refused).toBe(1);
    expect(wire.fedex.filter((request) => request.path === '/track/v1/referencenumbers')).toEqual(
      [],
    );
    expect(sandbox.inspect().fedex.shipments).toBe(1);
    expect(done.steps.find((item) => item.step === 'fedex.shipment')).toMatchObject({
      state: 'done',
      attempts: 2,
    });
  });

  it('fails a job after its attempts and completes it after a retry by hand', async () => {
    running = await startTestShop({ env: { ...FEDEX_ONLY, SHOP_JOB_ATTEMPTS: '2' } });
    const { shop, sandbox } = running;
    sandbox.fedex.fail({ path: '/rate/', times: Number.POSITIVE_INFINITY });
    const id = ((await postOrder(shop.url, ORDER_BODY)).json.order as { id: string }).id;
    const jobId = `ship-order:${id}`;
    await waitFor(
      'the ship job to fail',
      async () => (await shop.context.queue.get(jobId))?.state === 'failed',
    );
    const failed = (await (await fetch(`${shop.url}/api/jobs?state=failed`)).json()) as {
      jobs: Array<{ id: string; attempts: number; lastError: { name: string } }>;
    };
    expect(failed.jobs).toEqual([
      expect.objectContaining({
        id: jobId,
        attempts: 2,
        lastError: expect.objectContaining({ name: 'ServerError' }),
      }),
    ]);
    expect((await getOrder(shop.url, id)).order).toMatchObject({
      status: 'paid',
      statusDetail: expect.stringMatching(/^Shipping: ServerError/),
    });
    const jobsPage = await (await fetch(`${shop.url}/jobs`)).text();
    expect(jobsPage).toContain(`action="/jobs/${encodeURIComponent(jobId)}/retry"`);

    sandbox.fedex.clearFaults();
    const retry = await apiPost(`${shop.url}/api/jobs/${encodeURIComponent(jobId)}/retry`);
    expect(retry.status).toBe(200);
    await waitForStatus(shop.url, id, 'completed');
    expect(sandbox.inspect().fedex.shipments).toBe(1);
    const unknown = await apiPost(`${shop.url}/api/jobs/nope/retry`);
    expect(unknown.status).toBe(404);
  });
});

/** The order as the API returns it. */
type OrderJson = Order;

const PIX_BODY = { ...ORDER_BODY, paymentMethod: 'pix' };

/** Waits until the order's timeline has an entry with this title; returns it. */
const timelineEntry = (url: string, id: string, title: string) =>
  waitFor(`"${title}" on order ${id}`, async () =>
    (await getOrder(url, id)).timeline.find((entry) => entry.title === title),
  );

describe('a Pix order (MercadoPago)', () => {
  it('whose create went unanswered is asked again with the same key by the reconciler: one payment, then its QR code', async () => {
    // MercadoPago makes the payment, but every answer of the first call is lost (a 500 after acting).
    let loseAnswers = true;
    running = await startTestShop({
      env: { SHOP_RECONCILE_MS: '300' },
      intercept: {
        mercadopago: async ({ request, respond }) => {
          const create =
            request.method === 'POST' && new URL(request.url).pathname === '/v1/payments';
          if (!create || !loseAnswers) return respond();
          await respond();
          return Response.json(
            { message: 'lost', error: 'internal_error', status: 500, cause: [] },
            { status: 500 },
          );
        },
      },
    });
    const { shop, sandbox, wire } = running;
    const order = (await postOrder(shop.url, PIX_BODY)).json.order as OrderJson;
    expect(order.status).toBe('pending_payment');
    expect(order.pixPaymentId).toBeUndefined();
    const made = () =>
      [...sandbox.mercadopago.state.payments.values()].filter(
        (payment) => payment.external_reference === order.id,
      );
    expect(made()).toHaveLength(1);
    loseAnswers = false;
    const settled = await waitFor('the reconciler to find the payment', async () => {
      const current = (await getOrder(shop.url, order.id)).order;
      return current.pixPaymentId ? current : undefined;
    });
    expect(made()).toHaveLength(1);
    expect(settled.pixPaymentId).toBe(String(made()[0]!.id));
    expect(settled.pixQrCode).toBe(made()[0]!.point_of_interaction!.transaction_data!.qr_code);
    const creates = wire.mercadopago.filter(
      (request) => request.method === 'POST' && request.path === '/v1/payments',
    );
    expect(creates.length).toBeGreaterThan(1);
    expect(new Set(creates.map((request) => request.headers['x-idempotency-key']))).toEqual(
      new Set([`${order.id}-pix`]),
    );
  });

  it('is pending with its QR code, paid by the verified notification once the payer pays, then shipped and synced', async () => {
    running = await startTestShop();
    const { shop, sandbox, wire } = running;
    const created = await postOrder(shop.url, PIX_BODY);
    expect(created.status).toBe(201);
    const order = created.json.order as OrderJson;
    // Pix prices are in reais: 2 mugs at R$99.90 and a lamp at R$349.90.
    expect(order).toMatchObject({ status: 'pending_payment', currency: 'brl', amount: 54970 });
    expect(order.pixPaymentId).toMatch(/^\d+$/);
    const payment = sandbox.mercadopago.state.payments.get(Number(order.pixPaymentId))!;
    expect(payment).toMatchObject({ status: 'pending', external_reference: order.id });
    expect(order.pixQrCode).toBe(payment.point_of_interaction!.transaction_data!.qr_code);

    // One create on the wire, keyed by the order id, for the exact amount in reais; no Stripe call.
    const creates = wire.mercadopago.filter(
      (request) => request.method === 'POST' && request.path === '/v1/payments',
    );
    expect(creates).toHaveLength(1);
    expect(creates[0]!.headers['x-idempotency-key']).toBe(`${order.id}-pix`);
    expect(creates[0]!.headers.authorization).toBe(
      `Bearer ${SANDBOX_CREDENTIALS.mercadopagoAccessToken}`,
    );
    expect(JSON.parse(creates[0]!.body)).toMatchObject({
      transaction_amount: 549.7,
      payment_method_id: 'pix',
      external_reference: order.id,
      payer: { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace' },
    });
    expect(wire.stripe).toEqual([]);

    // The order page shows the QR image (served by the shop) and the copy-and-paste code.
    const page = await (await fetch(`${shop.url}/orders/${order.id}`)).text();
    expect(page).toContain(`<img src="/orders/${order.id}/pix-qr.png"`);
    expect(page).toContain(`data-testid="pix-code">${order.pixQrCode}<`);
    expect(page).toContain('data-testid="pay-pix"');
    const qr = await fetch(`${shop.url}/orders/${order.id}/pix-qr.png`);
    expect(qr.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await qr.arrayBuffer())).toEqual(
      Buffer.from(payment.point_of_interaction!.transaction_data!.qr_code_base64!, 'base64'),
    );

    // payment.created arrives (signed) and is read back: still pending, nothing moves.
    await timelineEntry(shop.url, order.id, 'webhook payment.created: payment pending');
    expect((await getOrder(shop.url, order.id)).order.status).toBe('pending_payment');

    // The payer pays (the sandbox's button); the notification makes the order paid.
    const paid = await apiPost(`${shop.url}/api/orders/${order.id}/pay-pix`);
    expect(paid.status).toBe(200);
    const done = await waitForStatus(shop.url, order.id, 'completed');
    expect(done.order.paidAt).toBeLessThanOrEqual(done.order.shippedAt!);
    expect(done.timeline.map((entry) => entry.title)).toEqual(
      expect.arrayContaining(['webhook payment.updated: Pix approved', 'ups shipments.create']),
    );
    // Stored in the inbox (signature redacted) before the 2xx, then read back by its signed id.
    const inbox = (await (await fetch(`${shop.url}/api/webhooks`)).json()) as {
      events: Array<{
        provider: string;
        type: string;
        state: string;
        headers: Record<string, string>;
      }>;
    };
    const notifications = inbox.events.filter((event) => event.provider === 'mercadopago');
    expect(notifications.map((event) => [event.type, event.state]).sort()).toEqual([
      ['payment.created', 'processed'],
      ['payment.updated', 'processed'],
    ]);
    expect(notifications[0]!.headers['x-signature']).not.toMatch(/v1=[0-9a-f]/);
    const reads = wire.mercadopago.filter(
      (request) =>
        request.method === 'GET' && request.path === `/v1/payments/${order.pixPaymentId}`,
    );
    expect(reads).toHaveLength(2);

    const seen = sandbox.inspect();
    expect(seen.mercadopago).toMatchObject({
      paymentsByOrder: { [order.id]: 1 },
      approvedPayments: 1,
      notificationsAcknowledged: 2,
    });
    expect(seen.ups.shipmentsByOrder).toEqual({ [order.id]: 1 });
    expect(seen.stripe.paymentIntents).toBe(0);
    expect(sandbox.hubspot.get('deals', done.order.dealId!)?.properties.amount).toBe('549.70');
    // Paid: the button is gone.
    expect(await (await fetch(`${shop.url}/orders/${order.id}`)).text()).not.toContain(
      'data-testid="pay-pix"',
    );
    const logs = running.logger.text();
    expect(logs).not.toContain(SANDBOX_CREDENTIALS.mercadopagoAccessToken);
    expect(logs).not.toContain(sandbox.mercadopagoWebhookSecret);
  });

  it('refuses a forged or unsigned notification, which changes nothing and fetches nothing', async () => {
    running = await startTestShop();
    const { shop, sandbox, wire } = running;
    const order = (await postOrder(shop.url, PIX_BODY)).json.order as OrderJson;
    await timelineEntry(shop.url, order.id, 'webhook payment.created: payment pending');
    const readsBefore = wire.mercadopago.filter((request) => request.method === 'GET').length;
    const dataId = order.pixPaymentId!;
    const body = JSON.stringify({
      id: 777,
      type: 'payment',
      action: 'payment.updated',
      live_mode: true,
      data: { id: dataId },
    });
    const url = `${shop.url}/webhooks/mercadopago?data.id=${dataId}&type=payment`;
    const post = (headers: Record<string, string>) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });

    const unsigned = await post({});
    const forged = await post({
      'x-request-id': 'forged-1',
      'x-signature': await signNotification({
        dataId,
        requestId: 'forged-1',
        secret: 'not-the-shops-secret',
        timestamp: Math.floor(sandbox.mercadopago.now() / 1000),
      }),
    });
    expect(unsigned.status).toBeGreaterThanOrEqual(400);
    expect(unsigned.status).toBeLessThan(500);
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(forged.status).toBeLessThan(500);

    const inbox = (await (await fetch(`${shop.url}/api/webhooks`)).json()) as {
      events: Array<{ eventId: string }>;
    };
    expect(inbox.events.map((event) => event.eventId)).not.toContain('777');
    const view = await getOrder(shop.url, order.id);
    expect(view.order.status).toBe('pending_payment');
    expect(view.order.paidAt).toBeUndefined();
    expect(wire.mercadopago.filter((request) => request.method === 'GET')).toHaveLength(
      readsBefore,
    );
    expect(sandbox.inspect().ups.shipments + sandbox.inspect().fedex.shipments).toBe(0);
  });

  it('does not mark the order paid when the approved payment naming it is for another amount', async () => {
    running = await startTestShop();
    const { shop, sandbox } = running;
    const order = (await postOrder(shop.url, PIX_BODY)).json.order as OrderJson;
    // A second Pix that names the order but asks R$1.00, paid: MercadoPago notifies, signed.
    const mercadoPago = createMercadoPago({
      accessToken: SANDBOX_CREDENTIALS.mercadopagoAccessToken,
      baseURL: sandbox.urls.mercadopago,
    });
    const cheap = await mercadoPago.payments.create(
      {
        transaction_amount: 1,
        payment_method_id: 'pix',
        external_reference: order.id,
        payer: { email: 'someone@example.com' },
      },
      { idempotencyKey: 'not-the-shops-key' },
    );
    sandbox.payPix(cheap.id);
    const ignored = await timelineEntry(
      shop.url,
      order.id,
      'webhook payment.updated ignored: the payment does not match the order',
    );
    expect(ignored.detail).toMatch(/amount 1 differs from the order's 549\.70/);
    const view = await getOrder(shop.url, order.id);
    expect(view.order.status).toBe('pending_payment');
    expect(view.order.paidAt).toBeUndefined();
    const jobs = (await (await fetch(`${shop.url}/api/jobs`)).json()) as {
      jobs: Array<{ name: string }>;
    };
    expect(jobs.jobs.filter((job) => job.name === 'ship-order')).toEqual([]);
    expect(running.logger.text()).toContain('webhook_payment_mismatch');

    // The order's own payment still pays it.
    expect((await apiPost(`${shop.url}/api/orders/${order.id}/pay-pix`)).status).toBe(200);
    await waitForStatus(shop.url, order.id, 'completed');
  });
});

describe('rate shopping between FedEx and UPS', () => {
  const HEAVY = { ...ORDER_BODY, items: [{ sku: 'LAMP-01', quantity: 5 }] };

  it('ships with whichever carrier is cheaper for the delivery option, and shows the losing quotes', async () => {
    running = await startTestShop();
    const { shop, sandbox } = running;
    // 20 lb: FedEx Ground undercuts UPS Ground in the fakes' tables.
    const heavy = (await postOrder(shop.url, HEAVY)).json.order as OrderJson;
    // Overnight: only next-day services compete.
    const overnight = (await postOrder(shop.url, { ...ORDER_BODY, deliveryOption: 'overnight' }))
      .json.order as OrderJson;
    const heavyDone = await waitForStatus(shop.url, heavy.id, 'completed');
    const overnightDone = await waitForStatus(shop.url, overnight.id, 'completed');

    const heavyRates = heavyDone.steps.find((step) => step.step === 'shipping.rates')!
      .result as RateChoice;
    expect(heavyRates.quotes[0]).toMatchObject({ carrier: 'fedex', serviceType: 'FEDEX_GROUND' });
    expect(heavyRates.quotes[1]).toMatchObject({ carrier: 'ups', serviceType: '03' });
    expect(heavyRates.quotes[0]!.amount).toBeLessThan(heavyRates.quotes[1]!.amount);
    expect(heavyDone.order).toMatchObject({ carrier: 'fedex', serviceType: 'FEDEX_GROUND' });
    expect(sandbox.inspect().fedex.shipments).toBe(1);

    const overnightRates = overnightDone.steps.find((step) => step.step === 'shipping.rates')!
      .result as RateChoice;
    expect(new Set(overnightRates.quotes.map((quote) => quote.serviceType))).toEqual(
      new Set(['STANDARD_OVERNIGHT', 'PRIORITY_OVERNIGHT', '13', '01', '14']),
    );
    expect(overnightDone.order.carrier).toBe(overnightRates.quotes[0]!.carrier);
    expect(overnightDone.order.serviceType).toBe(overnightRates.quotes[0]!.serviceType);
    expect(sandbox.inspect().ups.shipmentsByOrder).toEqual({ [overnight.id]: 1 });

    const page = await (await fetch(`${shop.url}/orders/${heavy.id}`)).text();
    expect(page).toContain('data-carrier="fedex" data-service="FEDEX_GROUND" data-chosen="yes"');
    expect(page).toContain('data-carrier="ups" data-service="03" data-chosen="no"');
    const label = await fetch(`${shop.url}/orders/${heavy.id}/label`);
    expect(label.headers.get('content-type')).toBe('application/pdf');
  });

  it('falls back to FedEx while UPS is down (a fault from the control server) and to FedEx when UPS is too slow', async () => {
    running = await startTestShop({ env: { SHOP_RATE_TIMEOUT_MS: '500' } });
    const { shop, sandbox } = running;
    const control = await connectSandbox(sandbox.urls.control, sandbox.controlToken);
    await control.applyFault({ provider: 'ups', status: 503 });
    const down = (await postOrder(shop.url, ORDER_BODY)).json.order as OrderJson;
    const downDone = await waitForStatus(shop.url, down.id, 'completed');
    expect(downDone.order.carrier).toBe('fedex');
    const downRates = downDone.steps.find((step) => step.step === 'shipping.rates')!
      .result as RateChoice;
    expect(downRates.failures).toEqual([
      { carrier: 'ups', error: expect.stringMatching(/ServerError.*503/) },
    ]);
    expect(downRates.quotes.every((quote) => quote.carrier === 'fedex')).toBe(true);
    const page = await (await fetch(`${shop.url}/orders/${down.id}`)).text();
    expect(page).toContain('data-testid="shipping-quote-failure" data-carrier="ups"');

    // UPS answers, but after the quote's own deadline: FedEx ships without waiting for it.
    await control.clearFaults();
    await control.applyFault({
      provider: 'ups',
      path: '/api/rating/',
      delayMs: 5_000,
      status: 503,
    });
    const slow = (await postOrder(shop.url, ORDER_BODY)).json.order as OrderJson;
    const slowDone = await waitForStatus(shop.url, slow.id, 'completed');
    expect(slowDone.order.carrier).toBe('fedex');
    const slowRates = slowDone.steps.find((step) => step.step === 'shipping.rates')!
      .result as RateChoice;
    expect(slowRates.failures.map((failure) => failure.carrier)).toEqual(['ups']);
    expect(sandbox.inspect().ups.shipments).toBe(0);
    expect(sandbox.inspect().fedex.shipments).toBe(2);
  });
});
