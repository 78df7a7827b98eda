import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type InboxEvent, systemClock } from '@int/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sqliteInboxStore, sqliteQueue } from '../src/index.js';

const HOUR = 3_600_000;
const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'int-sqlite-retention-'));
  dirs.push(dir);
  return join(dir, 'app.db');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A clock the test moves by hand; timers still run on real time. */
function handClock() {
  let time = 1_700_000_000_000;
  return {
    now: () => time,
    sleep: systemClock.sleep,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

describe('sqliteQueue retention', () => {
  it('deletes done jobs by count and age in batches, keeps failed ones longer and pending ones always', async () => {
    const clock = handClock();
    const queue = sqliteQueue({
      file: tempFile(),
      clock,
      pollIntervalMs: 5,
      retention: {
        done: { maxAgeMs: HOUR, maxCount: 3 },
        failed: { maxAgeMs: 10 * HOUR, maxCount: 100 },
        intervalMs: 0,
        batchSize: 2,
      },
    });
    for (let n = 0; n < 6; n += 1) {
      await queue.enqueue('work', n, { jobId: `ok-${n}` });
      clock.advance(1);
    }
    await queue.enqueue('work', -1, { jobId: 'bad', attempts: 1 });
    await queue.enqueue('work', 9, { jobId: 'later', delayMs: 100 * HOUR });
    // One job at a time, so each finishes at its own time.
    await queue.process<number>('work', async (n) => {
      clock.advance(1);
      if (n < 0) throw new Error('no');
    });
    await vi.waitFor(async () => expect((await queue.stats()).done).toBe(6));
    await vi.waitFor(async () => expect((await queue.stats()).failed).toBe(1));

    // Count: three done jobs over; batches of two per rule, repeated until nothing is over.
    expect(await queue.prune()).toBe(3);
    expect((await queue.list({ state: 'done' })).map((job) => job.id)).toEqual([
      'ok-5',
      'ok-4',
      'ok-3',
    ]);
    // Within the window a done job's id is a no-op enqueue.
    expect((await queue.enqueue('work', 100, { jobId: 'ok-5' })).payload).toBe(5);

    clock.advance(HOUR);
    expect(await queue.prune()).toBe(3);
    expect(await queue.stats()).toEqual({ pending: 1, running: 0, done: 0, failed: 1 });
    clock.advance(10 * HOUR);
    expect(await queue.prune()).toBe(1);
    expect(await queue.get('bad')).toBeUndefined();
    expect(await queue.get('later')).toMatchObject({ state: 'pending' });

    // Past the window the same id is a new job.
    expect(await queue.enqueue('work', 40, { jobId: 'ok-0' })).toMatchObject({
      state: 'pending',
      payload: 40,
    });
    await queue.close();
  });

  it('prunes in the background on its interval; retention false keeps everything', async () => {
    const file = tempFile();
    const queue = sqliteQueue({
      file,
      pollIntervalMs: 5,
      retention: { done: { maxCount: 10 }, intervalMs: 20, batchSize: 7 },
    });
    await queue.process('n', async () => undefined, { concurrency: 8 });
    for (let n = 0; n < 100; n += 1) await queue.enqueue('n', n, { jobId: `n-${n}` });
    await vi.waitFor(async () => expect((await queue.stats()).done).toBe(10), { timeout: 10_000 });
    await queue.close();

    const keepAll = sqliteQueue({ file: tempFile(), pollIntervalMs: 5, retention: false });
    await keepAll.process('n', async () => undefined, { concurrency: 8 });
    for (let n = 0; n < 30; n += 1) await keepAll.enqueue('n', n);
    await vi.waitFor(async () => expect((await keepAll.stats()).done).toBe(30));
    expect(await keepAll.prune()).toBe(0);
    await keepAll.close();
  });
});

describe('sqliteInboxStore retention', () => {
  const event = (eventId: string, at: number, state: InboxEvent['state']): InboxEvent => ({
    provider: 'stripe',
    eventId,
    type: 'payment_intent.succeeded',
    payload: { id: eventId },
    rawBody: '{}',
    headers: {},
    state,
    attempts: 0,
    receivedAt: at,
    updatedAt: at,
  });

  it('deletes processed and ignored events by count and age, failed ones later, never one still to do', async () => {
    const clock = handClock();
    const store = sqliteInboxStore({
      file: tempFile(),
      clock,
      retention: {
        done: { maxAgeMs: HOUR, maxCount: 2 },
        failed: { maxAgeMs: 24 * HOUR, maxCount: 10 },
        intervalMs: 0,
      },
    });
    const start = clock.now();
    for (const id of ['a', 'b', 'c', 'bad', 'waiting']) {
      await store.insertIfAbsent(event(id, start, 'received'));
    }
    await store.insertIfAbsent(event('ignored', start, 'ignored'));
    for (const [index, id] of ['a', 'b', 'c'].entries()) {
      await store.update('stripe', id, { state: 'processed', updatedAt: start + index + 1 });
    }
    await store.update('stripe', 'bad', { state: 'failed', updatedAt: start });
    // Four done (ignored, a, b, c) over a count of two: the two that finished first go.
    expect(await store.prune()).toBe(2);
    const ids = async () => (await store.list()).map((item) => item.eventId).sort();
    expect(await ids()).toEqual(['b', 'bad', 'c', 'waiting']);
    expect(await store.insertIfAbsent(event('c', start, 'received'))).toBe(false);
    expect(await store.insertIfAbsent(event('a', start, 'received'))).toBe(true);

    clock.advance(2 * HOUR);
    expect(await store.prune()).toBe(2);
    expect(await ids()).toEqual(['a', 'bad', 'waiting']);
    clock.advance(23 * HOUR);
    expect(await store.prune()).toBe(1);
    expect(await ids()).toEqual(['a', 'waiting']);
    store.close();
  });
});
