import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProviderCard } from '../src/observability/provider-health.js';
import {
  ORDER_BODY,
  postOrder,
  startTestShop,
  type TestShop,
  waitFor,
  waitForStatus,
} from './helpers.js';

let running: TestShop | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await running?.close();
  running = undefined;
});

async function fedexCard(url: string): Promise<ProviderCard> {
  const health = (await (await fetch(`${url}/api/health`)).json()) as { providers: ProviderCard[] };
  return health.providers.find((card) => card.provider === 'fedex')!;
}

describe('a FedEx outage', () => {
  it('is ridden out with backoff; the card goes to warning/error and back to ok; every order completes', async () => {
    const windowMs = 4_000;
    // Pinned jitter: the queue's full-jitter backoff draws from Math.random.
    vi.spyOn(Math, 'random').mockReturnValue(0.75);
    running = await startTestShop({
      env: { SHOP_HEALTH_WINDOW_MS: String(windowMs), SHOP_JOB_ATTEMPTS: '20' },
    });
    const { shop, sandbox, logger } = running;
    expect((await fedexCard(shop.url)).health).toBe('unknown');

    sandbox.fedex.fail('outage');
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
  });
});
