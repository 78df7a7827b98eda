import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, type TracerLike } from '../src/index.js';
import { memoryQueue } from '../src/jobs/memory-queue.js';
import { captureLogger, createMockServer, createTestClock } from '../src/testing/index.js';
import { memoryInboxStore } from '../src/webhooks/inbox-store.js';
import {
  createWebhookInbox,
  type WebhookHandler,
  type WebhookHandlerContext,
} from '../src/webhooks/webhook-inbox.js';
import { standardWebhookVerifier } from '../src/webhooks/webhook-verifier.js';
import { SECRET, signedDelivery } from './webhook-test-kit.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

function setup(handler: WebhookHandler, attempts = 2) {
  const clock = createTestClock({ mode: 'manual' });
  const queue = memoryQueue({ clock, random: () => 0.5 });
  const store = memoryInboxStore();
  const logger = captureLogger();
  const inbox = createWebhookInbox({
    queue,
    store,
    verifiers: { acme: standardWebhookVerifier(SECRET, { now: clock.now, provider: 'acme' }) },
    handlers: { acme: { 'order.paid': handler } },
    logger,
    attempts,
    backoff: { delayMs: 1_000 },
  });
  return { clock, queue, store, logger, inbox };
}

describe('the inbox handler context across replays', () => {
  it('counts the event’s attempts in total and flags a replay, so a partial run is looked up before creating again', async () => {
    const seen: Array<Pick<WebhookHandlerContext, 'attempt' | 'replayed'>> = [];
    const shipments: string[] = [];
    let failAfterShipping = true;
    const { clock, store, inbox } = setup(async (event, { attempt, replayed }) => {
      seen.push({ attempt, replayed });
      // The pattern the README documents: on any attempt that could follow a partial run, look up first.
      if (attempt === 1 || !shipments.includes(event.id)) shipments.push(event.id);
      if (failAfterShipping) throw new Error('label printer offline');
    }, 1);
    await inbox.start();
    const delivery = await signedDelivery(clock, 'evt_ship', { type: 'order.paid' });
    await inbox.receive('acme', delivery.rawBody, delivery.headers);
    await inbox.settled();
    expect((await store.get('acme', 'evt_ship'))?.state).toBe('failed');

    failAfterShipping = false;
    await inbox.replay('evt_ship');
    await inbox.settled();
    expect(seen).toEqual([
      { attempt: 1, replayed: false },
      { attempt: 2, replayed: true },
    ]);
    expect(shipments).toEqual(['evt_ship']); // shipped once, although the first run failed after shipping
    expect((await store.get('acme', 'evt_ship'))?.attempts).toBe(2);
  });

  it('is not a replay while the queue retries on its own', async () => {
    const seen: Array<Pick<WebhookHandlerContext, 'attempt' | 'replayed'>> = [];
    let failures = 1;
    const { clock, inbox } = setup((_event, { attempt, replayed }) => {
      seen.push({ attempt, replayed });
      if (failures-- > 0) throw new Error('busy');
    });
    await inbox.start();
    const delivery = await signedDelivery(clock, 'evt_retry', { type: 'order.paid' });
    await inbox.receive('acme', delivery.rawBody, delivery.headers);
    await inbox.settled();
    await clock.advance(500);
    await inbox.settled();
    expect(seen).toEqual([
      { attempt: 1, replayed: false },
      { attempt: 2, replayed: false },
    ]);
  });
});

describe('inbox log lines', () => {
  it('a handler failure line carries the error, with credentials in quoted URLs redacted', async () => {
    const { clock, logger, inbox } = setup(() => {
      throw new Error('GET https://api.acme.com/v1/orders?api_key=sk_live_abc123 answered 503');
    }, 1);
    await inbox.start();
    const delivery = await signedDelivery(clock, 'evt_fail', { type: 'order.paid' });
    await inbox.receive('acme', delivery.rawBody, delivery.headers);
    await inbox.settled();
    const line = logger.lines.find((entry) => entry.object.event === 'webhook.handler_failed');
    expect(line?.object).toMatchObject({
      provider: 'acme',
      eventId: 'evt_fail',
      type: 'order.paid',
      attempt: 1,
      final: true,
      error: {
        name: 'Error',
        message: 'GET https://api.acme.com/v1/orders?api_key=[REDACTED] answered 503',
      },
    });
    expect(logger.text()).not.toContain('sk_live_abc123');
  });

  it('carries the webhook event onto the log lines and spans of the calls its handler makes', async () => {
    mock.route('POST', 'https://api.shipping.test/v1/labels', [
      { status: 503 },
      { json: { id: 'lbl_1' } },
    ]);
    const apiLogger = captureLogger();
    const attributes: Array<Record<string, unknown>> = [];
    const tracer: TracerLike = {
      startSpan(_name, options) {
        attributes.push({ ...options?.attributes });
        return {
          setAttribute: () => {},
          setStatus: () => {},
          recordException: () => {},
          end: () => {},
        };
      },
    };
    const api = createHttpClient({
      name: 'shipping',
      baseURL: 'https://api.shipping.test',
      logger: apiLogger,
      tracer,
      clock: createTestClock(),
    });
    const { clock, inbox } = setup(async () => {
      await api.request({ method: 'POST', path: '/v1/labels', idempotencyKey: 'k1' });
    });
    await inbox.start();
    const delivery = await signedDelivery(clock, 'evt_traced', { type: 'order.paid' });
    await inbox.receive('acme', delivery.rawBody, delivery.headers);
    await inbox.settled();

    const retry = apiLogger.lines.find((line) => line.object.event === 'request.retry');
    expect(retry?.object).toMatchObject({
      provider: 'shipping',
      webhookProvider: 'acme',
      webhookEventId: 'evt_traced',
      webhookType: 'order.paid',
    });
    expect(attributes).toHaveLength(2);
    for (const span of attributes) {
      expect(span).toMatchObject({
        'int.webhook.provider': 'acme',
        'int.webhook.event_id': 'evt_traced',
        'int.webhook.type': 'order.paid',
      });
    }
    // Outside a handler, nothing is added.
    await api.request({ method: 'POST', path: '/v1/labels', idempotencyKey: 'k2' });
    expect(attributes[2]).not.toHaveProperty('int.webhook.event_id');
  });
});
