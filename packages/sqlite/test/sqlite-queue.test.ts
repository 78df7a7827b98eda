import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CircuitOpenError, JobStateError, RateLimitError, systemClock } from '@int/core';
import { captureLogger } from '@int/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteQueue } from '../src/index.js';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'int-sqlite-queue-'));
  dirs.push(dir);
  return join(dir, 'queue.db');
}

async function until(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('sqliteQueue', () => {
  it('idle() resolves once every due job of a handled name has run', async () => {
    const queue = sqliteQueue({ file: tempFile(), pollIntervalMs: 1_000 });
    const done: number[] = [];
    await queue.process<number>(
      'count',
      async (payload) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        done.push(payload);
      },
      { concurrency: 2 },
    );
    for (const n of [1, 2, 3, 4, 5]) await queue.enqueue('count', n);
    await queue.enqueue('nobody-handles-this', 0);
    await queue.idle!();
    expect(done.sort()).toEqual([1, 2, 3, 4, 5]);
    expect((await queue.stats()).done).toBe(5);
    await queue.close();
  });

  it('runs jobs, dedups by jobId, keeps state, attempts and timestamps', async () => {
    const queue = sqliteQueue({ file: tempFile(), pollIntervalMs: 10 });
    const seen: string[] = [];
    const first = await queue.enqueue('mail', { to: 'a' }, { jobId: 'j1' });
    const again = await queue.enqueue('mail', { to: 'b' }, { jobId: 'j1' });
    expect(again.payload).toEqual({ to: 'a' });
    expect(first.state).toBe('pending');
    await queue.process<{ to: string }>('mail', async (payload) => {
      seen.push(payload.to);
    });
    await until(async () => (await queue.get('j1'))?.state === 'done');
    const job = await queue.get('j1');
    expect(seen).toEqual(['a']);
    expect(job).toMatchObject({ id: 'j1', name: 'mail', state: 'done', attempts: 1 });
    expect(job!.finishedAt).toBeGreaterThanOrEqual(job!.createdAt);
    expect(await queue.stats()).toEqual({ pending: 0, running: 0, done: 1, failed: 0 });
    // A second handler for a name is refused.
    await expect(queue.process('mail', async () => undefined)).rejects.toThrow(
      'already registered',
    );
    expect(await queue.retry('missing')).toBeUndefined();
    await queue.close();
  });

  it('runs higher priority first and holds delayed jobs until due', async () => {
    const queue = sqliteQueue({ file: tempFile(), pollIntervalMs: 10 });
    const order: string[] = [];
    await queue.enqueue('t', 'late', { delayMs: 150 });
    await queue.enqueue('t', 'low', { priority: 1 });
    await queue.enqueue('t', 'high', { priority: 10 });
    await queue.enqueue('t', 'mid', { priority: 5 });
    await queue.process<string>('t', async (payload) => {
      order.push(payload);
    });
    await until(async () => order.length === 4);
    expect(order).toEqual(['high', 'mid', 'low', 'late']);
    await queue.close();
  });

  it('retries with backoff, fails after the last attempt with the error kept, and retry() runs it again', async () => {
    const logger = captureLogger();
    const queue = sqliteQueue({ file: tempFile(), pollIntervalMs: 5, logger });
    let calls = 0;
    let healthy = false;
    await queue.process('flaky', async () => {
      calls += 1;
      if (!healthy) throw new Error('upstream down');
    });
    await queue.enqueue(
      'flaky',
      {},
      { jobId: 'f', attempts: 3, backoff: { type: 'fixed', delayMs: 10 } },
    );
    await until(async () => (await queue.get('f'))?.state === 'failed');
    const failed = await queue.get('f');
    expect(failed).toMatchObject({
      attempts: 3,
      lastError: { name: 'Error', message: 'upstream down' },
    });
    expect(calls).toBe(3);
    expect(logger.lines.map((line) => line.object.event)).toEqual([
      'job.retry',
      'job.retry',
      'job.failed',
    ]);
    expect((await queue.list({ state: 'failed' })).map((job) => job.id)).toEqual(['f']);
    healthy = true;
    await queue.retry('f');
    await until(async () => (await queue.get('f'))?.state === 'done');
    expect(calls).toBe(4);
    await queue.close();
  });

  it('retry() runs only a failed job: a done, pending or running one is a JobStateError', async () => {
    const queue = sqliteQueue({ file: tempFile(), pollIntervalMs: 5 });
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
    release();
    await until(async () => (await queue.get('running-1'))?.state === 'done');
    // The done job was not run a second time.
    expect(runs).toEqual(['once', 'slow']);
    expect((await queue.get('done-1'))?.attempts).toBe(1);
    await queue.close();
  });

  it('honours a job error retryAfterMs and times out a slow handler', async () => {
    const queue = sqliteQueue({ file: tempFile(), pollIntervalMs: 5 });
    const attemptsAt: number[] = [];
    await queue.process('limited', async () => {
      attemptsAt.push(Date.now());
      if (attemptsAt.length === 1) {
        throw new RateLimitError('slow down', { status: 429, retryAfterMs: 120 });
      }
    });
    await queue.enqueue('limited', {}, { jobId: 'r', backoff: { delayMs: 1 } });
    await until(async () => (await queue.get('r'))?.state === 'done');
    expect(attemptsAt[1]! - attemptsAt[0]!).toBeGreaterThanOrEqual(115);

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
      { timeoutMs: 30 },
    );
    await queue.enqueue('slow', {}, { jobId: 's', attempts: 1 });
    await until(async () => (await queue.get('s'))?.state === 'failed');
    expect((await queue.get('s'))?.lastError).toMatchObject({ name: 'TimeoutError' });
    expect(aborted).toBe(true);
    await queue.close();
  });

  it('gives the attempt back and waits retryAfterMs when the provider circuit is open', async () => {
    let time = 1_700_000_000_000;
    const clock = { now: () => time, sleep: systemClock.sleep };
    const queue = sqliteQueue({ file: tempFile(), clock, pollIntervalMs: 5 });
    let runs = 0;
    await queue.process('ship', async () => {
      runs += 1;
      if (runs === 1) throw new CircuitOpenError('open', { retryAfterMs: 60_000, key: 'fedex' });
    });
    await queue.enqueue('ship', {}, { jobId: 'c', attempts: 1 });
    await until(async () => runs === 1 && (await queue.get('c'))?.state === 'pending');
    const deferredJob = await queue.get('c');
    expect(deferredJob?.attempts).toBe(0);
    expect(deferredJob?.runAt).toBe(time + 60_000);
    expect(deferredJob?.lastError).toBeUndefined();
    time += 60_000;
    await until(async () => (await queue.get('c'))?.state === 'done');
    expect((await queue.get('c'))?.attempts).toBe(1);
    expect(runs).toBe(2);
    await queue.close();
  });

  it('claims several due jobs per transaction and writes the outcomes of one turn together with the next claims', async () => {
    // Every call of now() is a new millisecond, so two transactions never share a timestamp.
    let time = 1_700_000_000_000;
    const clock = { now: () => ++time, sleep: systemClock.sleep };
    const queue = sqliteQueue({ file: tempFile(), clock });
    for (let n = 0; n < 40; n += 1) await queue.enqueue('batch', n, { jobId: `b${n}` });
    await queue.process('batch', async () => undefined, { concurrency: 16 });
    await until(async () => (await queue.stats()).done === 40);
    const jobs = await queue.list({ limit: 40 });
    const sizes = (times: number[]) => {
      const counts = new Map<number, number>();
      for (const at of times) counts.set(at, (counts.get(at) ?? 0) + 1);
      return [...counts.entries()].sort(([a], [b]) => a - b);
    };
    const started = sizes(jobs.map((job) => job.startedAt!));
    const finished = sizes(jobs.map((job) => job.finishedAt!));
    // Three claims (16, 16, 8) and three groups of completions, where one at a time would make 40 each.
    expect(started.map(([, count]) => count)).toEqual([16, 16, 8]);
    expect(finished.map(([, count]) => count)).toEqual([16, 16, 8]);
    // The second and third claims went in the transaction that completed the group before.
    expect(started[1]![0]).toBe(finished[0]![0]);
    expect(started[2]![0]).toBe(finished[1]![0]);
    await queue.close();
  });

  it('creates the schema on open, keeps jobs across reopen, and lists newest first', async () => {
    const file = tempFile();
    const one = sqliteQueue({ file });
    await one.enqueue('a', 1, { jobId: 'x' });
    await one.enqueue('a', 2, { jobId: 'y' });
    await one.close();
    const two = sqliteQueue({ file });
    expect((await two.list({ limit: 10 })).map((job) => job.id)).toEqual(['y', 'x']);
    expect((await two.list({ name: 'a', limit: 1 })).map((job) => job.id)).toEqual(['y']);
    expect(await two.list({ name: 'b' })).toEqual([]);
    expect(await two.list({ state: 'done' })).toEqual([]);
    expect(await two.get('missing')).toBeUndefined();
    await two.close();
  });
});
