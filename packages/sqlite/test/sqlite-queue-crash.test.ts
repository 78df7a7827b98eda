import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteQueue } from '../src/index.js';
import { startWorker, type Worker } from './children.js';

describe('sqliteQueue crash safety', () => {
  const dirs: string[] = [];
  const workers: Worker[] = [];
  afterEach(() => {
    for (const worker of workers.splice(0)) worker.child.kill('SIGKILL');
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('1 000 jobs, worker SIGKILLed midway, a new worker finishes: all done, each effect exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'int-sqlite-crash-'));
    dirs.push(dir);
    const queueFile = join(dir, 'queue.db');
    const effectsFile = join(dir, 'effects.db');
    const queue = sqliteQueue({ file: queueFile });
    for (let n = 0; n < 1000; n += 1) {
      await queue.enqueue('work', { n }, { jobId: `job-${n}`, attempts: 5 });
    }
    // Enqueueing the same jobId again is a no-op.
    await queue.enqueue('work', { n: -1 }, { jobId: 'job-7' });
    expect((await queue.stats()).pending).toBe(1000);

    const first = startWorker('queue-worker', [queueFile, effectsFile]);
    workers.push(first);
    await first.message('ready');
    while ((await queue.stats()).done < 300)
      await new Promise((resolve) => setTimeout(resolve, 10));
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const atKill = await queue.stats();
    expect(atKill.done).toBeLessThan(1000);
    // Completions are written in groups: what was committed before the kill must stay done.
    const doneAtKill = (await queue.list({ state: 'done', limit: 2000 })).map((job) => job.id);
    expect(doneAtKill).toHaveLength(atKill.done);

    const second = startWorker('queue-worker', [queueFile, effectsFile]);
    workers.push(second);
    await second.message('ready');
    const deadline = Date.now() + 30_000;
    while ((await queue.stats()).done < 1000 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    second.child.kill('SIGKILL');
    await second.exited;

    expect(await queue.stats()).toEqual({ pending: 0, running: 0, done: 1000, failed: 0 });
    const effects = new Database(effectsFile, { readonly: true });
    const rows = effects.prepare('SELECT job_id, n FROM effects').all() as Array<{
      job_id: string;
      n: number;
    }>;
    const runs = effects.prepare('SELECT COUNT(*) AS count FROM runs').get() as { count: number };
    const rerunByNewWorker = effects
      .prepare('SELECT DISTINCT job_id FROM runs WHERE pid = ?')
      .all(second.child.pid) as Array<{ job_id: string }>;
    effects.close();
    const committed = new Set(doneAtKill);
    expect(rerunByNewWorker.filter((row) => committed.has(row.job_id))).toEqual([]);
    expect(rows).toHaveLength(1000);
    expect(new Set(rows.map((row) => row.job_id)).size).toBe(1000);
    expect(rows.find((row) => row.job_id === 'job-7')?.n).toBe(7);
    console.log(
      `sqlite crash: killed at ${atKill.done} done / ${atKill.running} running; ${runs.count} handler runs for 1000 jobs`,
    );
    await queue.close();
  }, 60_000);

  it('an enqueue that resolved before a SIGKILL is in the file after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'int-sqlite-crash-'));
    dirs.push(dir);
    const queueFile = join(dir, 'queue.db');
    const producer = startWorker('enqueue-worker', [queueFile]);
    workers.push(producer);
    await producer.message('ready');
    const acked = () => producer.messages().filter((line) => 'acked' in line).length;
    const deadline = Date.now() + 30_000;
    while (acked() < 300 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    producer.child.kill('SIGKILL');
    expect(await producer.exited).toBe('SIGKILL');
    const ids = producer.messages().flatMap((line) => ('acked' in line ? [line.acked] : []));
    expect(ids.length).toBeGreaterThanOrEqual(300);

    const queue = sqliteQueue({ file: queueFile });
    const stored = new Set((await queue.list({ limit: 1_000_000 })).map((job) => job.id));
    expect(ids.filter((id) => !stored.has(id as string))).toEqual([]);
    await queue.close();
  }, 60_000);
});
