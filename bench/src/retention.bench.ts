// Retention benchmark: pushes BENCH_RETENTION_ITEMS (default 1 000 000) no-op
// jobs through each queue and as many webhook events through each inbox store,
// once with retention and once without (`retention: false`), and samples the
// storage at every tenth of the way: heap after a forced GC for the memory
// stores, file bytes (database + WAL) for SQLite, keys under the store's prefix
// and Redis' used_memory for Redis. With retention the storage should be flat
// after warm-up; without, it grows with the work.
// Run from the repository root (Redis at REDIS_URL, default redis://127.0.0.1:6379):
//   npx -y pnpm@10.34.9 --filter @int/sqlite --filter @int/redis build
//   node --expose-gc --import tsx bench/src/retention.bench.ts
// Knobs: BENCH_RETENTION_ITEMS, BENCH_RETENTION_STORES (comma list of the store names below),
// BENCH_RETENTION_KEEP (done items kept with retention, default 10 000).
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type InboxEvent,
  type InboxStore,
  type JobQueue,
  memoryInboxStore,
  memoryQueue,
  type RetentionOptions,
} from '@int/core';
import { bullmqQueue, redisInboxStore } from '@int/redis';
import { sqliteInboxStore, sqliteQueue } from '@int/sqlite';
import { Redis } from 'ioredis';

const items = Number(process.env.BENCH_RETENTION_ITEMS ?? 1_000_000);
const keep = Number(process.env.BENCH_RETENTION_KEEP ?? 10_000);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const checkpoints = 10;
const chunk = 1_000;
const concurrency = 16;
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const gc = (globalThis as { gc?: () => void }).gc;

// What "with retention" means here: the done items capped at `keep`, pruned every second.
const RETENTION: RetentionOptions = {
  done: { maxCount: keep },
  intervalMs: 1_000,
  batchSize: 500,
};

interface Sample {
  items: number;
  /** Bytes: heap, files or Redis memory. */
  bytes: number;
  /** Keys under the prefix (Redis only). */
  keys?: number;
}

interface Contender {
  store: string;
  unit: 'heap' | 'file' | 'redis';
  kind: 'queue' | 'inbox';
  open(retention: RetentionOptions | false): Promise<{
    queue?: JobQueue;
    inbox?: InboxStore;
    measure(): Promise<Omit<Sample, 'items'>>;
    close(): Promise<void>;
  }>;
}

const fileBytes = (file: string) =>
  [file, `${file}-wal`].reduce(
    (sum, path) => sum + (existsSync(path) ? statSync(path).size : 0),
    0,
  );

function heap(): Promise<Omit<Sample, 'items'>> {
  gc?.();
  gc?.();
  return Promise.resolve({ bytes: process.memoryUsage().heapUsed });
}

async function redisUsage(redis: Redis, prefix: string): Promise<Omit<Sample, 'items'>> {
  let keys = 0;
  let cursor = '0';
  do {
    const [next, page] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 5000);
    cursor = next;
    keys += page.length;
  } while (cursor !== '0');
  const info = await redis.info('memory');
  const bytes = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? Number.NaN);
  return { bytes, keys };
}

async function cleanPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 5000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

function contenders(redis: Redis, runId: string): Contender[] {
  const temp = () => mkdtempSync(join(tmpdir(), 'int-bench-retention-'));
  return [
    {
      store: 'memoryQueue',
      unit: 'heap',
      kind: 'queue',
      async open(retention) {
        const queue = memoryQueue({ retention, attempts: 1 });
        return { queue, measure: heap, close: () => queue.close() };
      },
    },
    {
      store: 'memoryInboxStore',
      unit: 'heap',
      kind: 'inbox',
      async open(retention) {
        const inbox = memoryInboxStore({ retention });
        return { inbox, measure: heap, close: () => inbox.close() };
      },
    },
    {
      store: 'sqliteQueue',
      unit: 'file',
      kind: 'queue',
      async open(retention) {
        const dir = temp();
        const file = join(dir, 'queue.db');
        const queue = sqliteQueue({ file, retention, attempts: 1, pollIntervalMs: 50 });
        return {
          queue,
          measure: async () => ({ bytes: fileBytes(file) }),
          close: async () => {
            await queue.close();
            rmSync(dir, { recursive: true, force: true });
          },
        };
      },
    },
    {
      store: 'sqliteInboxStore',
      unit: 'file',
      kind: 'inbox',
      async open(retention) {
        const dir = temp();
        const file = join(dir, 'inbox.db');
        const inbox = sqliteInboxStore({ file, retention });
        return {
          inbox,
          measure: async () => ({ bytes: fileBytes(file) }),
          close: async () => {
            inbox.close();
            rmSync(dir, { recursive: true, force: true });
          },
        };
      },
    },
    {
      store: 'bullmqQueue',
      unit: 'redis',
      kind: 'queue',
      async open(retention) {
        const prefix = `intbench:${runId}:bull:${retention ? 'kept' : 'all'}`;
        const queue = bullmqQueue({ connection: redis, prefix, retention, attempts: 1 });
        return {
          queue,
          measure: () => redisUsage(redis, prefix),
          close: async () => {
            await queue.close();
            await cleanPrefix(redis, prefix);
          },
        };
      },
    },
    {
      store: 'redisInboxStore',
      unit: 'redis',
      kind: 'inbox',
      async open(retention) {
        const keyPrefix = `intbench:${runId}:inbox:${retention ? 'kept' : 'all'}:`;
        const inbox = redisInboxStore({ redis, keyPrefix, retention });
        return {
          inbox,
          measure: () => redisUsage(redis, keyPrefix),
          close: async () => {
            await inbox.close();
            await cleanPrefix(redis, keyPrefix);
          },
        };
      },
    },
  ];
}

const RAW_BODY = JSON.stringify({
  id: 'evt_0000000000000000000000',
  object: 'event',
  type: 'payment_intent.succeeded',
  data: { object: { id: 'pi_000000000000000000000000', amount: 2_000, currency: 'usd' } },
});

async function pushEvents(inbox: InboxStore, from: number, to: number): Promise<void> {
  const one = async (index: number) => {
    const now = Date.now();
    const event: InboxEvent = {
      provider: 'stripe',
      eventId: `evt_${index}`,
      type: 'payment_intent.succeeded',
      payload: { index },
      rawBody: RAW_BODY,
      headers: { 'content-type': 'application/json', 'stripe-signature': '[REDACTED]' },
      state: 'received',
      attempts: 0,
      receivedAt: now,
      updatedAt: now,
    };
    await inbox.insertIfAbsent(event);
    await inbox.update('stripe', event.eventId, {
      state: 'processing',
      attempts: 1,
      updatedAt: now,
    });
    await inbox.update('stripe', event.eventId, {
      state: 'processed',
      processedAt: Date.now(),
      updatedAt: Date.now(),
    });
  };
  for (let start = from; start < to; start += concurrency) {
    const batch: Array<Promise<void>> = [];
    for (let index = start; index < Math.min(to, start + concurrency); index += 1)
      batch.push(one(index));
    await Promise.all(batch);
  }
}

async function run(contender: Contender, retention: RetentionOptions | false) {
  const opened = await contender.open(retention);
  let handled = 0;
  let waiting: { until: number; resolve: () => void } | undefined;
  if (opened.queue) {
    await opened.queue.process(
      'noop',
      async () => {
        handled += 1;
        if (waiting && handled >= waiting.until) waiting.resolve();
      },
      { concurrency },
    );
  }
  const samples: Sample[] = [{ items: 0, ...(await opened.measure()) }];
  const started = performance.now();
  const step = items / checkpoints;
  for (let done = 0; done < items; ) {
    const to = Math.min(items, done + chunk);
    if (opened.queue) {
      const queue = opened.queue;
      const reached = new Promise<void>((resolve) => {
        waiting = { until: to, resolve };
      });
      for (let index = done; index < to; index += 1) {
        await queue.enqueue('noop', null, { jobId: `job-${index}` });
      }
      if (handled < to) await reached;
    } else if (opened.inbox) {
      await pushEvents(opened.inbox, done, to);
    }
    done = to;
    // A real app does I/O between pieces of work; the in-memory stores resolve everything
    // in microtasks, so without this no timer (the background prune among them) would run.
    await new Promise((resolve) => setImmediate(resolve));
    if (Math.floor(done / step) > Math.floor((done - chunk) / step) || done === items) {
      samples.push({ items: done, ...(await opened.measure()) });
    }
  }
  const seconds = (performance.now() - started) / 1000;
  await opened.close();
  const result = {
    store: contender.store,
    unit: contender.unit,
    retention: retention !== false,
    items,
    keep: retention ? keep : undefined,
    itemsPerSecond: Math.round(items / seconds),
    samples,
  };
  log(
    `${contender.store} ${retention ? 'with' : 'without'} retention: ${result.itemsPerSecond}/s, ${samples
      .map(
        (sample) =>
          `${Math.round(sample.bytes / 1024)} KiB${sample.keys !== undefined ? `/${sample.keys} keys` : ''}`,
      )
      .join(' → ')}`,
  );
  return result;
}

const only = process.env.BENCH_RETENTION_STORES?.split(',').map((name) => name.trim());
const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
const runId = String(process.pid);
try {
  const results = [];
  for (const contender of contenders(redis, runId)) {
    if (only && !only.includes(contender.store)) continue;
    results.push(await run(contender, RETENTION));
    results.push(await run(contender, false));
  }
  process.stdout.write(
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, items, keep, checkpoints, results }, null, 2)}\n`,
  );
} finally {
  await cleanPrefix(redis, `intbench:${runId}:`);
  redis.disconnect();
}
