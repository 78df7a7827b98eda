import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteQueue } from '../src/index.js';
import { startWorker, type Worker } from './children.js';

// Lease heartbeats across real processes. Each bound below is measured on the
// machine's clock by the processes themselves (log lines carry `at`), never a
// micro-timing: the point is "seconds, not the old 30 s lease", and "never".

const dirs: string[] = [];
const workers: Worker[] = [];
afterEach(() => {
  for (const worker of workers.splice(0)) {
    worker.child.kill('SIGCONT');
    worker.child.kill('SIGKILL');
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function files() {
  const dir = mkdtempSync(join(tmpdir(), 'int-sqlite-lease-'));
  dirs.push(dir);
  return { queueFile: join(dir, 'queue.db'), effectsFile: join(dir, 'effects.db') };
}

function spawnWorker(queueFile: string, effectsFile: string, env: Record<string, string>) {
  const worker = startWorker('queue-worker', [queueFile, effectsFile], env);
  workers.push(worker);
  return worker;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function readEffects(effectsFile: string) {
  const db = new Database(effectsFile, { readonly: true, fileMustExist: true });
  try {
    return {
      effects: db.prepare('SELECT job_id, n FROM effects').all() as Array<{
        job_id: string;
        n: number;
      }>,
      runs: db.prepare('SELECT job_id, pid FROM runs').all() as Array<{
        job_id: string;
        pid: number;
      }>,
      aborted: db.prepare('SELECT job_id, pid, reason FROM aborted').all() as Array<{
        job_id: string;
        pid: number;
        reason: string;
      }>,
    };
  } finally {
    db.close();
  }
}

const countRuns = (effectsFile: string) => {
  try {
    return readEffects(effectsFile).runs.length;
  } catch {
    return 0;
  }
};

const events = (worker: Worker, event: string) =>
  worker.messages().filter((line) => line.event === event);

describe('sqliteQueue leases', () => {
  it('reclaims a SIGKILLed worker’s running jobs within 5 s of a new worker starting (default lease)', async () => {
    const { queueFile, effectsFile } = files();
    const queue = sqliteQueue({ file: queueFile });
    for (let n = 0; n < 24; n += 1) {
      await queue.enqueue('work', { n }, { jobId: `job-${n}`, attempts: 3 });
    }
    const settings = {
      WORKER_LEASE_MS: 'default',
      WORKER_POLL_MS: 'default',
      WORKER_HANDLER_MS: '400',
      WORKER_CONCURRENCY: '4',
    };
    const first = spawnWorker(queueFile, effectsFile, settings);
    await first.message('ready');
    await until('4 jobs done', async () => (await queue.stats()).done >= 4);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const orphans = (await queue.list({ state: 'running' })).map((job) => job.id);
    expect(orphans.length).toBeGreaterThan(0);

    const second = spawnWorker(queueFile, effectsFile, settings);
    const { at: startedAt } = await second.message<{ at: number }>('ready');
    await until('all 24 jobs done', async () => (await queue.stats()).done === 24);

    const reclaimed = new Map(
      events(second, 'job.lease_reclaimed').map((line) => [
        line.jobId as string,
        line.at as number,
      ]),
    );
    expect([...reclaimed.keys()].sort()).toEqual([...orphans].sort());
    const recoveryMs = Math.max(...reclaimed.values()) - startedAt;
    console.log(
      `sqlite lease: ${orphans.length} orphaned jobs reclaimed ${recoveryMs} ms after the new worker started`,
    );
    expect(recoveryMs).toBeLessThanOrEqual(5_000);
    for (const id of orphans) expect((await queue.get(id))?.attempts).toBe(2);

    const { effects } = readEffects(effectsFile);
    expect(effects).toHaveLength(24);
    expect(await queue.stats()).toEqual({ pending: 0, running: 0, done: 24, failed: 0 });
    await queue.close();
  }, 60_000);

  it('never takes a job from a live worker, however long it runs (10 s on a 3 s lease)', async () => {
    const { queueFile, effectsFile } = files();
    const queue = sqliteQueue({ file: queueFile });
    await queue.enqueue('work', { n: 1 }, { jobId: 'long', attempts: 3 });
    const settings = { WORKER_LEASE_MS: 'default', WORKER_POLL_MS: 'default' };
    const owner = spawnWorker(queueFile, effectsFile, { ...settings, WORKER_HANDLER_MS: '10000' });
    await until('the long job to start', () => countRuns(effectsFile) === 1);
    // A second worker polls the whole time the long job runs.
    const rival = spawnWorker(queueFile, effectsFile, settings);
    await rival.message('ready');
    await until('the long job to finish', async () => (await queue.get('long'))?.state === 'done');

    const { runs, effects, aborted } = readEffects(effectsFile);
    expect(runs).toEqual([{ job_id: 'long', pid: owner.child.pid }]);
    expect(effects).toEqual([{ job_id: 'long', n: 1 }]);
    expect(aborted).toEqual([]);
    expect(await queue.get('long')).toMatchObject({ state: 'done', attempts: 1 });
    expect(events(rival, 'job.lease_reclaimed')).toEqual([]);
    expect(events(owner, 'job.lease_lost')).toEqual([]);
    await queue.close();
  }, 60_000);

  it('a worker stalled past its lease loses the job: another runs it, the stalled attempt is aborted and not recorded', async () => {
    const { queueFile, effectsFile } = files();
    const queue = sqliteQueue({ file: queueFile });
    await queue.enqueue('work', { n: 5 }, { jobId: 'stalled', attempts: 3 });
    const settings = { WORKER_LEASE_MS: '1000', WORKER_HEARTBEAT_MS: '200' };
    const stalled = spawnWorker(queueFile, effectsFile, {
      ...settings,
      WORKER_HANDLER_MS: '60000',
    });
    await until('the job to start', () => countRuns(effectsFile) === 1);
    // Frozen, as a process swapped out or stuck in a long GC would be: no heartbeat.
    stalled.child.kill('SIGSTOP');
    const rival = spawnWorker(queueFile, effectsFile, { ...settings, WORKER_HANDLER_MS: '100' });
    await until(
      'the rival to finish the job',
      async () => (await queue.get('stalled'))?.state === 'done',
    );
    stalled.child.kill('SIGCONT');
    await until(
      'the stalled attempt to be aborted',
      () => readEffects(effectsFile).aborted.length === 1,
    );

    const { runs, effects, aborted } = readEffects(effectsFile);
    expect(runs.map((row) => row.pid)).toEqual([stalled.child.pid, rival.child.pid]);
    expect(effects).toEqual([{ job_id: 'stalled', n: 5 }]);
    expect(aborted).toEqual([
      {
        job_id: 'stalled',
        pid: stalled.child.pid,
        reason: expect.stringContaining('lost its lease'),
      },
    ]);
    await until('the lease_lost line', () => events(stalled, 'job.lease_lost').length === 1);
    expect(events(rival, 'job.lease_reclaimed')).toMatchObject([{ jobId: 'stalled', attempt: 2 }]);
    // The stalled worker's late outcome changed nothing.
    expect(await queue.get('stalled')).toMatchObject({ state: 'done', attempts: 2 });
    await queue.close();
  }, 60_000);
});
