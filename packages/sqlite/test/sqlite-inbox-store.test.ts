import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createWebhookInbox,
  type InboxEvent,
  signStandardWebhook,
  standardWebhookVerifier,
} from '@int/core';
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

const event = (eventId: string): InboxEvent => ({
  provider: 'stripe',
  eventId,
  type: 'charge.refunded',
  payload: { id: eventId, object: 'event', amount: 9_007_199_254_740_991 },
  rawBody: '{"id":"evt_1","object":"event"}',
  headers: { 'stripe-signature': '[REDACTED]' },
  state: 'received',
  attempts: 0,
  receivedAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
});

describe('sqliteInboxStore', () => {
  it('stores the raw event once per provider + id, patches it, and lists newest first', async () => {
    const store = sqliteInboxStore({ file: tempFile() });
    expect(await store.insertIfAbsent(event('evt_1'))).toBe(true);
    expect(await store.insertIfAbsent({ ...event('evt_1'), rawBody: 'redelivered' })).toBe(false);
    expect(
      await store.insertIfAbsent({
        ...event('evt_1'),
        provider: 'hubspot',
        receivedAt: 1_700_000_000_001,
      }),
    ).toBe(true);
    expect(await store.get('stripe', 'evt_1')).toEqual(event('evt_1'));
    const failed = await store.update('stripe', 'evt_1', {
      state: 'failed',
      attempts: 1,
      error: { name: 'Error', message: 'handler broke' },
      updatedAt: 1_700_000_000_500,
    });
    expect(failed).toMatchObject({
      state: 'failed',
      attempts: 1,
      error: { message: 'handler broke' },
    });
    const processed = await store.update('stripe', 'evt_1', {
      state: 'processed',
      error: undefined,
      processedAt: 1_700_000_000_900,
      updatedAt: 1_700_000_000_900,
    });
    expect(processed).toMatchObject({
      state: 'processed',
      attempts: 1,
      processedAt: 1_700_000_000_900,
    });
    expect(processed?.error).toBeUndefined();
    expect(
      await store.update('stripe', 'missing', { state: 'ignored', updatedAt: 1 }),
    ).toBeUndefined();
    expect((await store.list()).map((entry) => entry.provider)).toEqual(['hubspot', 'stripe']);
    expect((await store.list({ state: 'processed' })).map((entry) => entry.eventId)).toEqual([
      'evt_1',
    ]);
    expect(await store.list({ provider: 'hubspot', eventId: 'evt_1', limit: 5 })).toHaveLength(1);
    expect(await store.get('stripe', 'missing')).toBeUndefined();
    store.close();
  });

  it('one event delivered to 4 processes at once becomes one job (core webhook inbox)', async () => {
    const file = tempFile();
    // Schema exists before the race, as in an app that opened its stores at boot.
    const store = sqliteInboxStore({ file });
    const queue = sqliteQueue({ file });
    const secret = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
    const body = JSON.stringify({ type: 'order.paid', data: { order: 'o_1' } });
    const headers = await signStandardWebhook({ id: 'msg_race', payload: body, secret });
    const workers = Array.from({ length: 4 }, () =>
      startWorker('inbox-worker', [file, secret, body, JSON.stringify(headers)]),
    );
    await Promise.all(workers.map((worker) => worker.message('ready')));
    for (const worker of workers) worker.send('go');
    const results = await Promise.all(
      workers.map((worker) => worker.message<{ status: string }>('status')),
    );
    expect(results.map((result) => result.status).sort()).toEqual([
      'accepted',
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    const jobs = await queue.list();
    expect(jobs.map((job) => job.id)).toEqual(['acme:msg_race']);
    expect(await store.list()).toHaveLength(1);
    expect(await store.get('acme', 'msg_race')).toMatchObject({
      type: 'order.paid',
      rawBody: body,
    });
    // The winner's job runs here through the same inbox: the event ends processed.
    const handled: string[] = [];
    const inbox = createWebhookInbox({
      queue,
      store,
      verifiers: { acme: standardWebhookVerifier(secret, { provider: 'acme' }) },
      handlers: { acme: { 'order.paid': (event) => void handled.push(event.id) } },
    });
    await inbox.start();
    const deadline = Date.now() + 10_000;
    // The job's outcome is written with its worker's next group of writes, just after the handler.
    while (
      ((await store.get('acme', 'msg_race'))?.state !== 'processed' ||
        (await queue.get('acme:msg_race'))?.state !== 'done') &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(handled).toEqual(['msg_race']);
    expect((await queue.get('acme:msg_race'))?.state).toBe('done');
    await Promise.all(workers.map((worker) => worker.exited));
    store.close();
    await queue.close();
  }, 30_000);
});
