import { afterEach, describe, expect, it } from 'vitest';
import { connectSandbox } from '../src/sandbox/sandbox-control.js';
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

describe('pages', () => {
  it('render server-side with escaped values and stable test ids', async () => {
    running = await startTestShop();
    const { shop } = running;
    const id = (
      (
        await postOrder(shop.url, {
          ...ORDER_BODY,
          address: { ...ORDER_BODY.address, name: '<script>alert(1)</script> Ada' },
        })
      ).json.order as { id: string }
    ).id;
    await waitForStatus(shop.url, id, 'completed');
    const page = await (await fetch(`${shop.url}/orders/${id}`)).text();
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Ada');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('data-testid="flag-synced" data-done="yes"');
    // A final order does not reload itself; the dashboard lists the calls.
    expect(page).not.toContain('http-equiv="refresh"');
    const dashboard = await (await fetch(`${shop.url}/`)).text();
    for (const provider of ['stripe', 'fedex', 'ups', 'hubspot']) {
      expect(dashboard).toContain(`data-testid="health-card-${provider}" data-health="ok"`);
    }
    expect(dashboard).toMatch(/<svg data-testid="latency-chart"[^>]*>.*<polyline/s);
    expect((await fetch(`${shop.url}/inbox`)).status).toBe(200);
    expect(await (await fetch(`${shop.url}/jobs`)).text()).toContain(
      `data-job-id="ship-order:${id}"`,
    );
    const label = await fetch(`${shop.url}/orders/${id}/label`);
    // UPS shipped it (the cheaper carrier for this parcel): its label is a GIF.
    expect(label.headers.get('content-type')).toBe('image/gif');
    expect((await label.text()).startsWith('GIF8')).toBe(true);
    expect((await fetch(`${shop.url}/orders/ord_0000`)).status).toBe(404);
  });

  it('answers a bad form with the form and its errors, and a good one with a redirect', async () => {
    running = await startTestShop();
    const { shop, wire } = running;
    const fields = { ...ORDER_FORM_FIELDS, name: 'Ada', email: 'x' };
    const bad = await fetch(`${shop.url}/orders`, {
      method: 'POST',
      headers: { origin: shop.url },
      body: new URLSearchParams(fields),
      redirect: 'manual',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain(
      'data-testid="form-error">Invalid input for orders.create: email: must be an email address',
    );
    expect(wire.stripe).toEqual([]);
    const good = await fetch(`${shop.url}/orders`, {
      method: 'POST',
      headers: { origin: shop.url },
      body: new URLSearchParams({ ...fields, email: 'ada@example.com' }),
      redirect: 'manual',
    });
    expect(good.status).toBe(303);
    const location = good.headers.get('location')!;
    expect(location).toMatch(/^\/orders\/ord_[a-f0-9]{20}$/);
    const view = await getOrder(shop.url, location.split('/').pop()!);
    expect(view.order.items).toEqual([
      { sku: 'MUG-01', name: 'Enamel mug', quantity: 1, unitAmount: 1800, weightLb: 1 },
    ]);
  });
});

describe('cross-site requests', () => {
  it('refuses forms from another origin or none, and API writes that are not JSON', async () => {
    running = await startTestShop();
    const { shop, wire } = running;
    const fields = new URLSearchParams(ORDER_FORM_FIELDS);
    const form = (headers: Record<string, string>, path = '/orders') =>
      fetch(`${shop.url}${path}`, { method: 'POST', headers, body: fields, redirect: 'manual' });

    // Another site's form, a form with no Origin, a cross-site fetch: 403, nothing stored or sent.
    expect((await form({ origin: 'http://evil.example' })).status).toBe(403);
    expect((await form({})).status).toBe(403);
    expect((await form({ 'sec-fetch-site': 'cross-site', origin: 'null' })).status).toBe(403);
    expect((await form({ origin: 'http://evil.example' }, '/demo')).status).toBe(403);
    expect((await form({ origin: 'http://evil.example' }, '/jobs/x/retry')).status).toBe(403);
    // The JSON API: text/plain or a form body is refused (415 or 403), JSON is taken.
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const response = await fetch(`${shop.url}/api/orders`, {
        method: 'POST',
        headers: { 'content-type': type, origin: shop.url },
        body: JSON.stringify(ORDER_BODY),
      });
      expect([403, 415]).toContain(response.status);
    }
    const noType = await fetch(`${shop.url}/api/jobs/x/retry`, {
      method: 'POST',
      headers: { origin: shop.url },
    });
    expect(noType.status).toBe(415);
    expect(wire.stripe).toEqual([]);
    expect(shop.context.orders.list()).toEqual([]);

    // The same origin (as a browser sends it, Origin or Sec-Fetch-Site) works; so does JSON.
    expect((await form({ origin: shop.url })).status).toBe(303);
    expect((await form({ 'sec-fetch-site': 'same-origin' })).status).toBe(303);
    expect((await apiPost(`${shop.url}/api/orders`, ORDER_BODY)).status).toBe(201);
    expect(shop.context.orders.list()).toHaveLength(3);
  });
});

describe('sandbox control and demo', () => {
  it('injects faults over HTTP and rejects malformed ones', async () => {
    // FedEx alone, so its retried quote is what ships the order.
    running = await startTestShop({ env: { SHOP_CARRIERS: 'fedex' } });
    const { shop, sandbox } = running;
    const bad = await fetch(`${sandbox.urls.control}/faults`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${sandbox.controlToken}`,
      },
      body: JSON.stringify({ provider: 'fedex', fault: 'meteor' }),
    });
    expect(bad.status).toBe(400);
    const control = await connectSandbox(sandbox.urls.control, sandbox.controlToken);
    expect(control.urls).toEqual(sandbox.urls);
    // The shop verifies webhooks with the fake's own random secret, served on the control port to the token holder.
    expect(control.webhookSecret).toBe(sandbox.webhookSecret);
    expect(control.webhookSecret).toMatch(/^whsec_[0-9a-f]{48}$/);
    await control.applyFault({
      provider: 'fedex',
      status: 503,
      times: 2,
      path: '/rate/',
    });
    const id = ((await postOrder(shop.url, ORDER_BODY)).json.order as { id: string }).id;
    const done = await waitForStatus(shop.url, id, 'completed');
    // maxRetries 1: the first job attempt's two quotes failed, the second attempt's first succeeded.
    const quotes = done.timeline.filter((entry) => entry.title === 'fedex rates.quote');
    expect(quotes.map((entry) => entry.ok)).toEqual([false, true]);
    const seen = await control.inspect();
    expect(seen.fedex).toMatchObject({ shipments: 1, rateRequests: 3 });
  });

  it('runs the demo: orders, one declined card and a short outage of both carriers ridden out', async () => {
    running = await startTestShop();
    const { shop } = running;
    const response = await apiPost(`${shop.url}/api/demo`);
    expect(response.status).toBe(201);
    const { orders } = (await response.json()) as { orders: Array<{ id: string; status: string }> };
    expect(orders).toHaveLength(5);
    expect(orders.filter((order) => order.status === 'declined')).toHaveLength(1);
    for (const order of orders.filter((item) => item.status !== 'declined')) {
      await waitForStatus(shop.url, order.id, 'completed');
    }
    const retried = await waitFor('a retried ship job', async () => {
      const jobs = (await (await fetch(`${shop.url}/api/jobs`)).json()) as {
        jobs: Array<{ name: string; lastError?: { name: string } }>;
      };
      const found = jobs.jobs.filter(
        (job) => job.name === 'ship-order' && job.lastError?.name === 'NoCarrierQuoteError',
      );
      return found.length > 0 ? found : undefined;
    });
    expect(retried.length).toBeGreaterThanOrEqual(1);
    const seen = running.sandbox.inspect();
    expect(seen.fedex.shipments + seen.ups.shipments).toBe(4);
  });
});
