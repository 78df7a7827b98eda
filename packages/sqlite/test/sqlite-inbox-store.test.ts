import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteInboxStore, sqliteQueue } from '../src/index.js';
import { startWorker } from './children.js';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'int-sqlite-inbox-'));
  dirs.push(dir);
  return join(dir, 'app.db');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const event = (eventId: string) => ({
  provider: 'stripe',
  eventId,
  type: 'charge.refunded',
  rawBody: '{"id":"evt_1","object":"event"}',
  headers: { 'stripe-signature': 't=1,v1=abc' },
  receivedAt: 1_700_000_000_000,
});

describe('sqliteInboxStore', () => {
  it('stores the raw event once per provider + id and tracks its status', async () => {
    const store = sqliteInboxStore({ file: tempFile() });
    expect(await store.put(event('evt_1'))).toBe(true);
    expect(await store.put({ ...event('evt_1'), rawBody: 'redelivered' })).toBe(false);
    expect(await store.put({ ...event('evt_1'), provider: 'hubspot' })).toBe(true);
    const record = await store.get('stripe', 'evt_1');
    expect(record).toMatchObject({ ...event('evt_1'), status: 'received' });
    await store.mark('stripe', 'evt_1', 'unknown', 'no handler for charge.refunded');
    expect(await store.get('stripe', 'evt_1')).toMatchObject({
      status: 'unknown',
      error: 'no handler for charge.refunded',
    });
    expect((await store.list({ status: 'unknown' })).map((entry) => entry.eventId)).toEqual([
      'evt_1',
    ]);
    expect(await store.list()).toHaveLength(2);
    expect(await store.get('stripe', 'missing')).toBeUndefined();
    store.close();
  });

  it('one event delivered to 4 processes at once becomes one job', async () => {
    const file = tempFile();
    // Schema exists before the race, as in an app that opened its stores at boot.
    const store = sqliteInboxStore({ file });
    const queue = sqliteQueue({ file });
    const workers = Array.from({ length: 4 }, () =>
      startWorker('inbox-worker', [file, 'evt_race']),
    );
    await Promise.all(workers.map((worker) => worker.message('ready')));
    for (const worker of workers) worker.send('go');
    const results = await Promise.all(
      workers.map((worker) => worker.message<{ stored: boolean }>('stored')),
    );
    expect(results.filter((result) => result.stored)).toHaveLength(1);
    const jobs = await queue.list();
    expect(jobs.map((job) => job.id)).toEqual(['stripe:evt_race']);
    expect(await store.list()).toHaveLength(1);
    expect((await store.get('stripe', 'evt_race'))?.status).toBe('queued');
    await Promise.all(workers.map((worker) => worker.exited));
    store.close();
    await queue.close();
  }, 30_000);
});
