import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bullmqQueue } from '../src/index.js';
import { startWorker, type Worker } from './children.js';
import { cleanPrefix, connect, REDIS_URL, redisSkipReason, testPrefix } from './redis.js';

// bullmqQueue's lock and stalled-check defaults, with real worker processes.
// Bounds are measured by the processes on the machine's clock (log lines carry
// `at`): "seconds, not BullMQ's 30 s", and "never" for a live worker's job.

const skip = await redisSkipReason();

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const DEFAULTS = {
  WORKER_LOCK_MS: 'default',
  WORKER_STALLED_MS: 'default',
  WORKER_MAX_STALLED: 'default',
};

describe.skipIf(skip)('bullmqQueue stalled jobs (default lock settings)', () => {
  let redis: Redis;
  const prefixes: string[] = [];
  const closers: Array<() => Promise<void>> = [];
  const workers: Worker[] = [];
  beforeAll(() => {
    redis = connect();
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) worker.child.kill('SIGKILL');
    for (const close of closers.splice(0)) await close();
    for (const prefix of prefixes.splice(0)) await cleanPrefix(redis, prefix);
  });
  afterAll(() => redis.disconnect());

  const setUp = (label: string) => {
    const prefix = testPrefix(label);
    prefixes.push(prefix);
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = bullmqQueue({ connection, prefix: `${prefix}bull` });
    closers.push(async () => {
      await queue.close();
      connection.disconnect();
    });
    const spawn = (env: Record<string, string>) => {
      const worker = startWorker('bullmq-worker', [REDIS_URL, prefix], { ...DEFAULTS, ...env });
      workers.push(worker);
      return worker;
    };
    const runs = async () =>
      (await redis.lrange(`${prefix}runs`, 0, -1)).map((entry) => {
        const [jobId, pid] = entry.split(' ');
        return { jobId, pid: Number(pid) };
      });
    return { prefix, queue, spawn, runs };
  };

  it('runs a SIGKILLed worker’s active jobs again within 5 s of a new worker starting', async () => {
    const { prefix, queue, spawn, runs } = setUp('stalled-kill');
    for (let n = 0; n < 24; n += 1) {
      await queue.enqueue('work', { n }, { jobId: `job-${n}`, attempts: 3 });
    }
    const settings = { WORKER_HANDLER_MS: '400', WORKER_CONCURRENCY: '4' };
    const first = spawn(settings);
    await first.message('ready');
    await until('4 jobs done', async () => (await queue.stats()).done >= 4);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const orphans = (await queue.list({ state: 'running' })).map((job) => job.id);
    expect(orphans.length).toBeGreaterThan(0);

    const second = spawn(settings);
    const { at: startedAt } = await second.message<{ at: number }>('ready');
    await until('all 24 jobs done', async () => (await queue.stats()).done === 24);

    const stalled = second.messages().filter((line) => line.event === 'job.lease_reclaimed');
    expect(stalled.map((line) => line.jobId).sort()).toEqual([...orphans].sort());
    const recoveryMs = Math.max(...stalled.map((line) => line.at as number)) - startedAt;
    console.log(
      `bullmq stalled: ${orphans.length} orphaned jobs reclaimed ${recoveryMs} ms after the new worker started`,
    );
    expect(recoveryMs).toBeLessThanOrEqual(5_000);
    // Each orphan ran once in each worker; every effect is there once.
    const secondRuns = (await runs()).filter((run) => run.pid === second.child.pid);
    for (const id of orphans) expect(secondRuns.filter((run) => run.jobId === id)).toHaveLength(1);
    expect(Object.keys(await redis.hgetall(`${prefix}effects`))).toHaveLength(24);
    expect(await queue.stats()).toEqual({ pending: 0, running: 0, done: 24, failed: 0 });
  }, 60_000);

  it('never takes a job from a live worker, however long it runs (10 s on a 3 s lock)', async () => {
    const { prefix, queue, spawn, runs } = setUp('stalled-long');
    await queue.enqueue('work', { n: 1 }, { jobId: 'long', attempts: 3 });
    const owner = spawn({ WORKER_HANDLER_MS: '10000' });
    await until('the long job to start', async () => (await runs()).length === 1);
    const rival = spawn({});
    await rival.message('ready');
    await until(
      'the long job to finish',
      async () => (await queue.get('long'))?.state === 'done',
      40_000,
    );

    expect(await runs()).toEqual([{ jobId: 'long', pid: owner.child.pid }]);
    expect(await redis.hgetall(`${prefix}effects`)).toEqual({ long: '1' });
    expect(await redis.llen(`${prefix}aborted`)).toBe(0);
    expect(await queue.get('long')).toMatchObject({ state: 'done', attempts: 1 });
    for (const worker of [owner, rival]) {
      const events = worker.messages().map((line) => line.event);
      expect(events).not.toContain('job.lease_reclaimed');
      expect(events).not.toContain('job.lease_lost');
    }
  }, 60_000);
});
