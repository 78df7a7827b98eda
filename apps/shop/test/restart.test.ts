import type { Interceptor } from '@int/core/testing';
import { unusedPort } from '@int/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../src/providers/clients.js';
import type { SandboxInspection } from '../src/sandbox/sandbox.js';
import { type Sandbox, startSandbox } from '../src/sandbox/sandbox.js';
import { getOrder, ORDER_BODY, postOrder, tempDataDir, waitFor, waitForStatus } from './helpers.js';
import { type ShopProcess, spawnShop } from './shop-process.js';

/** Holds matching requests until released; then runs `onRelease` (reset, or let the fake act). */
function gate(pathEnd: string, onRelease: 'reset' | 'respond') {
  let closed = false;
  let held = 0;
  let release: () => void = () => {};
  let released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const intercept: Interceptor = async ({ request, respond }) => {
    if (!closed || !new URL(request.url).pathname.endsWith(pathEnd)) return respond();
    held += 1;
    await released;
    return onRelease === 'reset' ? 'reset' : respond();
  };
  return {
    intercept,
    close: () => {
      closed = true;
      released = new Promise<void>((resolve) => {
        release = resolve;
      });
    },
    open: () => {
      closed = false;
      release();
    },
    held: () => held,
  };
}

/** The FedEx cases gate FedEx's requests: FedEx is the only carrier there. */
const FEDEX_ONLY = { SHOP_CARRIERS: 'fedex' };

const data = tempDataDir();
const processes: ShopProcess[] = [];
let sandbox: Sandbox | undefined;
const extra: Array<{ sandbox: Sandbox; remove: () => void }> = [];
afterAll(async () => {
  for (const shop of processes) await shop.kill('SIGKILL');
  await sandbox?.close();
  data.remove();
  for (const item of extra) {
    await item.sandbox.close();
    item.remove();
  }
});

/**
 * No credential in the processes' logs: the sandbox keys, the HubSpot token, the webhook
 * secret, and the bearer tokens the FedEx fake issued (`fake-fedex-access-<n>`).
 */
function expectNoSecrets(logs: string, fakes: Sandbox): void {
  expect(logs).toContain('"event":"shop_started"');
  for (const secret of [
    SANDBOX_CREDENTIALS.stripeSecretKey,
    SANDBOX_CREDENTIALS.fedexClientSecret,
    SANDBOX_CREDENTIALS.hubspotAccessToken,
    SANDBOX_CREDENTIALS.mercadopagoAccessToken,
    fakes.webhookSecret,
    fakes.mercadopagoWebhookSecret,
  ]) {
    expect(logs).not.toContain(secret);
  }
  for (let issued = 1; issued <= fakes.fedex.calls({ path: '/oauth/token' }); issued += 1) {
    expect(logs).not.toContain(`fake-fedex-access-${issued}`);
  }
}

async function inspectOverHttp(fakes: Sandbox): Promise<SandboxInspection> {
  const response = await fetch(`${fakes.urls.control}/inspect`, {
    headers: { authorization: `Bearer ${fakes.controlToken}` },
  });
  return (await response.json()) as SandboxInspection;
}

describe('restart after SIGKILL', () => {
  it('completes the order with one payment, one shipment and one deal', async () => {
    // FedEx rates stall (the request never reaches the fake), so the shop is killed mid ship-order;
    // later the deal upsert stalls and reaches HubSpot only after the kill (the answer is lost).
    const rates = gate('/rate/v1/rates/quotes', 'reset');
    const deals = gate('/deals/batch/upsert', 'respond');
    const port = await unusedPort();
    sandbox = await startSandbox({
      webhookUrl: `http://127.0.0.1:${port}/webhooks/stripe`,
      intercept: { fedex: rates.intercept, hubspot: deals.intercept },
    });
    const start = async () => {
      const shop = await spawnShop({
        port,
        dataDir: data.dir,
        fakesUrl: sandbox!.urls.control,
        fakesToken: sandbox!.controlToken,
        env: FEDEX_ONLY,
      });
      processes.push(shop);
      return shop;
    };

    // 1. Paid, then killed while ship-order waits on FedEx.
    rates.close();
    const first = await start();
    const id = ((await postOrder(first.url, ORDER_BODY)).json.order as { id: string }).id;
    await waitFor('ship-order to reach FedEx rates', () => rates.held() === 1);
    expect((await getOrder(first.url, id)).order.status).toBe('paid');
    expect(await first.kill('SIGKILL')).toBe(null);
    deals.close();
    rates.open();
    expect(sandbox.inspect().fedex.shipments).toBe(0);

    // 2. Restarted on the same data: the job's lease lapses and it runs again; then killed
    //    while HubSpot is creating the deal.
    const second = await start();
    await waitFor('sync-crm to reach the deal upsert', () => deals.held() === 1);
    const shippedView = await getOrder(second.url, id);
    expect(shippedView.order.status).toBe('shipped');
    await second.kill('SIGKILL');
    deals.open();
    await waitFor(
      'the lost deal upsert to reach the fake',
      () => sandbox!.inspect().hubspot.deals === 1,
    );

    // 3. Restarted again: the deal is found by its order id, not created twice.
    const third = await start();
    const done = await waitForStatus(third.url, id, 'completed', 60_000);
    expect(done.order.trackingNumber).toBe(shippedView.order.trackingNumber);

    const seen = await inspectOverHttp(sandbox);
    expect(seen.stripe.paymentIntentsByOrder).toEqual({ [id]: 1 });
    expect(seen.stripe.succeededPaymentIntents).toBe(1);
    expect(seen.fedex.shipments).toBe(1);
    expect(seen.fedex.shipmentRequests).toBe(1);
    expect(seen.hubspot.dealsByOrder).toEqual({ [id]: 1 });
    expect(seen.hubspot.contacts).toBe(1);
    // The journal shows the interrupted steps ran again.
    const steps = Object.fromEntries(done.steps.map((step) => [step.step, step]));
    expect(steps['shipping.rates']).toMatchObject({ state: 'done', attempts: 2 });
    expect(steps['fedex.shipment']).toMatchObject({ state: 'done', attempts: 1 });
    expect(steps['hubspot.deal']).toMatchObject({ state: 'done', attempts: 2 });
    const jobs = (await (await fetch(`${third.url}/api/jobs`)).json()) as {
      jobs: Array<{ id: string; state: string; attempts: number }>;
    };
    expect(jobs.jobs.find((job) => job.id === `ship-order:${id}`)).toMatchObject({
      state: 'done',
      attempts: 2,
    });
    expect(jobs.jobs.find((job) => job.id === `sync-crm:${id}`)).toMatchObject({
      state: 'done',
      attempts: 2,
    });
    // The processes logged structured JSON lines without credentials.
    expect(first.output()).toContain('"event":"shop_started"');
    const logs = first.output() + second.output() + third.output();
    expect(seen.fedex.tokensIssued).toBeGreaterThan(0);
    expectNoSecrets(logs, sandbox);
    await third.kill('SIGTERM');
  });

  it('finds the shipment by the order reference when killed while FedEx was creating it', async () => {
    // shipments.create is held at the fake; the shop is killed; then the fake creates the
    // shipment, as FedEx would for a request that arrived: the answer is lost.
    const ships = gate('/ship/v1/shipments', 'respond');
    const port = await unusedPort();
    const own = tempDataDir();
    const fakes = await startSandbox({
      webhookUrl: `http://127.0.0.1:${port}/webhooks/stripe`,
      intercept: { fedex: ships.intercept },
    });
    extra.push({ sandbox: fakes, remove: own.remove });
    const start = async () => {
      const shop = await spawnShop({
        port,
        dataDir: own.dir,
        fakesUrl: fakes.urls.control,
        fakesToken: fakes.controlToken,
        env: FEDEX_ONLY,
      });
      processes.push(shop);
      return shop;
    };

    ships.close();
    const first = await start();
    const id = ((await postOrder(first.url, ORDER_BODY)).json.order as { id: string }).id;
    await waitFor('ship-order to reach shipments.create', () => ships.held() === 1);
    const before = await getOrder(first.url, id);
    expect(before.steps.find((step) => step.step === 'fedex.shipment')?.state).toBe('started');
    expect(await first.kill('SIGKILL')).toBe(null);
    ships.open();
    await waitFor('the lost create to reach the fake', () => fakes.inspect().fedex.shipments === 1);

    const second = await start();
    const done = await waitForStatus(second.url, id, 'completed', 60_000);
    const seen = await inspectOverHttp(fakes);
    expect(seen.fedex.shipments).toBe(1);
    expect(seen.fedex.shipmentRequests).toBe(1);
    expect(seen.hubspot.dealsByOrder).toEqual({ [id]: 1 });
    const [shipment] = [...fakes.fedex.shipments.values()];
    expect(done.order.trackingNumber).toBe(shipment!.masterTrackingNumber);
    expect(done.steps.find((step) => step.step === 'fedex.shipment')).toMatchObject({
      state: 'done',
      attempts: 2,
      result: { recovered: true, trackingNumber: shipment!.masterTrackingNumber },
    });
    expect(done.timeline.map((entry) => entry.title)).toContain(
      'found the shipment created earlier; not creating another',
    );
    expect(seen.fedex.tokensIssued).toBeGreaterThan(0);
    expectNoSecrets(first.output() + second.output(), fakes);
    await second.kill('SIGTERM');
  });

  it('pays a Pix order whose notification came while the shop was down: MercadoPago redelivers it', async () => {
    const port = await unusedPort();
    const own = tempDataDir();
    const fakes = await startSandbox({ webhookUrl: `http://127.0.0.1:${port}/webhooks/stripe` });
    extra.push({ sandbox: fakes, remove: own.remove });
    // No reconciliation within the test: only the redelivered notification can pay the order.
    const start = async () => {
      const shop = await spawnShop({
        port,
        dataDir: own.dir,
        fakesUrl: fakes.urls.control,
        fakesToken: fakes.controlToken,
        env: { SHOP_RECONCILE_MS: '600000' },
      });
      processes.push(shop);
      return shop;
    };

    const first = await start();
    const order = (await postOrder(first.url, { ...ORDER_BODY, paymentMethod: 'pix' })).json
      .order as { id: string; pixPaymentId: string };
    // payment.created handled (read back: pending) before the kill, so only payment.updated can pay the order.
    await waitFor('payment.created to be handled', async () =>
      (await getOrder(first.url, order.id)).timeline.some(
        (entry) => entry.title === 'webhook payment.created: payment pending',
      ),
    );
    expect(await first.kill('SIGKILL')).toBe(null);

    // The payer pays while the shop is down: the delivery is refused, and retried.
    fakes.payPix(Number(order.pixPaymentId));
    await waitFor('the notification to be refused by the closed port', () =>
      fakes.mercadopago.state.deliveries.some(
        (delivery) => delivery.action === 'payment.updated' && delivery.status === undefined,
      ),
    );
    const second = await start();
    const done = await waitForStatus(second.url, order.id, 'completed', 60_000);
    expect(done.timeline.map((entry) => entry.title)).toContain(
      'webhook payment.updated: Pix approved',
    );
    const seen = await inspectOverHttp(fakes);
    expect(seen.mercadopago).toMatchObject({
      paymentsByOrder: { [order.id]: 1 },
      approvedPayments: 1,
      notifications: 2,
      notificationsAcknowledged: 2,
    });
    expect(seen.ups.shipmentsByOrder).toEqual({ [order.id]: 1 });
    expect(seen.hubspot.dealsByOrder).toEqual({ [order.id]: 1 });
    expectNoSecrets(first.output() + second.output(), fakes);
    await second.kill('SIGTERM');
  });

  it('finds the UPS shipment by the order reference when killed while UPS was creating it', async () => {
    const ships = gate('/api/shipments/v2409/ship', 'respond');
    const port = await unusedPort();
    const own = tempDataDir();
    const fakes = await startSandbox({
      webhookUrl: `http://127.0.0.1:${port}/webhooks/stripe`,
      intercept: { ups: ships.intercept },
    });
    extra.push({ sandbox: fakes, remove: own.remove });
    const start = async () => {
      const shop = await spawnShop({
        port,
        dataDir: own.dir,
        fakesUrl: fakes.urls.control,
        fakesToken: fakes.controlToken,
      });
      processes.push(shop);
      return shop;
    };

    ships.close();
    const first = await start();
    const id = ((await postOrder(first.url, ORDER_BODY)).json.order as { id: string }).id;
    await waitFor('ship-order to reach the UPS create', () => ships.held() === 1);
    const before = await getOrder(first.url, id);
    expect(before.steps.find((step) => step.step === 'ups.shipment')?.state).toBe('started');
    expect(await first.kill('SIGKILL')).toBe(null);
    ships.open();
    await waitFor('the lost create to reach the fake', () => fakes.inspect().ups.shipments === 1);

    const second = await start();
    const done = await waitForStatus(second.url, id, 'completed', 60_000);
    const seen = await inspectOverHttp(fakes);
    expect(seen.ups).toMatchObject({
      shipments: 1,
      shipmentRequests: 1,
      shipmentsByOrder: { [id]: 1 },
    });
    expect(seen.fedex.shipments).toBe(0);
    expect(seen.hubspot.dealsByOrder).toEqual({ [id]: 1 });
    const [shipment] = [...fakes.ups.shipments.values()];
    expect(done.order).toMatchObject({
      carrier: 'ups',
      trackingNumber: shipment!.trackingNumbers[0],
    });
    expect(done.steps.find((step) => step.step === 'ups.shipment')).toMatchObject({
      state: 'done',
      attempts: 2,
      result: { recovered: true, trackingNumber: shipment!.trackingNumbers[0] },
    });
    expect(done.timeline.map((entry) => entry.title)).toEqual(
      expect.arrayContaining([
        'ups tracking.byReference',
        'found the shipment created earlier; not creating another',
      ]),
    );
    expectNoSecrets(first.output() + second.output(), fakes);
    await second.kill('SIGTERM');
  });
});
