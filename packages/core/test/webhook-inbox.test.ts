import { describe, expect, it, vi } from 'vitest';
import { ConfigurationError, WebhookVerificationError } from '../src/errors.js';
import { memoryQueue } from '../src/jobs/memory-queue.js';
import { captureLogger, createTestClock } from '../src/testing/index.js';
import { memoryInboxStore } from '../src/webhooks/inbox-store.js';
import { createWebhookInbox, type WebhookHandler } from '../src/webhooks/webhook-inbox.js';
import { standardWebhookVerifier } from '../src/webhooks/webhook-verifier.js';
import { SECRET, signedDelivery } from './webhook-test-kit.js';

function setup(handlers: Record<string, WebhookHandler>, options: { attempts?: number } = {}) {
  const clock = createTestClock({ mode: 'manual' });
  const queue = memoryQueue({ clock, random: () => 0.5 });
  const store = memoryInboxStore();
  const logger = captureLogger();
  const inbox = createWebhookInbox({
    queue,
    store,
    verifiers: { acme: standardWebhookVerifier(SECRET, { now: clock.now, provider: 'acme' }) },
    handlers: { acme: handlers },
    logger,
    attempts: options.attempts ?? 3,
    backoff: { delayMs: 1_000 },
  });
  return { clock, queue, store, logger, inbox };
}

describe('createWebhookInbox', () => {
  it('processes one event delivered 5 times concurrently exactly once', async () => {
    const handler = vi.fn();
    const { clock, queue, store, inbox } = setup({ 'order.paid': handler });
    await inbox.start({ concurrency: 5 });
    const delivery = await signedDelivery(clock, 'evt_1', {
      type: 'order.paid',
      data: { orderId: 7 },
    });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => inbox.receive('acme', delivery.rawBody, delivery.headers)),
    );
    expect(results.map((result) => result.status).sort()).toEqual([
      'accepted',
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    await queue.idle();
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler.mock.calls[0]?.[0]).toMatchObject({
      provider: 'acme',
      id: 'evt_1',
      type: 'order.paid',
      payload: { type: 'order.paid', data: { orderId: 7 } },
      rawBody: delivery.rawBody,
    });
    expect((await store.get('acme', 'evt_1'))?.state).toBe('processed');
    expect(await queue.stats()).toEqual({ pending: 0, running: 0, done: 1, failed: 0 });
    // A later redelivery is acknowledged without new work.
    expect((await inbox.receive('acme', delivery.rawBody, delivery.headers)).status).toBe(
      'duplicate',
    );
    await queue.idle();
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('retries a throwing handler, keeps the failed event with its raw body, and replay() processes it again', async () => {
    let failing = true;
    const calls: number[] = [];
    const { clock, queue, store, inbox } = setup({
      'order.paid': (_event, { attempt }) => {
        calls.push(attempt);
        if (failing) throw new Error(`downstream unavailable (attempt ${attempt})`);
      },
    });
    await inbox.start();
    const delivery = await signedDelivery(clock, 'evt_2', { type: 'order.paid' });
    expect((await inbox.receive('acme', delivery.rawBody, delivery.headers)).status).toBe(
      'accepted',
    );
    await queue.idle();
    expect((await store.get('acme', 'evt_2'))?.state).toBe('received'); // waiting for the retry
    await clock.advance(500); // full jitter 0.5 * 1000
    await queue.idle();
    await clock.advance(1_000); // 0.5 * 2000
    await queue.idle();
    expect(calls).toEqual([1, 2, 3]);
    const failed = await store.get('acme', 'evt_2');
    expect(failed?.state).toBe('failed');
    expect(failed?.attempts).toBe(3);
    expect(failed?.rawBody).toBe(delivery.rawBody);
    expect(failed?.error?.message).toBe('downstream unavailable (attempt 3)');
    expect((await queue.get('acme:evt_2'))?.state).toBe('failed');

    failing = false;
    const replayed = await inbox.replay('evt_2');
    expect(replayed.state).toBe('received');
    await queue.idle();
    const processed = await store.get('acme', 'evt_2');
    expect(processed?.state).toBe('processed');
    expect(processed?.error).toBeUndefined();
    expect(processed?.attempts).toBe(4);
    // The event's own count: a replay does not start again at 1.
    expect(calls).toEqual([1, 2, 3, 4]);

    // Replaying a processed event runs it once more, as a job of its own: queues never retry a done job.
    await inbox.replay('evt_2', { provider: 'acme' });
    await queue.idle();
    expect(calls).toHaveLength(5);
    const jobs = (await queue.list()).map((job) => ({ id: job.id, state: job.state }));
    expect(jobs).toContainEqual({ id: 'acme:evt_2', state: 'done' });
    expect(jobs).toContainEqual({
      id: expect.stringMatching(/^acme:evt_2:replay:[0-9a-f-]{36}$/),
      state: 'done',
    });
  });

  it('stores an event without a handler as ignored and never runs anything for it', async () => {
    const handler = vi.fn();
    const { clock, queue, store, inbox } = setup({ 'order.paid': handler });
    await inbox.start();
    for (const [id, type] of [
      ['evt_3', 'order.refunded'],
      ['evt_4', 'constructor'],
    ] as const) {
      const delivery = await signedDelivery(clock, id, { type });
      expect((await inbox.receive('acme', delivery.rawBody, delivery.headers)).status).toBe(
        'ignored',
      );
      const stored = await store.get('acme', id);
      expect(stored?.state).toBe('ignored');
      expect(stored?.rawBody).toBe(delivery.rawBody);
    }
    await queue.idle();
    expect(handler).not.toHaveBeenCalled();
    expect(await queue.stats()).toEqual({ pending: 0, running: 0, done: 0, failed: 0 });
  });

  it("uses a provider's '*' handler for any type", async () => {
    const handler = vi.fn();
    const { clock, queue, inbox } = setup({ '*': handler });
    await inbox.start();
    const delivery = await signedDelivery(clock, 'evt_5', { type: 'anything.happened' });
    expect((await inbox.receive('acme', delivery.rawBody, delivery.headers)).status).toBe(
      'accepted',
    );
    await queue.idle();
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('rejects a bad signature before storing anything, and stores headers redacted', async () => {
    const { clock, store, inbox } = setup({ 'order.paid': () => {} });
    const delivery = await signedDelivery(clock, 'evt_6', { type: 'order.paid' });
    const error = await inbox
      .receive('acme', delivery.rawBody.replace('paid', 'PAID'), delivery.headers)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(await store.list()).toEqual([]);
    await inbox.receive('acme', delivery.rawBody, delivery.headers);
    const stored = await store.get('acme', 'evt_6');
    expect(stored?.headers['webhook-signature']).toBe('[REDACTED]');
    expect(stored?.headers['webhook-id']).toBe('evt_6');
  });

  it('refuses a parsed body and an unknown provider with clear errors', async () => {
    const { clock, inbox } = setup({});
    const delivery = await signedDelivery(clock, 'evt_7', { type: 'x' });
    const parsed = (await inbox
      .receive('acme', JSON.parse(delivery.rawBody) as string, delivery.headers)
      .catch((caught: unknown) => caught)) as WebhookVerificationError;
    expect(parsed.reason).toBe('payload_not_raw');
    await expect(inbox.receive('other', delivery.rawBody, delivery.headers)).rejects.toBeInstanceOf(
      ConfigurationError,
    );
  });

  it('repairs a lost enqueue on redelivery (stored, then the queue failed)', async () => {
    const handler = vi.fn();
    const { clock, queue, store, inbox } = setup({ 'order.paid': handler });
    await inbox.start();
    const realEnqueue = queue.enqueue.bind(queue);
    let failNext = true;
    queue.enqueue = (async (...args: Parameters<typeof realEnqueue>) => {
      if (failNext) {
        failNext = false;
        throw new Error('queue down');
      }
      return realEnqueue(...args);
    }) as typeof queue.enqueue;
    const delivery = await signedDelivery(clock, 'evt_8', { type: 'order.paid' });
    await expect(inbox.receive('acme', delivery.rawBody, delivery.headers)).rejects.toThrow(
      'queue down',
    );
    expect((await store.get('acme', 'evt_8'))?.state).toBe('received');
    expect((await inbox.receive('acme', delivery.rawBody, delivery.headers)).status).toBe(
      'duplicate',
    );
    await queue.idle();
    expect(handler).toHaveBeenCalledTimes(1);
    expect((await store.get('acme', 'evt_8'))?.state).toBe('processed');
  });

  it('records a handler timeout on the event', async () => {
    const clock = createTestClock({ mode: 'manual' });
    const queue = memoryQueue({ clock });
    const store = memoryInboxStore();
    const inbox = createWebhookInbox({
      queue,
      store,
      clock,
      verifiers: { acme: standardWebhookVerifier(SECRET, { now: clock.now }) },
      handlers: { acme: { slow: () => new Promise(() => {}) } },
      attempts: 1,
    });
    await inbox.start({ timeoutMs: 10_000 });
    const delivery = await signedDelivery(clock, 'evt_9', { type: 'slow' });
    await inbox.receive('acme', delivery.rawBody, delivery.headers);
    await new Promise((resolve) => setImmediate(resolve));
    expect((await store.get('acme', 'evt_9'))?.state).toBe('processing');
    await clock.advance(10_000);
    await queue.idle();
    const event = await store.get('acme', 'evt_9');
    expect(event?.state).toBe('failed');
    expect(event?.error?.name).toBe('TimeoutError');
  });

  it('never logs the raw body or the secret', async () => {
    const { clock, queue, logger, inbox } = setup(
      {
        'order.paid': () => {
          throw new Error('nope');
        },
      },
      { attempts: 1 },
    );
    await inbox.start();
    const delivery = await signedDelivery(clock, 'evt_10', {
      type: 'order.paid',
      data: { card: 'tok_visa_4242' },
    });
    await inbox.receive('acme', delivery.rawBody, delivery.headers);
    await queue.idle();
    await inbox
      .receive('acme', delivery.rawBody.replace('4242', '4243'), delivery.headers)
      .catch(() => {});
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(logger.text()).not.toContain('tok_visa_4242');
    expect(logger.text()).not.toContain('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    expect(logger.text()).not.toContain(delivery.headers['webhook-signature']?.slice(3));
  });
});
