// Stores benchmark: enqueue-and-process of no-op jobs on sqliteQueue and
// bullmqQueue (jobs/s) beside plain better-sqlite3 doing the same writes one by
// one (`sqlite-baseline.ts`), and redisRateLimiter acquire overhead per call.
// Run from the repository root (Redis at REDIS_URL, default redis://127.0.0.1:6379):
//   npx -y pnpm@10.34.9 --filter @int/sqlite --filter @int/redis build
//   node --import tsx bench/src/stores-queue.bench.ts
// Knobs: BENCH_JOBS (default 10000), BENCH_ACQUIRES (default 5000), BENCH_CONCURRENCY (default 16),
// BENCH_STORE_ROUNDS (default 3; every figure is reported as the median of rounds and its spread).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobQueue } from '@int/core';
import { bullmqQueue, redisRateLimiter } from '@int/redis';
import { sqliteQueue } from '@int/sqlite';
import { Redis } from 'ioredis';
import { runSqliteBaseline } from './sqlite-baseline.js';

const jobs = Number(process.env.BENCH_JOBS ?? 10_000);
const acquires = Number(process.env.BENCH_ACQUIRES ?? 5_000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

interface QueueResult {
  queue: string;
  round: number;
  enqueuePerSecond: number;
  processPerSecond: number;
  totalPerSecond: number;
}

async function measureQueue(label: string, queue: JobQueue, round: number): Promise<QueueResult> {
  const started = performance.now();
  for (let index = 0; index < jobs; index += 1) {
    await queue.enqueue('noop', { index }, { jobId: `noop-${index}`, attempts: 1 });
  }
  const enqueued = performance.now();
  let handled = 0;
  let finish!: () => void;
  const allHandled = new Promise<void>((resolve) => {
    finish = resolve;
  });
  await queue.process(
    'noop',
    async () => {
      handled += 1;
      if (handled === jobs) finish();
    },
    { concurrency },
  );
  await allHandled;
  // The last completions are written after their handlers return.
  while ((await queue.stats()).done < jobs) await new Promise((resolve) => setTimeout(resolve, 5));
  const processed = performance.now();
  const result = {
    queue: label,
    round,
    enqueuePerSecond: Math.round(jobs / ((enqueued - started) / 1000)),
    processPerSecond: Math.round(jobs / ((processed - enqueued) / 1000)),
    totalPerSecond: Math.round(jobs / ((processed - started) / 1000)),
  };
  log(`${label}: ${JSON.stringify(result)}`);
  return result;
}

async function cleanPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

const rounds = Number(process.env.BENCH_STORE_ROUNDS ?? 3);
const results: QueueResult[] = [];
const limiterRounds: Array<{ acquireMicrosPerCall: number; pingMicrosPerCall: number }> = [];
const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
const prefix = `intbench:${process.pid}:`;

try {
  for (let round = 0; round < rounds; round += 1) {
    // The three contenders in an order rotated every round, so a warm-up or a
    // neighbour's load does not always land on the same one.
    const contenders: Array<() => Promise<QueueResult>> = [
      async () => {
        const dir = mkdtempSync(join(tmpdir(), 'int-bench-sqlite-baseline-'));
        try {
          const times = runSqliteBaseline(join(dir, 'baseline.db'), jobs);
          const result = {
            queue: 'better-sqlite3 baseline',
            round,
            enqueuePerSecond: Math.round(jobs / (times.enqueueMs / 1000)),
            processPerSecond: Math.round(jobs / (times.processMs / 1000)),
            totalPerSecond: Math.round(jobs / ((times.enqueueMs + times.processMs) / 1000)),
          };
          log(`better-sqlite3 baseline: ${JSON.stringify(result)}`);
          return result;
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
      async () => {
        const dir = mkdtempSync(join(tmpdir(), 'int-bench-sqlite-'));
        try {
          const queue = sqliteQueue({ file: join(dir, 'queue.db'), pollIntervalMs: 50 });
          const result = await measureQueue('sqliteQueue', queue, round);
          await queue.close();
          return result;
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
      async () => {
        const queue = bullmqQueue({ connection: redis, prefix: `${prefix}bull${round}` });
        const result = await measureQueue('bullmqQueue', queue, round);
        await queue.close();
        return result;
      },
    ];
    for (let index = 0; index < contenders.length; index += 1) {
      results.push(await contenders[(index + round) % contenders.length]!());
    }

    // Acquire overhead: a budget that never makes a caller wait, so only the
    // script round trip is measured; PING is the floor of any Redis call.
    const pingStarted = performance.now();
    for (let index = 0; index < acquires; index += 1) await redis.ping();
    const pingMicros = ((performance.now() - pingStarted) * 1000) / acquires;
    const limiter = redisRateLimiter({
      redis,
      limit: 1_000_000_000,
      intervalMs: 1_000,
      keyPrefix: `${prefix}rl${round}:`,
    });
    (await limiter.acquire('warm-up'))();
    const acquireStarted = performance.now();
    for (let index = 0; index < acquires; index += 1) (await limiter.acquire('bench'))();
    const acquireMicros = ((performance.now() - acquireStarted) * 1000) / acquires;
    limiterRounds.push({ acquireMicrosPerCall: acquireMicros, pingMicrosPerCall: pingMicros });
    log(
      `redisRateLimiter round ${round + 1}: ${acquireMicros.toFixed(0)} µs, PING ${pingMicros.toFixed(0)} µs`,
    );
  }
  process.stdout.write(
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, jobs, concurrency, acquires, rounds, queues: results, redisRateLimiter: limiterRounds }, null, 2)}\n`,
  );
} finally {
  await cleanPrefix(redis, prefix);
  redis.disconnect();
}
