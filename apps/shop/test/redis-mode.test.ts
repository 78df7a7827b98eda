import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { openDatabase } from '@int/sqlite';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { ORDER_BODY, postOrder, startTestShop, type TestShop, waitForStatus } from './helpers.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisAnswers(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch (error) {
    // CI starts Redis and sets REQUIRE_REDIS=1: there a missing Redis is a failure.
    if (process.env.REQUIRE_REDIS === '1') throw error;
    return false;
  } finally {
    probe.disconnect();
  }
}

const available = await redisAnswers();
let running: TestShop | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe.skipIf(!available)('REDIS_URL', () => {
  it('moves queue, inbox and tokens to Redis while orders stay in SQLite', async () => {
    const prefix = `inttest:shop:${randomUUID().slice(0, 8)}`;
    running = await startTestShop({ env: { REDIS_URL, SHOP_REDIS_PREFIX: prefix } });
    const { shop, sandbox } = running;
    expect(shop.context.backendKind).toBe('redis');
    const id = ((await postOrder(shop.url, ORDER_BODY)).json.order as { id: string }).id;
    await waitForStatus(shop.url, id, 'completed');
    const seen = sandbox.inspect();
    expect(seen.fedex.shipments + seen.ups.shipments).toBe(1);

    const redis = new Redis(REDIS_URL);
    try {
      const keys = await redis.keys(`${prefix}:*`);
      expect(keys.some((key) => key.startsWith(`${prefix}:jobs:ship-order`))).toBe(true);
      expect(keys.some((key) => key.startsWith(`${prefix}:inbox`))).toBe(true);
      expect(keys.some((key) => key.startsWith(`${prefix}:tokens`))).toBe(true);
      // The jobs and inbox pages read Redis.
      const jobs = (await (await fetch(`${shop.url}/api/jobs`)).json()) as {
        jobs: Array<{ id: string; state: string }>;
      };
      expect(jobs.jobs.find((job) => job.id === `sync-crm:${id}`)?.state).toBe('done');
      // The SQLite file holds the shop's own tables only.
      const db = openDatabase({ file: join(running.dataDir, 'shop.db') });
      const tables = (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{
          name: string;
        }>
      ).map((row) => row.name);
      db.close();
      expect(tables).toContain('shop_orders');
      expect(tables).not.toContain('int_jobs');
      expect(tables).not.toContain('int_inbox');
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  });
});
