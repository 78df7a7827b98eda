import { verifyStandardWebhook } from '@int/core';
import { type LocalServer, startLocalServer } from '@int/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RateChoice } from '../src/flow/rate-shopping.js';
import type { AlertRecord } from '../src/observability/alert-history.js';
import type { ProviderCard } from '../src/observability/provider-health.js';
import {
  getOrder,
  ORDER_BODY,
  postOrder,
  startTestShop,
  type TestShop,
  waitFor,
  waitForStatus,
} from './helpers.js';

let running: TestShop | undefined;
let receiver: LocalServer | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await running?.close();
  running = undefined;
  await receiver?.close();
  receiver = undefined;
});

const ALERT_SECRET = `whsec_${Buffer.from('shop-alert-receiver-secret').toString('base64')}`;

/** The alerts the receiver got, each verified with the shared secret first. */
async function receivedAlerts(server: LocalServer) {
  return Promise.all(
    server.requests.map(async (request) => {
      const verified = await verifyStandardWebhook({
        payload: request.body,
        headers: request.headers as Record<string, string>,
        secret: ALERT_SECRET,
      });
      const body = JSON.parse(verified.payload) as {
        type: string;
        data: { provider: string; from: string; to: string };
      };
      return {
        type: body.type,
        provider: body.data.provider,
        from: body.data.from,
        to: body.data.to,
      };
    }),
  );
}

async function fedexCard(url: string): Promise<ProviderCard> {
  const health = (await (await fetch(`${url}/api/health`)).json()) as { providers: ProviderCard[] };
  return health.providers.find((card) => card.provider === 'fedex')!;
}

describe('a FedEx outage with FedEx as the only carrier', () => {
  it('is ridden out with backoff; the card goes to warning/error and back to ok; one signed alert when FedEx goes red, one when it recovers; every order completes', async () => {
    const windowMs = 4_000;
    // Pinned jitter: the queue's full-jitter backoff draws from Math.random.
    vi.spyOn(Math, 'random').mockReturnValue(0.75);
    receiver = await startLocalServer((_request, response) => {
      response.statusCode = 204;
      response.end();
    });
    running = await startTestShop({
      env: {
        SHOP_HEALTH_WINDOW_MS: String(windowMs),
        SHOP_JOB_ATTEMPTS: '20',
        SHOP_ALERT_WEBHOOK_URL: `${receiver.url}/alerts`,
        SHOP_ALERT_WEBHOOK_SECRET: ALERT_SECRET,
        // An order makes two FedEx calls (quote, shipment); two are enough for a verdict.
        SHOP_ALERT_MIN_CALLS: '2',
        // A shop with one carrier: nothing to fall back to, so the jobs ride the outage out.
        SHOP_CARRIERS: 'fedex',
      },
    });
    const alertsReceived = receiver;
    const { shop, sandbox, logger } = running;
    expect((await fedexCard(shop.url)).health).toBe('unknown');

    sandbox.fedex.fail({ times: Number.POSITIVE_INFINITY });
    const ids: string[] = [];
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) {
      ids.push(
        ((await postOrder(shop.url, { ...ORDER_BODY, email })).json.order as { id: string }).id,
      );
    }
    // Every ship job fails at least twice, backing off in between.
    await waitFor('each ship job to fail twice', async () => {
      const jobs = await Promise.all(ids.map((id) => shop.context.queue.get(`ship-order:${id}`)));
      return jobs.every((job) => job !== undefined && job.attempts >= 3);
    });
    const down = await fedexCard(shop.url);
    expect(['warning', 'error']).toContain(down.health);
    expect(down.lastError).toMatchObject({ name: 'ServerError', status: 503 });
    const dashboard = await (await fetch(`${shop.url}/`)).text();
    expect(dashboard).toMatch(/data-testid="health-card-fedex" data-health="(warning|error)"/);
    const retries = logger.lines.filter(
      (line) => line.object.event === 'job.retry' && line.object.job === 'ship-order',
    );
    expect(retries.length).toBeGreaterThanOrEqual(6);
    // The jitter source is pinned (0.75), so each delay is exact: 75, 150, 300, then capped at
    // 0.75 x 400. A queue that ignored the backoff (0 ms) or did not grow it would fail here.
    const byJob = new Map<string, Array<{ attempt: number; delayMs: number }>>();
    for (const line of retries) {
      const jobId = line.object.jobId as string;
      byJob.set(jobId, [
        ...(byJob.get(jobId) ?? []),
        { attempt: line.object.attempt as number, delayMs: line.object.delayMs as number },
      ]);
    }
    expect([...byJob.keys()].sort()).toEqual(ids.map((id) => `ship-order:${id}`).sort());
    for (const delays of byJob.values()) {
      expect(delays.length).toBeGreaterThanOrEqual(2);
      expect(delays.map((item) => item.attempt)).toEqual(delays.map((_, index) => index + 1));
      for (const { attempt, delayMs } of delays) {
        expect(delayMs).toBeGreaterThan(0);
        expect(delayMs).toBe(Math.floor(0.75 * Math.min(400, 100 * 2 ** (attempt - 1))));
      }
      // Growing across attempts: strictly until the cap, never shrinking after.
      expect(delays[1]!.delayMs).toBeGreaterThan(delays[0]!.delayMs);
      for (let index = 1; index < delays.length; index += 1) {
        expect(delays[index]!.delayMs).toBeGreaterThanOrEqual(delays[index - 1]!.delayMs);
      }
    }
    for (const id of ids)
      expect((await shop.context.queue.get(`ship-order:${id}`))?.state).not.toBe('failed');

    // FedEx went red: one alert, signed, at the configured URL; the other providers none.
    await waitFor('the red alert', () => alertsReceived.requests.length >= 1);
    expect(await receivedAlerts(alertsReceived)).toEqual([
      { type: 'provider.status_changed', provider: 'fedex', from: 'unknown', to: 'error' },
    ]);

    // FedEx recovers: every order completes, with one shipment each.
    sandbox.fedex.clearFaults();
    for (const id of ids) await waitForStatus(shop.url, id, 'completed');
    expect(sandbox.inspect().fedex.shipments).toBe(3);

    // Once the failures have left the window, new traffic shows FedEx as ok.
    await waitFor(
      'the outage to leave the health window',
      async () => !['warning', 'error'].includes((await fedexCard(shop.url)).health),
      windowMs * 3,
      100,
    );
    const after = ((await postOrder(shop.url, ORDER_BODY)).json.order as { id: string }).id;
    await waitForStatus(shop.url, after, 'completed');
    const recovered = await fedexCard(shop.url);
    expect(recovered).toMatchObject({ health: 'ok', successRate: 1 });
    expect(recovered.windowCount).toBeGreaterThanOrEqual(2);

    // And one alert when it recovered; in all, two, however many calls failed and retried.
    await waitFor('the recovery alert', () => alertsReceived.requests.length >= 2);
    expect(await receivedAlerts(alertsReceived)).toEqual([
      { type: 'provider.status_changed', provider: 'fedex', from: 'unknown', to: 'error' },
      { type: 'provider.status_changed', provider: 'fedex', from: 'error', to: 'ok' },
    ]);
    const history = (await (await fetch(`${shop.url}/api/alerts`)).json()) as {
      alerts: AlertRecord[];
    };
    expect(
      history.alerts.map(({ provider, from, to, delivery }) => ({ provider, from, to, delivery })),
    ).toEqual([
      { provider: 'fedex', from: 'error', to: 'ok', delivery: 'sent' },
      { provider: 'fedex', from: 'unknown', to: 'error', delivery: 'sent' },
    ]);
    expect(history.alerts[1]).toMatchObject({
      successRate: 0,
      lastError: { name: 'ServerError', status: 503 },
    });
    const page = await (await fetch(`${shop.url}/`)).text();
    expect(page.match(/data-testid="alert" data-provider="fedex" data-to="(error|ok)"/g)).toEqual([
      'data-testid="alert" data-provider="fedex" data-to="ok"',
      'data-testid="alert" data-provider="fedex" data-to="error"',
    ]);
    expect(
      logger.lines
        .filter((line) => line.object.event === 'alert.status_changed')
        .map((line) => line.object.to),
    ).toEqual(['error', 'ok']);
    expect(logger.lines.filter((line) => line.object.event === 'alert.sent')).toHaveLength(2);
  });
});

describe('a carrier outage with rate shopping', () => {
  it('UPS down ships with FedEx, FedEx down ships with UPS, and both down takes the retry path until one is back', async () => {
    running = await startTestShop({ env: { SHOP_JOB_ATTEMPTS: '20' } });
    const { shop, sandbox } = running;
    const rates = (view: { steps: Array<{ step: string; result: unknown }> }) =>
      view.steps.find((step) => step.step === 'shipping.rates')!.result as RateChoice;
    const place = async (email: string) =>
      ((await postOrder(shop.url, { ...ORDER_BODY, email })).json.order as { id: string }).id;

    // UPS down (every request, its token endpoint too): FedEx ships, in the first attempt.
    sandbox.ups.fail({ times: Number.POSITIVE_INFINITY });
    const first = await waitForStatus(shop.url, await place('a@example.com'), 'completed');
    expect(first.order.carrier).toBe('fedex');
    expect(rates(first).failures.map((failure) => failure.carrier)).toEqual(['ups']);
    expect((await shop.context.queue.get(`ship-order:${first.order.id}`))?.attempts).toBe(1);

    // FedEx down instead: UPS ships.
    sandbox.ups.clearFaults();
    sandbox.fedex.fail({ times: Number.POSITIVE_INFINITY });
    const second = await waitForStatus(shop.url, await place('b@example.com'), 'completed');
    expect(second.order.carrier).toBe('ups');
    expect(rates(second).failures).toEqual([
      { carrier: 'fedex', error: expect.stringMatching(/ServerError.*503/) },
    ]);

    // Both down: no carrier can quote, so the ship job fails and retries with backoff.
    sandbox.ups.fail({ times: Number.POSITIVE_INFINITY });
    const third = await place('c@example.com');
    await waitFor('the ship job to fail twice', async () => {
      const job = await shop.context.queue.get(`ship-order:${third}`);
      return job !== undefined && job.attempts >= 3;
    });
    const waiting = await getOrder(shop.url, third);
    expect(waiting.order.status).toBe('paid');
    expect(waiting.order.statusDetail).toMatch(
      /No carrier could quote a standard service \(fedex: .*; ups: .*\)/,
    );
    // Failed, or started again by the next attempt: never decided while both are down.
    expect(waiting.steps.find((step) => step.step === 'shipping.rates')?.state).not.toBe('done');

    // FedEx comes back first: the next attempt ships with it, UPS still down.
    sandbox.fedex.clearFaults();
    const done = await waitForStatus(shop.url, third, 'completed');
    expect(done.order.carrier).toBe('fedex');
    const seen = sandbox.inspect();
    expect(seen.fedex.shipments).toBe(2);
    expect(seen.ups.shipments).toBe(1);
    const health = (await (await fetch(`${shop.url}/api/health`)).json()) as {
      providers: ProviderCard[];
    };
    const ups = health.providers.find((card) => card.provider === 'ups')!;
    expect(ups.lastError).toMatchObject({ status: 503 });
  });
});
