import { describe, expect, it, vi } from 'vitest';
import { CircuitOpenError, JobStateError, RateLimitError, TimeoutError } from '../src/errors.js';
import { memoryQueue } from '../src/jobs/memory-queue.js';
import { createTestClock } from '../src/testing/index.js';

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('memoryQueue', () => {
  it('treats a repeated jobId as a no-op that returns the existing job', async () => {
    const clock = createTestClock({ mode: 'manual' });
    const queue = memoryQueue({ clock });
    const first = await queue.enqueue('email', { to: 'a' }, { jobId: 'job-1' });
    const again = await queue.enqueue('email', { to: 'b' }, { jobId: 'job-1' });
    expect(again.id).toBe('job-1');
    expect(again.payload).toEqual({ to: 'a' });
    expect(again.createdAt).toBe(first.createdAt);
    expect(await queue.stats()).toEqual({ pending: 1, running: 0, done: 0, failed: 0 });
    const runs: string[] = [];
    await queue.process<{ to: string }>('email', (payload) => {
      runs.push(payload.to);
    });
    await queue.idle();
    expect(runs).toEqual(['a']);
    expect((await queue.get('job-1'))?.state).toBe('done');
  });

  it('reschedules a job that met an open circuit for retryAfterMs without spending an attempt', async () => {
    const clock = createTestClock({ mode: 'manual' });
    const queue = memoryQueue({ clock });
    const started = clock.now();
    const runs: number[] = [];
    await queue.process('ship', () => {
      runs.push(clock.now() - started);
      if (runs.length < 3) {
        throw new CircuitOpenError('fedex circuit open', { retryAfterMs: 4_000, key: 'fedex' });
      }
    });
    const job = await queue.enqueue('ship', null, { attempts: 1 });
    await queue.idle();
    await clock.advance(3_999);
    expect(runs).toEqual([0]);
    await clock.advance(1);
    await queue.idle();
    await clock.advance(4_000);
    await queue.idle();
    expect(runs).toEqual([0, 4_000, 8_000]);
    const done = await queue.get(job.id);
    expect(done?.state).toBe('done');
    expect(done?.attempts).toBe(1);
    expect(done?.lastError).toBeUndefined();
  });

  it('runs higher priority first, then in enqueue order', async () => {
    const queue = memoryQueue({ clock: createTestClock({ mode: 'manual' }) });
    await queue.enqueue('work', 'low-1', { priority: 0 });
    await queue.enqueue('work', 'high', { priority: 10 });
    await queue.enqueue('work', 'low-2');
    await queue.enqueue('work', 'mid', { priority: 5 });
    const order: string[] = [];
    await queue.process<string>('work', (payload) => {
      order.push(payload);
    });
    await queue.idle();
    expect(order).toEqual(['high', 'mid', 'low-1', 'low-2']);
  });

  it('waits delayMs on the clock before the first attempt', async () => {
    const clock = createTestClock({ mode: 'manual' });
    const queue = memoryQueue({ clock });
    const started = clock.now();
    const ran: number[] = [];
    await queue.process('later', () => {
      ran.push(clock.now() - started);
    });
    await queue.enqueue('later', null, { delayMs: 5_000 });
    await queue.idle();
    expect(ran).toEqual([]);
    await clock.advance(4_999);
    await queue.idle();
    expect(ran).toEqual([]);
    await clock.advance(1);
    await queue.idle();
    expect(ran).toEqual([5_000]);
  });

  it('retries with exponential full-jitter backoff, then fails keeping payload and error', async () => {
    const clock = createTestClock({ mode: 'manual' });
    const queue = memoryQueue({ clock, random: () => 0.5 });
    const attemptsAt: number[] = [];
    await queue.process('flaky', () => {
      attemptsAt.push(clock.now());
      throw new Error(`boom ${attemptsAt.length}`);
    });
    const created = await queue.enqueue(
      'flaky',
      { orderId: 42 },
      { jobId: 'f1', attempts: 3, backoff: { delayMs: 1_000 } },
    );
    await queue.idle();
    let job = await queue.get('f1');
    expect(job?.state).toBe('pending');
    expect(job?.attempts).toBe(1);
    expect(job?.runAt).toBe(created.createdAt + 500); // 0.5 * 1000
    await clock.advance(500);
    await queue.idle();
    expect((await queue.get('f1'))?.runAt).toBe(created.createdAt + 500 + 1_000); // 0.5 * 2000
    await clock.advance(1_000);
    await queue.idle();
    job = await queue.get('f1');
    expect(attemptsAt.map((at) => at - created.createdAt)).toEqual([0, 500, 1_500]);
    expect(job?.state).toBe('failed');
    expect(job?.attempts).toBe(3);
    expect(job?.payload).toEqual({ orderId: 42 });
    expect(job?.lastError?.name).toBe('Error');
    expect(job?.lastError?.message).toBe('boom 3');
    expect(job?.lastError?.stack).toContain('boom 3');
    expect(job?.createdAt).toBe(created.createdAt);
    expect(job?.startedAt).toBe(created.createdAt + 1_500);
    expect(job?.finishedAt).toBe(created.createdAt + 1_500);
    expect(await queue.list({ state: 'failed' })).toHaveLength(1);
    expect(await queue.stats()).toEqual({ pending: 0, running: 0, done: 0, failed: 1 });
  });

  it("waits an error's retryAfterMs instead of the backoff", async () => {
    const clock = createTestClock({ mode: 'manual' });
    const queue = memoryQueue({ clock, random: () => 0 });
    let calls = 0;
    await queue.process('limited', () => {
      calls += 1;
      if (calls === 1) {
        throw new RateLimitError('slow down', { status: 429, retryAfterMs: 7_000 });
      }
    });
    const job = await queue.enqueue('limited', null, { jobId: 'r1' });
    await queue.idle();
    expect((await queue.get('r1'))?.runAt).toBe(job.createdAt + 7_000);
    await clock.advance(7_000);
    await queue.idle();
    expect((await queue.get('r1'))?.state).toBe('done');
    expect(calls).toBe(2);
  });

  it('retry() runs a failed job again with a fresh attempt budget', async () => {
    const clock = createTestClock({ mode: 'manual' });
    const queue = memoryQueue({ clock });
    let fail = true;
    await queue.process('once', () => {
      if (fail) throw new Error('not yet');
    });
    await queue.enqueue('once', { n: 1 }, { jobId: 'o1', attempts: 1 });
    await queue.idle();
    expect((await queue.get('o1'))?.state).toBe('failed');
    fail = false;
    const retried = await queue.retry('o1');
    expect(retried?.state).toBe('pending');
    expect(retried?.attempts).toBe(0);
    await queue.idle();
    const job = await queue.get('o1');
    expect(job?.state).toBe('done');
    expect(job?.attempts).toBe(1);
    expect(job?.payload).toEqual({ n: 1 });
    expect(await queue.retry('missing')).toBeUndefined();
  });

  it('retry() runs only a failed job: a done, pending or running one is a JobStateError', async () => {
    const clock = createTestClock({ mode: 'manual' });
    const queue = memoryQueue({ clock });
    const runs: string[] = [];
    const gate = deferred();
    await queue.process<string>('ship', async (payload) => {
      runs.push(payload);
      if (payload === 'slow') await gate.promise;
    });
    await queue.enqueue('ship', 'once', { jobId: 'done-1' });
    await queue.idle();
    await queue.enqueue('ship', 'slow', { jobId: 'running-1' });
    await vi.waitFor(async () => expect((await queue.get('running-1'))?.state).toBe('running'));
    await queue.enqueue('idle', 'never', { jobId: 'pending-1' });

    for (const [id, state] of [
      ['done-1', 'done'],
      ['running-1', 'running'],
      ['pending-1', 'pending'],
    ] as const) {
      const refused = await queue.retry(id).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(JobStateError);
      expect(JobStateError.isInstance(refused)).toBe(true);
      expect(refused).toMatchObject({
        name: 'JobStateError',
        jobId: id,
        state,
        retryable: false,
        operation: 'jobs.retry',
        message: `Job "${id}" is ${state}; only a failed job can be retried.`,
      });
      expect((await queue.get(id))?.state).toBe(state);
    }
    gate.resolve();
    await vi.waitFor(async () => expect((await queue.get('running-1'))?.state).toBe('done'));
    // The done job was not run a second time.
    expect(runs).toEqual(['once', 'slow']);
    expect((await queue.get('done-1'))?.attempts).toBe(1);
  });

  it('never runs more than `concurrency` jobs at once', async () => {
    const clock = createTestClock({ mode: 'manual' });
    const queue = memoryQueue({ clock });
    const gates = Array.from({ length: 7 }, () => deferred());
    let active = 0;
    let peak = 0;
    await queue.process<number>(
      'parallel',
      async (index) => {
        active += 1;
        peak = Math.max(peak, active);
        await gates[index]?.promise;
        active -= 1;
      },
      { concurrency: 3 },
    );
    for (let index = 0; index < 7; index++) await queue.enqueue('parallel', index);
    await new Promise((resolve) => setImmediate(resolve));
    expect(active).toBe(3);
    expect((await queue.stats()).running).toBe(3);
    for (const gate of gates) {
      gate.resolve();
      await new Promise((resolve) => setImmediate(resolve));
      expect(active).toBeLessThanOrEqual(3);
    }
    await queue.idle();
    expect(peak).toBe(3);
    expect((await queue.stats()).done).toBe(7);
  });

  it('close() waits for running jobs to finish and starts no new ones', async () => {
    const queue = memoryQueue({ clock: createTestClock({ mode: 'manual' }) });
    const gate = deferred();
    const started: number[] = [];
    await queue.process<number>('slow', async (index) => {
      started.push(index);
      await gate.promise;
    });
    await queue.enqueue('slow', 1, { jobId: 's1' });
    await queue.enqueue('slow', 2, { jobId: 's2' });
    await new Promise((resolve) => setImmediate(resolve));
    let closed = false;
    const closing = queue.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    gate.resolve();
    await closing;
    expect(closed).toBe(true);
    expect(started).toEqual([1]);
    expect((await queue.get('s1'))?.state).toBe('done');
    expect((await queue.get('s2'))?.state).toBe('pending');
  });

  it('fails an attempt that exceeds timeoutMs and aborts its signal', async () => {
    const clock = createTestClock({ mode: 'manual' });
    const queue = memoryQueue({ clock });
    const signals: AbortSignal[] = [];
    await queue.process(
      'hang',
      (_payload, { signal }) => {
        signals.push(signal);
        return new Promise(() => {});
      },
      { timeoutMs: 2_000 },
    );
    await queue.enqueue('hang', null, { jobId: 'h1', attempts: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    expect((await queue.get('h1'))?.state).toBe('running');
    await clock.advance(1_999);
    expect((await queue.get('h1'))?.state).toBe('running');
    await clock.advance(1);
    await queue.idle();
    const job = await queue.get('h1');
    expect(job?.state).toBe('failed');
    expect(job?.lastError?.name).toBe('TimeoutError');
    expect(job?.lastError?.message).toContain('2000 ms');
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[0]?.reason).toBeInstanceOf(TimeoutError);
  });

  it('lists newest first with state, name and limit filters', async () => {
    const clock = createTestClock({ mode: 'manual' });
    const queue = memoryQueue({ clock });
    await queue.enqueue('a', 1, { jobId: 'a1' });
    clock.set(clock.now() + 10);
    await queue.enqueue('b', 2, { jobId: 'b1' });
    clock.set(clock.now() + 10);
    await queue.enqueue('a', 3, { jobId: 'a2' });
    expect((await queue.list()).map((job) => job.id)).toEqual(['a2', 'b1', 'a1']);
    expect((await queue.list({ name: 'a', limit: 1 })).map((job) => job.id)).toEqual(['a2']);
    expect(await queue.list({ state: 'done' })).toEqual([]);
  });

  it('returns snapshots: changing a returned job does not change the queue', async () => {
    const queue = memoryQueue({ clock: createTestClock({ mode: 'manual' }) });
    const job = await queue.enqueue('x', null, { jobId: 'x1' });
    job.state = 'failed';
    expect((await queue.get('x1'))?.state).toBe('pending');
  });

  it('refuses a second handler for the same name and bad options', async () => {
    const queue = memoryQueue({ clock: createTestClock({ mode: 'manual' }) });
    await queue.process('x', () => {});
    await expect(queue.process('x', () => {})).rejects.toThrow(/already registered/);
    await expect(queue.process('y', () => {}, { concurrency: 0 })).rejects.toThrow(/concurrency/);
    await expect(queue.enqueue('x', null, { attempts: 0 })).rejects.toThrow(/attempts/);
  });
});
