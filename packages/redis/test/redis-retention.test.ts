import { type InboxEvent, systemClock } from '@int/core';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bullmqQueue, redisInboxStore } from '../src/index.js';
import { cleanPrefix, connect, REDIS_URL, redisSkipReason, testPrefix } from './redis.js';

const skip = await redisSkipReason();
const HOUR = 3_600_000;

describe.skipIf(skip)('retention in Redis', () => {
  let redis: Redis;
  const prefixes: string[] = [];
  const closers: Array<() => Promise<void>> = [];
  const prefix = (label: string) => {
    const value = testPrefix(label);
    prefixes.push(value);
    return value;
  };
  beforeAll(() => {
    redis = connect();
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    for (const value of prefixes.splice(0)) await cleanPrefix(redis, value);
  });
  afterAll(() => redis.disconnect());

  const keys = async (pattern: string) => {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, page] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      found.push(...page);
    } while (cursor !== '0');
    return found;
  };

  it('bullmqQueue: prunes completed jobs past the count and failed ones past the age, with their ids; a pruned id enqueues again', async () => {
    const base = prefix('bull-retention');
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = bullmqQueue({
      connection,
      prefix: `${base}bull`,
      retention: {
        done: { maxAgeMs: HOUR, maxCount: 3 },
        failed: { maxAgeMs: HOUR, maxCount: 100 },
        intervalMs: 0,
        batchSize: 2,
      },
    });
    closers.push(async () => {
      await queue.close();
      connection.disconnect();
    });
    await queue.process<number>(
      'work',
      async (n) => {
        if (n < 0) throw new Error('no');
      },
      { concurrency: 1 },
    );
    for (let n = 0; n < 8; n += 1) await queue.enqueue('work', n, { jobId: `ok:${n}` });
    await queue.enqueue('work', -1, { jobId: 'bad', attempts: 1 });
    await queue.enqueue('work', 9, { jobId: 'later', delayMs: HOUR });
    await vi.waitFor(
      async () => expect(await queue.stats()).toMatchObject({ done: 8, failed: 1 }),
      {
        timeout: 10_000,
      },
    );

    // Five completed jobs over the count: batches of two until none is over; the failed one is young.
    expect(await queue.prune()).toBe(5);
    expect((await queue.list({ state: 'done' })).map((job) => job.id).sort()).toEqual([
      'ok:5',
      'ok:6',
      'ok:7',
    ]);
    expect(await queue.get('ok:0')).toBeUndefined();
    // The id -> name index lost the pruned ids with them.
    const names = await redis.hkeys(`${base}bull:int:job-names`);
    expect(names.sort()).toEqual(['bad', 'later', 'ok:5', 'ok:6', 'ok:7']);
    // A kept id is still a no-op; a pruned one is a new job.
    expect((await queue.enqueue('work', 100, { jobId: 'ok:7' })).payload).toBe(7);
    expect(await queue.enqueue('work', 40, { jobId: 'ok:0' })).toMatchObject({
      state: 'pending',
      payload: 40,
    });

    // The failed job ages out: BullMQ's clean() measures age on the wall clock, so a second
    // handle on the same queue with a 300 ms age does it (one handle with 300 ms from the start
    // could prune it before the first assertion on a loaded machine).
    await vi.waitFor(async () => expect((await queue.get('ok:0'))?.state).toBe('done'));
    const shortLived = bullmqQueue({
      connection,
      prefix: `${base}bull`,
      retention: { failed: { maxAgeMs: 300, maxCount: 100 }, intervalMs: 0, batchSize: 2 },
    });
    closers.unshift(() => shortLived.close());
    await new Promise((resolve) => setTimeout(resolve, 400));
    await shortLived.prune();
    expect(await queue.get('bad')).toBeUndefined();
    expect(await queue.get('later')).toMatchObject({ state: 'pending' });
    expect(await queue.stats()).toMatchObject({ failed: 0, pending: 1 });
  });

  it('redisInboxStore: prunes processed and ignored events by count and age, failed ones later, never one still to do', async () => {
    let time = 1_700_000_000_000;
    const clock = { now: () => time, sleep: systemClock.sleep };
    const keyPrefix = prefix('inbox-retention');
    const store = redisInboxStore({
      redis,
      keyPrefix,
      clock,
      retention: {
        done: { maxAgeMs: HOUR, maxCount: 2 },
        failed: { maxAgeMs: 24 * HOUR, maxCount: 10 },
        intervalMs: 0,
      },
    });
    closers.push(() => store.close());
    const event = (eventId: string, state: InboxEvent['state']): InboxEvent => ({
      provider: 'stripe',
      eventId,
      type: 'charge.refunded',
      payload: { id: eventId },
      rawBody: '{}',
      headers: {},
      state,
      attempts: 0,
      receivedAt: time,
      updatedAt: time,
    });
    for (const id of ['a', 'b', 'c', 'bad', 'waiting'])
      await store.insertIfAbsent(event(id, 'received'));
    await store.insertIfAbsent(event('ignored', 'ignored'));
    for (const [index, id] of ['a', 'b', 'c'].entries()) {
      await store.update('stripe', id, { state: 'processed', updatedAt: time + index + 1 });
    }
    await store.update('stripe', 'bad', { state: 'failed', updatedAt: time });
    const ids = async () => (await store.list()).map((item) => item.eventId).sort();

    expect(await store.prune()).toBe(2);
    expect(await ids()).toEqual(['b', 'bad', 'c', 'waiting']);
    expect(await store.insertIfAbsent(event('c', 'received'))).toBe(false);
    expect(await store.insertIfAbsent(event('a', 'received'))).toBe(true);
    // Replayed (back to received): out of the finished set, never pruned.
    await store.update('stripe', 'b', { state: 'received', updatedAt: time });

    time += 2 * HOUR;
    expect(await store.prune()).toBe(1);
    expect(await ids()).toEqual(['a', 'b', 'bad', 'waiting']);
    time += 23 * HOUR;
    expect(await store.prune()).toBe(1);
    expect(await ids()).toEqual(['a', 'b', 'waiting']);
    // Nothing left behind: one hash per kept event, the index and no finished entries.
    expect((await keys(`${keyPrefix}event:*`)).length).toBe(3);
    expect(await redis.zcard(`${keyPrefix}index`)).toBe(3);
    expect(await redis.zcard(`${keyPrefix}finished:done`)).toBe(0);
  });
});
