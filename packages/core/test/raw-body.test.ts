import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError, type WebhookVerificationError } from '../src/errors.js';
import { startLocalServer } from '../src/testing/index.js';
import { DEFAULT_MAX_BODY_BYTES, readNodeRawBody, readRawBody } from '../src/webhooks/raw-body.js';

describe('readRawBody (web Request)', () => {
  it('returns the exact bytes', async () => {
    const body = new Uint8Array([123, 0, 255, 34]);
    const bytes = await readRawBody(new Request('http://local/hook', { method: 'POST', body }));
    expect([...bytes]).toEqual([...body]);
    expect(DEFAULT_MAX_BODY_BYTES).toBe(1_048_576);
  });

  it('refuses a declared Content-Length over the limit before reading', async () => {
    const request = new Request('http://local/hook', {
      method: 'POST',
      body: 'x'.repeat(20),
      headers: { 'content-length': '20' },
    });
    await expect(readRawBody(request, { maxBytes: 10 })).rejects.toBeInstanceOf(
      PayloadTooLargeError,
    );
  });

  it('stops a streamed body as soon as it passes the limit', async () => {
    let cancelled = false;
    let pulls = 0;
    const request = new Request('http://local/hook', {
      method: 'POST',
      // An endless stream: only stopping at the limit lets this finish.
      body: new ReadableStream<Uint8Array>({
        pull(controller) {
          pulls += 1;
          controller.enqueue(new Uint8Array(6));
        },
        cancel() {
          cancelled = true;
        },
      }),
      duplex: 'half',
    } as RequestInit);
    const error = await readRawBody(request, { maxBytes: 10 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect((error as PayloadTooLargeError).limitBytes).toBe(10);
    expect(cancelled).toBe(true);
    expect(pulls).toBeLessThan(5);
  });

  it('says so when the body was already read', async () => {
    const request = new Request('http://local/hook', { method: 'POST', body: '{}' });
    await request.text();
    const error = (await readRawBody(request).catch(
      (caught: unknown) => caught,
    )) as WebhookVerificationError;
    expect(error.reason).toBe('payload_not_raw');
  });
});

describe('readNodeRawBody (IncomingMessage)', () => {
  async function withServer(onRequest: (request: IncomingMessage) => Promise<unknown>) {
    const results: unknown[] = [];
    const server = createServer((request, response) => {
      onRequest(request).then(
        (value) => {
          results.push(value);
          response.end('ok');
        },
        (error: unknown) => {
          results.push(error);
          response.statusCode = 413;
          response.setHeader('connection', 'close');
          response.end('too large');
        },
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const send = (body: Uint8Array, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve, reject) => {
        const request = httpRequest(
          { host: '127.0.0.1', port, method: 'POST', path: '/', headers },
          (response) => {
            response.resume();
            response.on('end', () => resolve(response.statusCode ?? 0));
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    return {
      results,
      send,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  it('reads the exact bytes from a real request', async () => {
    const server = await withServer((request) => readNodeRawBody(request));
    const body = new Uint8Array([1, 2, 3, 250]);
    expect(await server.send(body)).toBe(200);
    expect([...(server.results[0] as Uint8Array)]).toEqual([1, 2, 3, 250]);
    await server.close();
  });

  it('answers 413 for a body over the limit, declared or chunked', async () => {
    const server = await withServer((request) => readNodeRawBody(request, { maxBytes: 1_000 }));
    expect(await server.send(new Uint8Array(5_000))).toBe(413);
    expect(await server.send(new Uint8Array(5_000), { 'transfer-encoding': 'chunked' })).toBe(413);
    expect(server.results.every((result) => result instanceof PayloadTooLargeError)).toBe(true);
    await server.close();
  });

  it('uses a body already read by express.raw() and refuses one parsed by express.json()', async () => {
    const raw = await readNodeRawBody({
      headers: {},
      body: Buffer.from('{"a":1}'),
      on: () => undefined,
    });
    expect(new TextDecoder().decode(raw)).toBe('{"a":1}');
    const error = (await readNodeRawBody({
      headers: {},
      body: { a: 1 },
      on: () => undefined,
    }).catch((caught: unknown) => caught)) as WebhookVerificationError;
    expect(error.reason).toBe('payload_not_raw');
    expect(error.message).toContain('express.raw({ type: "application/json" })');
  });

  it('works with the shared local test server', async () => {
    const server = await startLocalServer((request, response) => {
      response.end(String(request.body.length));
    });
    const response = await fetch(`${server.url}/hook`, { method: 'POST', body: 'hello' });
    expect(await response.text()).toBe('5');
    await server.close();
  });
});
