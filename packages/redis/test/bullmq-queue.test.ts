import { CircuitOpenError, JobStateError, type Logger, RateLimitError } from '@int/core';
import { captureLogger } from '@int/core/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bullmqQueue } from '../src/index.js';
import { startWorker, type Worker } from './children.js';
import { cleanPrefix, connect, REDIS_URL, redisSkipReason, testPrefix } from './redis.js';

const skip = await redisSkipReason();

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.skipIf(skip)('bullmqQueue', () => {
  let redis: Redis;
  const prefixes: string[] = [];
  const closers: Array<() => Promise<void>> = [];
  const workers: Worker[] = [];
  const newQueue = (label: string, logger?: Logger) => {
    const prefix = testPrefix(label);
    prefixes.push(prefix);
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = bullmqQueue({ connection, prefix: `${prefix}bull`, logger });
    closers.push(async () => {
      await queue.close();
      connection.disconnect();
    });
    return queue;
  };

  beforeAll(() => {
    redis = connect();
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) worker.child.kill('SIGKILL');
    for (const close of closers.splice(0)) await close();
    for (const prefix of prefixes.splice(0)) await cleanPrefix(redis, prefix);
  });
  afterAll(() => redis.disconnect());

  it('idle() resolves once every waiting job of a handled name has run', async () => {
    const queue = newQueue('idle');
    const done: number[] = [];
    await queue.process<number>('count', async (payload) => {
      done.push(payload);
    });
    for (const n of [1, 2, 3]) await queue.enqueue('count', n);
    await queue.idle!();
    expect(done.sort()).toEqual([1, 2, 3]);
  });

  it('runs jobs, dedups by jobId (ids with ":" and digits too), keeps state and attempts', async () => {
    const queue = newQueue('basic');
    const seen: string[] = [];
    const first = await queue.enqueue('mail', { to: 'a' }, { jobId: 'stripe:evt_1' });
    const again = await queue.enqueue('mail', { to: 'b' }, { jobId: 'stripe:evt_1' });
    await queue.enqueue('mail', { to: 'c' }, { jobId: '42' });
    expect(first).toMatchObject({ id: 'stripe:evt_1', state: 'pending' });
    expect(again.payload).toEqual({ to: 'a' });
    await queue.process<{ to: string }>('mail', async (payload) => {
      seen.push(payload.to);
    });
    await until(async () => (await queue.stats()).done === 2);
    expect(seen.sort()).toEqual(['a', 'c']);
    expect(await queue.get('stripe:evt_1')).toMatchObject({
      id: 'stripe:evt_1',
      name: 'mail',
      state: 'done',
      attempts: 1,
    });
    expect((await queue.get('42'))?.payload).toEqual({ to: 'c' });
    expect(await queue.stats()).toEqual({ pending: 0, running: 0, done: 2, failed: 0 });
    expect((await queue.list({ state: 'done' })).map((job) => job.id).sort()).toEqual([
      '42',
      'stripe:evt_1',
    ]);
    expect(await queue.get('missing')).toBeUndefined();
    expect((await queue.list({ name: 'other' })).length).toBe(0);
    // A second handler for a name is refused.
    await expect(queue.process('mail', async () => undefined)).rejects.toThrow(
      'already registered',
    );
  });

  it('runs higher priority first and holds delayed jobs until due', async () => {
    const queue = newQueue('prio');
    const order: string[] = [];
    await queue.enqueue('t', 'late', { delayMs: 300 });
    await queue.enqueue('t', 'low', { priority: 1 });
    await queue.enqueue('t', 'high', { priority: 10 });
    await queue.enqueue('t', 'mid', { priority: 5 });
    await queue.process<string>('t', async (payload) => {
      order.push(payload);
    });
    await until(async () => order.length === 4);
    expect(order).toEqual(['high', 'mid', 'low', 'late']);
  });

  it('backs off honouring retryAfterMs, fails after the last attempt, and retry() runs it again', async () => {
    const logger = captureLogger();
    const queue = newQueue('retry', logger);
    const attemptsAt: number[] = [];
    let healthy = false;
    await queue.process('flaky', async () => {
      attemptsAt.push(Date.now());
      if (!healthy) throw new RateLimitError('slow down', { status: 429, retryAfterMs: 200 });
    });
    await queue.enqueue('flaky', {}, { jobId: 'f', attempts: 2, backoff: { delayMs: 1 } });
    await until(async () => (await queue.get('f'))?.state === 'failed');
    expect(attemptsAt).toHaveLength(2);
    expect(attemptsAt[1]! - attemptsAt[0]!).toBeGreaterThanOrEqual(190);
    expect(await queue.get('f')).toMatchObject({
      state: 'failed',
      attempts: 2,
      lastError: { name: 'RateLimitError', message: 'slow down' },
    });
    expect(logger.lines.map((line) => line.object.event)).toEqual(['job.retry', 'job.failed']);
    healthy = true;
    expect((await queue.retry('f'))?.state).toBe('pending');
    await until(async () => (await queue.get('f'))?.state === 'done');
    expect(attemptsAt).toHaveLength(3);
    // A fresh attempt budget: this run is attempt 1 again.
    expect((await queue.get('f'))?.attempts).toBe(1);
  });

  it('retry() runs only a failed job: a done, pending or running one is a JobStateError', async () => {
    const queue = newQueue('retry-state');
    const runs: string[] = [];
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await queue.process<string>('ship', async (payload) => {
      runs.push(payload);
      if (payload === 'slow') await held;
    });
    await queue.enqueue('ship', 'once', { jobId: 'done-1' });
    await until(async () => (await queue.get('done-1'))?.state === 'done');
    await queue.enqueue('ship', 'slow', { jobId: 'running-1' });
    await until(async () => (await queue.get('running-1'))?.state === 'running');
    await queue.enqueue('idle', 'never', { jobId: 'pending-1' });

    for (const [id, state] of [
      ['done-1', 'done'],
      ['running-1', 'running'],
      ['pending-1', 'pending'],
    ] as const) {
      const refused = await queue.retry(id).catch((error: unknown) => error);
      expect(JobStateError.isInstance(refused)).toBe(true);
      expect(refused).toMatchObject({
        name: 'JobStateError',
        jobId: id,
        state,
        retryable: false,
        message: `Job "${id}" is ${state}; only a failed job can be retried.`,
      });
      expect((await queue.get(id))?.state).toBe(state);
    }
    expect(await queue.retry('missing')).toBeUndefined();
    release();
    await until(async () => (await queue.get('running-1'))?.state === 'done');
    // The done job was not run a second time.
    expect(runs).toEqual(['once', 'slow']);
    expect((await queue.get('done-1'))?.attempts).toBe(1);
  });

  it('delays a job that met an open circuit by retryAfterMs without spending an attempt', async () => {
    const logger = captureLogger();
    const queue = newQueue('circuit', logger);
    const runs: number[] = [];
    await queue.process('ship', async () => {
      runs.push(Date.now());
      if (runs.length < 3) {
        throw new CircuitOpenError('open', { retryAfterMs: 150, key: 'fedex' });
      }
    });
    await queue.enqueue('ship', {}, { jobId: 'c1', attempts: 1 });
    await until(async () => (await queue.get('c1'))?.state === 'done');
    expect(runs).toHaveLength(3);
    expect(runs[1]! - runs[0]!).toBeGreaterThanOrEqual(100);
    const deferrals = logger.lines.filter((line) => line.object.event === 'job.deferred');
    expect(deferrals).toHaveLength(2);
    expect(logger.lines.some((line) => line.object.event === 'job.failed')).toBe(false);
  });

  it('times out a slow handler and aborts its signal', async () => {
    const queue = newQueue('timeout');
    let aborted = false;
    await queue.process(
      'slow',
      (_payload, { signal }) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve(undefined);
          });
        }),
      { timeoutMs: 50 },
    );
    await queue.enqueue('slow', {}, { jobId: 's', attempts: 1 });
    await until(async () => (await queue.get('s'))?.state === 'failed');
    expect((await queue.get('s'))?.lastError).toMatchObject({
      name: 'TimeoutError',
      message: expect.stringContaining('exceeded 50 ms'),
    });
    expect(aborted).toBe(true);
  });

  it('1 000 jobs, worker SIGKILLed midway, a new worker finishes: all done, each effect exactly once', async () => {
    const prefix = testPrefix('crash');
    prefixes.push(prefix);
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = bullmqQueue({ connection, prefix: `${prefix}bull` });
    closers.push(async () => {
      await queue.close();
      connection.disconnect();
    });
    for (let n = 0; n < 1000; n += 1) {
      await queue.enqueue('work', { n }, { jobId: `job-${n}`, attempts: 5 });
    }
    await queue.enqueue('work', { n: -1 }, { jobId: 'job-7' });
    expect((await queue.stats()).pending).toBe(1000);

    const first = startWorker('bullmq-worker', [REDIS_URL, prefix]);
    workers.push(first);
    await first.message('ready');
    await until(async () => (await queue.stats()).done >= 300, 30_000);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const atKill = await queue.stats();
    expect(atKill.done).toBeLessThan(1000);

    const second = startWorker('bullmq-worker', [REDIS_URL, prefix]);
    workers.push(second);
    await second.message('ready');
    await until(async () => (await queue.stats()).done === 1000, 30_000);

    expect(await queue.stats()).toEqual({ pending: 0, running: 0, done: 1000, failed: 0 });
    const effects = await redis.hgetall(`${prefix}effects`);
    expect(Object.keys(effects)).toHaveLength(1000);
    expect(effects['job-7']).toBe('7');
    const runs = await redis.llen(`${prefix}runs`);
    console.log(
      `bullmq crash: killed at ${atKill.done} done / ${atKill.running} running; ${runs} handler runs for 1000 jobs`,
    );
  }, 60_000);
});
