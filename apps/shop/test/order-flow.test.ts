import { unusedPort } from '@int/core/testing';
import { generateTestHeader } from '@int/stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../src/providers/clients.js';
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

    // FedEx: a token, a rate quote, then a shipment with the cheapest quoted service.
    const fedexPaths = wire.fedex.map((request) => `${request.method} ${request.path}`);
    expect(fedexPaths).toEqual([
      'POST /oauth/token',
      'POST /rate/v1/rates/quotes',
      'POST /ship/v1/shipments',
    ]);
    const quoteRequest = JSON.parse(wire.fedex[1]!.body) as {
      requestedShipment: {
        recipient: { address: { postalCode: string } };
        requestedPackageLineItems: Array<{ weight: { value: number } }>;
      };
    };
    expect(quoteRequest.requestedShipment.recipient.address.postalCode).toBe('94105');
    expect(quoteRequest.requestedShipment.requestedPackageLineItems[0]!.weight.value).toBe(6);
    const rateStep = done.steps.find((step) => step.step === 'fedex.rates')!;
    const shipRequest = JSON.parse(wire.fedex[2]!.body) as {
      requestedShipment: { serviceType: string };
    };
    expect(shipRequest.requestedShipment.serviceType).toBe(
      (rateStep.result as { serviceType: string }).serviceType,
    );
    expect(wire.fedex[2]!.headers['x-customer-transaction-id']).toBe(order.id);
    const fakeShipment = sandbox.fedex.shipments.get(done.order.trackingNumber!);
    expect(fakeShipment?.recipient).toMatchObject({ postalCode: '94105', countryCode: 'US' });

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
        'fedex shipments.create',
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
      ['fedex', 'ok'],
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
    running = await startTestShop();
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
      env: { SHOP_RECONCILE_MS: '300' },
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
      env: { SHOP_RECONCILE_MS: '300' },
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
    running = await startTestShop({ env: { SHOP_RECONCILE_MS: '50' } });
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
    running = await startTestShop();
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
    running = await startTestShop({ env: { SHOP_JOB_ATTEMPTS: '2' } });
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
