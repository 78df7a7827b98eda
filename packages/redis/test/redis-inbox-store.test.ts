import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bullmqQueue, redisInboxStore } from '../src/index.js';
import { startWorker } from './children.js';
import { cleanPrefix, connect, REDIS_URL, redisSkipReason, testPrefix } from './redis.js';

const skip = await redisSkipReason();

const event = (eventId: string) => ({
  provider: 'stripe',
  eventId,
  type: 'charge.refunded',
  rawBody: '{"id":"evt_1","object":"event"}',
  headers: { 'stripe-signature': 't=1,v1=abc' },
  receivedAt: 1_700_000_000_000,
});

describe.skipIf(skip)('redisInboxStore', () => {
  let redis: Redis;
  const prefixes: string[] = [];
  const prefix = (label: string) => {
    const value = testPrefix(label);
    prefixes.push(value);
    return value;
  };
  beforeAll(() => {
    redis = connect();
  });
  afterEach(async () => {
    for (const value of prefixes.splice(0)) await cleanPrefix(redis, value);
  });
  afterAll(() => redis.disconnect());

  it('stores the raw event once per provider + id and tracks its status', async () => {
    const store = redisInboxStore({ redis, keyPrefix: prefix('inbox') });
    expect(await store.put(event('evt_1'))).toBe(true);
    expect(await store.put({ ...event('evt_1'), rawBody: 'redelivered' })).toBe(false);
    expect(await store.put({ ...event('evt_1'), provider: 'hubspot' })).toBe(true);
    expect(await store.get('stripe', 'evt_1')).toMatchObject({
      ...event('evt_1'),
      status: 'received',
    });
    await store.mark('stripe', 'evt_1', 'unknown', 'no handler for charge.refunded');
    expect(await store.get('stripe', 'evt_1')).toMatchObject({
      status: 'unknown',
      error: 'no handler for charge.refunded',
      rawBody: '{"id":"evt_1","object":"event"}',
    });
    expect((await store.list({ status: 'unknown' })).map((entry) => entry.eventId)).toEqual([
      'evt_1',
    ]);
    expect(await store.list()).toHaveLength(2);
    expect(await store.get('stripe', 'missing')).toBeUndefined();
  });

  it('one event delivered to 4 processes at once becomes one job', async () => {
    const keyPrefix = prefix('race');
    const workers = Array.from({ length: 4 }, () =>
      startWorker('inbox-worker', [REDIS_URL, keyPrefix, 'evt_race']),
    );
    await Promise.all(workers.map((worker) => worker.message('ready')));
    for (const worker of workers) worker.send('go');
    const results = await Promise.all(
      workers.map((worker) => worker.message<{ stored: boolean }>('stored')),
    );
    expect(results.filter((result) => result.stored)).toHaveLength(1);
    await Promise.all(workers.map((worker) => worker.exited));
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = bullmqQueue({ connection, prefix: `${keyPrefix}bull` });
    const store = redisInboxStore({ redis, keyPrefix: `${keyPrefix}inbox:` });
    expect((await queue.list()).map((job) => job.id)).toEqual(['stripe:evt_race']);
    expect(await queue.stats()).toMatchObject({ pending: 1 });
    expect(await store.list()).toHaveLength(1);
    expect((await store.get('stripe', 'evt_race'))?.status).toBe('queued');
    await queue.close();
    connection.disconnect();
  }, 30_000);
});
