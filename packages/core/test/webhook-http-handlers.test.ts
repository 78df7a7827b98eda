import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryQueue } from '../src/jobs/memory-queue.js';
import { captureLogger, createTestClock, startLocalServer } from '../src/testing/index.js';
import { type InboxStore, memoryInboxStore } from '../src/webhooks/inbox-store.js';
import {
  createNodeWebhookHandler,
  createWebhookRequestHandler,
} from '../src/webhooks/webhook-http-handlers.js';
import { createWebhookInbox } from '../src/webhooks/webhook-inbox.js';
import { standardWebhookVerifier } from '../src/webhooks/webhook-verifier.js';
import { deferred, SECRET, settle, signedDelivery } from './webhook-test-kit.js';

function setup(store: InboxStore = memoryInboxStore()) {
  const clock = createTestClock({ mode: 'manual' });
  const queue = memoryQueue({ clock });
  const logger = captureLogger();
  const inbox = createWebhookInbox({
    queue,
    store,
    logger,
    verifiers: { acme: standardWebhookVerifier(SECRET, { now: clock.now }) },
    handlers: { acme: { 'order.paid': () => {} } },
  });
  return { clock, queue, store, inbox, logger };
}

/** A store whose insert waits for `release()` or fails, to see when the answer goes out. */
function gatedStore(behaviour: 'slow' | 'failing') {
  const inner = memoryInboxStore();
  const gate = deferred();
  const entered = deferred();
  let stored = false;
  const store: InboxStore = {
    ...inner,
    async insertIfAbsent(event) {
      if (behaviour === 'failing') throw new Error('disk full');
      entered.resolve();
      await gate.promise;
      stored = await inner.insertIfAbsent(event);
      return stored;
    },
  };
  return { store, release: () => gate.resolve(), isStored: () => stored, entered: entered.promise };
}

describe('createWebhookRequestHandler (web Request)', () => {
  it('answers 200 once the event is stored', async () => {
    const { clock, store, inbox } = setup();
    const handler = createWebhookRequestHandler(inbox, 'acme');
    const delivery = await signedDelivery(clock, 'evt_1', { type: 'order.paid' });
    const response = await handler(
      new Request('https://app.test/webhooks/acme', {
        method: 'POST',
        body: delivery.rawBody,
        headers: delivery.headers,
      }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, status: 'accepted' });
    expect((await store.get('acme', 'evt_1'))?.rawBody).toBe(delivery.rawBody);
    const again = await handler(
      new Request('https://app.test/webhooks/acme', {
        method: 'POST',
        body: delivery.rawBody,
        headers: delivery.headers,
      }),
    );
    expect(await again.json()).toEqual({ received: true, status: 'duplicate' });
  });

  it('answers 400 with the reason on a bad signature, storing nothing', async () => {
    const { clock, store, inbox, logger } = setup();
    const handler = createWebhookRequestHandler(inbox, 'acme', { logger });
    const delivery = await signedDelivery(clock, 'evt_2', {
      type: 'order.paid',
      secret: 'abc123xyz',
    });
    const response = await handler(
      new Request('https://app.test/hook', {
        method: 'POST',
        body: `${delivery.rawBody} `,
        headers: delivery.headers,
      }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_signature',
      reason: 'no_matching_signature',
    });
    expect(await store.list()).toEqual([]);
    expect(logger.text()).not.toContain('abc123xyz');
    const missing = await handler(
      new Request('https://app.test/hook', { method: 'POST', body: delivery.rawBody }),
    );
    expect(await missing.json()).toEqual({ error: 'invalid_signature', reason: 'missing_header' });
  });

  it('answers 413 over the size limit and 405 for other methods', async () => {
    const { clock, inbox } = setup();
    const handler = createWebhookRequestHandler(inbox, 'acme', { maxBodyBytes: 64 });
    const delivery = await signedDelivery(clock, 'evt_3', {
      type: 'order.paid',
      padding: 'x'.repeat(100),
    });
    const response = await handler(
      new Request('https://app.test/hook', {
        method: 'POST',
        body: delivery.rawBody,
        headers: delivery.headers,
      }),
    );
    expect(response.status).toBe(413);
    expect((await handler(new Request('https://app.test/hook'))).status).toBe(405);
  });

  it('does not answer before a slow store has stored the event', async () => {
    const gated = gatedStore('slow');
    const { clock, inbox } = setup(gated.store);
    const handler = createWebhookRequestHandler(inbox, 'acme');
    const delivery = await signedDelivery(clock, 'evt_4', { type: 'order.paid' });
    let answered = false;
    const pending = handler(
      new Request('https://app.test/hook', {
        method: 'POST',
        body: delivery.rawBody,
        headers: delivery.headers,
      }),
    ).then((response) => {
      answered = true;
      expect(gated.isStored()).toBe(true);
      return response;
    });
    for (let index = 0; index < 10; index++) await settle();
    expect(answered).toBe(false);
    gated.release();
    expect((await pending).status).toBe(200);
  });

  it('answers 500, never 2xx, when the store fails', async () => {
    const { clock, inbox, logger } = setup(gatedStore('failing').store);
    const handler = createWebhookRequestHandler(inbox, 'acme', { logger });
    const delivery = await signedDelivery(clock, 'evt_5', { type: 'order.paid' });
    const response = await handler(
      new Request('https://app.test/hook', {
        method: 'POST',
        body: delivery.rawBody,
        headers: delivery.headers,
      }),
    );
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'internal_error' });
    expect(logger.lines.some((line) => line.level === 'error')).toBe(true);
  });
});

describe('createNodeWebhookHandler (real node:http server)', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (closers.length > 0) await closers.pop()?.();
  });

  async function serve(
    handler: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
  ) {
    const server = createServer((request, response) => {
      void handler(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('answers 200 after storing, 400 on a bad signature, 413 over the limit', async () => {
    const { clock, store, inbox } = setup();
    const url = await serve(createNodeWebhookHandler(inbox, 'acme', { maxBodyBytes: 256 }));
    const delivery = await signedDelivery(clock, 'evt_6', { type: 'order.paid' });
    const ok = await fetch(url, {
      method: 'POST',
      body: delivery.rawBody,
      headers: delivery.headers,
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ received: true, status: 'accepted' });
    expect((await store.get('acme', 'evt_6'))?.state).toBe('received');

    const bad = await fetch(url, {
      method: 'POST',
      body: delivery.rawBody.replace('paid', 'Paid'),
      headers: delivery.headers,
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: 'invalid_signature',
      reason: 'no_matching_signature',
    });

    const big = await signedDelivery(clock, 'evt_7', {
      type: 'order.paid',
      padding: 'x'.repeat(1_000),
    });
    const tooLarge = await fetch(url, { method: 'POST', body: big.rawBody, headers: big.headers });
    expect(tooLarge.status).toBe(413);
    expect(await store.get('acme', 'evt_7')).toBeUndefined();
  });

  it('answers 500 when the store fails, and never before a slow store is done', async () => {
    const failing = setup(gatedStore('failing').store);
    const failingUrl = await serve(createNodeWebhookHandler(failing.inbox, 'acme'));
    const delivery = await signedDelivery(failing.clock, 'evt_8', { type: 'order.paid' });
    const failed = await fetch(failingUrl, {
      method: 'POST',
      body: delivery.rawBody,
      headers: delivery.headers,
    });
    expect(failed.status).toBe(500);

    const gated = gatedStore('slow');
    const slow = setup(gated.store);
    const slowUrl = await serve(createNodeWebhookHandler(slow.inbox, 'acme'));
    let answered = false;
    const pending = fetch(slowUrl, {
      method: 'POST',
      body: delivery.rawBody,
      headers: delivery.headers,
    }).then((response) => {
      answered = true;
      return response;
    });
    await gated.entered;
    for (let index = 0; index < 10; index++) await settle();
    expect(answered).toBe(false);
    gated.release();
    const response = await pending;
    expect(response.status).toBe(200);
    expect(gated.isStored()).toBe(true);
  });

  it('works behind a server that already read the body (startLocalServer, like express.raw)', async () => {
    const { clock, store, inbox } = setup();
    const handler = createNodeWebhookHandler(inbox, 'acme');
    const server = await startLocalServer((request, response) => handler(request, response));
    closers.push(() => server.close());
    const delivery = await signedDelivery(clock, 'evt_9', { type: 'order.paid' });
    const response = await fetch(`${server.url}/hooks/acme`, {
      method: 'POST',
      body: delivery.rawBody,
      headers: delivery.headers,
    });
    expect(response.status).toBe(200);
    expect((await store.get('acme', 'evt_9'))?.rawBody).toBe(delivery.rawBody);
  });

  it('answers 500 with a clear log when a JSON body parser ran first', async () => {
    const { clock, inbox, logger } = setup();
    const handler = createNodeWebhookHandler(inbox, 'acme', { logger });
    // What express.json() leaves behind: the body parsed into an object.
    const url = await serve(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      await handler(
        Object.assign(request, { body: JSON.parse(Buffer.concat(chunks).toString()) }),
        response,
      );
    });
    const delivery = await signedDelivery(clock, 'evt_10', { type: 'order.paid' });
    const response = await fetch(url, {
      method: 'POST',
      body: delivery.rawBody,
      headers: delivery.headers,
    });
    expect(response.status).toBe(500);
    expect(logger.text()).toContain('express.raw');
  });
});
