import { describe, expect, it, vi } from 'vitest';
import {
  ConfigurationError,
  DEFAULT_JOB_RETENTION,
  type InboxEvent,
  memoryInboxStore,
  memoryQueue,
  resolveRetention,
} from '../src/index.js';
import { createTestClock } from '../src/testing/index.js';

const HOUR = 3_600_000;

describe('resolveRetention', () => {
  it('fills in defaults, keeps a kind forever with false, and refuses nonsense', () => {
    expect(resolveRetention(undefined, DEFAULT_JOB_RETENTION)).toEqual({
      done: { maxAgeMs: 24 * HOUR, maxCount: 10_000 },
      failed: { maxAgeMs: 7 * 24 * HOUR, maxCount: 10_000 },
      intervalMs: 60_000,
      batchSize: 500,
    });
    expect(
      resolveRetention({ done: { maxCount: 5 }, failed: false }, DEFAULT_JOB_RETENTION),
    ).toMatchObject({ done: { maxAgeMs: 24 * HOUR, maxCount: 5 }, failed: undefined });
    expect(resolveRetention(false, DEFAULT_JOB_RETENTION)).toMatchObject({
      done: undefined,
      failed: undefined,
      intervalMs: 0,
    });
    expect(() => resolveRetention({ done: { maxAgeMs: -1 } }, DEFAULT_JOB_RETENTION)).toThrow(
      ConfigurationError,
    );
    expect(() => resolveRetention({ batchSize: 0 }, DEFAULT_JOB_RETENTION)).toThrow('batchSize');
  });
});

describe('memoryQueue retention', () => {
  it('keeps done jobs by count and age, failed ones longer, never pending ones; a pruned id enqueues again', async () => {
    const clock = createTestClock({ mode: 'manual' });
    const queue = memoryQueue({
      clock,
      retention: {
        done: { maxAgeMs: HOUR, maxCount: 3 },
        failed: { maxAgeMs: 10 * HOUR, maxCount: 100 },
        intervalMs: 0,
        batchSize: 2,
      },
    });
    await queue.process<number>('work', async (n) => {
      if (n < 0) throw new Error('no');
    });
    for (let n = 0; n < 5; n += 1) await queue.enqueue('work', n, { jobId: `ok-${n}` });
    await queue.enqueue('work', -1, { jobId: 'bad', attempts: 1 });
    await queue.enqueue('work', 9, { jobId: 'later', delayMs: 100 * HOUR });
    await queue.idle();
    expect(await queue.stats()).toEqual({ pending: 1, running: 0, done: 5, failed: 1 });

    // Count: the two oldest done jobs go (in one batch of two); failed and pending stay.
    expect(await queue.prune()).toBe(2);
    expect((await queue.list({ state: 'done' })).map((job) => job.id)).toEqual([
      'ok-4',
      'ok-3',
      'ok-2',
    ]);
    // Within its window a done job's id is still a no-op enqueue.
    expect((await queue.enqueue('work', 100, { jobId: 'ok-4' })).payload).toBe(4);

    // Age: an hour later every done job is over the age; the failed one (10 h) stays.
    await clock.advance(HOUR);
    expect(await queue.prune()).toBe(3);
    expect(await queue.stats()).toEqual({ pending: 1, running: 0, done: 0, failed: 1 });
    expect(await queue.get('bad')).toMatchObject({ state: 'failed' });
    await clock.advance(10 * HOUR);
    expect(await queue.prune()).toBe(1);
    expect(await queue.get('bad')).toBeUndefined();
    expect(await queue.get('later')).toMatchObject({ state: 'pending' });

    // Past the window, the same id is a new job.
    const again = await queue.enqueue('work', 40, { jobId: 'ok-0' });
    expect(again).toMatchObject({ state: 'pending', payload: 40, attempts: 0 });
    await queue.idle();
    expect(await queue.get('ok-0')).toMatchObject({ state: 'done', payload: 40 });
    await queue.close();
  });

  it('a retried job leaves the finished set and is not pruned while it runs again', async () => {
    const clock = createTestClock({ mode: 'manual' });
    const queue = memoryQueue({
      clock,
      retention: { failed: { maxAgeMs: HOUR, maxCount: 100 }, intervalMs: 0 },
    });
    let release!: () => void;
    let calls = 0;
    await queue.process('slow', async () => {
      calls += 1;
      if (calls === 1) throw new Error('first attempt fails');
      await new Promise<void>((resolve) => (release = resolve));
    });
    await queue.enqueue('slow', {}, { jobId: 's', attempts: 1 });
    await queue.idle();
    expect(await queue.get('s')).toMatchObject({ state: 'failed' });
    await clock.advance(2 * HOUR);
    await queue.retry('s');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await queue.prune()).toBe(0);
    expect(await queue.get('s')).toMatchObject({ state: 'running' });
    release();
    await queue.idle();
    expect(await queue.get('s')).toMatchObject({ state: 'done' });
    await queue.close();
  });

  it('prunes in the background every intervalMs, a batch at a time until nothing is over', async () => {
    const queue = memoryQueue({
      retention: { done: { maxCount: 5 }, intervalMs: 10, batchSize: 7 },
    });
    await queue.process('n', async () => undefined);
    for (let n = 0; n < 40; n += 1) await queue.enqueue('n', n, { jobId: `n-${n}` });
    await queue.idle();
    await vi.waitFor(async () => expect((await queue.stats()).done).toBe(5), { timeout: 5_000 });
    expect((await queue.list()).map((job) => job.id)).toEqual([
      'n-39',
      'n-38',
      'n-37',
      'n-36',
      'n-35',
    ]);
    await queue.close();
  });

  it('with retention false keeps everything', async () => {
    const queue = memoryQueue({ retention: false });
    await queue.process('n', async () => undefined);
    for (let n = 0; n < 20; n += 1) await queue.enqueue('n', n);
    await queue.idle();
    expect(await queue.prune()).toBe(0);
    expect((await queue.stats()).done).toBe(20);
    await queue.close();
  });
});

describe('memoryInboxStore retention', () => {
  const event = (eventId: string, at: number, state: InboxEvent['state']): InboxEvent => ({
    provider: 'stripe',
    eventId,
    type: 'payment_intent.succeeded',
    payload: {},
    rawBody: '{}',
    headers: {},
    state,
    attempts: 0,
    receivedAt: at,
    updatedAt: at,
  });

  it('prunes processed and ignored events by count and age, failed ones later, never one still to do', async () => {
    const clock = createTestClock();
    const store = memoryInboxStore({
      clock,
      retention: {
        done: { maxAgeMs: HOUR, maxCount: 2 },
        failed: { maxAgeMs: 24 * HOUR, maxCount: 10 },
        intervalMs: 0,
      },
    });
    const now = clock.now();
    for (const id of ['a', 'b', 'c']) await store.insertIfAbsent(event(id, now, 'received'));
    await store.insertIfAbsent(event('ignored', now, 'ignored'));
    await store.insertIfAbsent(event('bad', now, 'received'));
    await store.insertIfAbsent(event('waiting', now, 'received'));
    for (const id of ['a', 'b', 'c']) {
      await store.update('stripe', id, { state: 'processed', updatedAt: now });
    }
    await store.update('stripe', 'bad', { state: 'failed', updatedAt: now });
    // Four done (ignored, a, b, c) over a count of two: the two that finished first go.
    expect(await store.prune()).toBe(2);
    expect((await store.list()).map((item) => item.eventId).sort()).toEqual([
      'b',
      'bad',
      'c',
      'waiting',
    ]);
    // A pruned event id is new again; a kept one is still a duplicate.
    expect(await store.insertIfAbsent(event('c', now, 'received'))).toBe(false);
    expect(await store.insertIfAbsent(event('a', now, 'received'))).toBe(true);

    clock.set(now + 2 * HOUR);
    expect(await store.prune()).toBe(2);
    expect((await store.list()).map((item) => item.eventId).sort()).toEqual([
      'a',
      'bad',
      'waiting',
    ]);
    clock.set(now + 25 * HOUR);
    expect(await store.prune()).toBe(1);
    // Replayed back to received: out of the finished set, never pruned.
    expect(await store.get('stripe', 'waiting')).toMatchObject({ state: 'received' });
    await store.close();
  });
});
