import { deflateRawSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  ApiError,
  ConnectionError,
  createHttpClient,
  NotFoundError,
  platformFetch,
  TimeoutError,
} from '../src/index.js';
import { startLocalServer } from '../src/testing/index.js';

// No MSW in this file: its interceptor would stand between the client and the
// socket, and keep-alive is a property of the real socket.
describe('the Node.js transport (node:http under ofetch)', () => {
  it('reuses one keep-alive socket for consecutive calls', async () => {
    const ports: Array<number | undefined> = [];
    const server = await startLocalServer((_request, response, socket) => {
      ports.push(socket.remotePort);
      response.setHeader('content-type', 'application/json');
      response.end('{"ok":true}');
    });
    try {
      const http = createHttpClient({ name: 'acme', baseURL: server.url });
      for (let index = 0; index < 3; index += 1) {
        expect(await http.request({ method: 'GET', path: '/v1/ping' })).toEqual({ ok: true });
      }
      expect(server.requests.map((request) => request.headers.connection)).toEqual([
        'keep-alive',
        'keep-alive',
        'keep-alive',
      ]);
      expect(new Set(ports).size).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('sends the body with its length and decodes a gzip answer', async () => {
    const server = await startLocalServer((_request, response) => {
      const payload = gzipSync(JSON.stringify({ id: 'x_1', note: 'é'.repeat(2000) }));
      response.writeHead(201, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': String(payload.length),
        'request-id': 'req_9',
      });
      response.end(payload);
    });
    try {
      const http = createHttpClient({ name: 'acme', baseURL: server.url });
      const result = await http.requestWithResponse<{ id: string; note: string }>({
        method: 'POST',
        path: '/v1/things',
        body: { name: 'ünï' },
        idempotencyKey: 'k1',
      });
      expect(result.status).toBe(201);
      expect(result.data.id).toBe('x_1');
      expect(result.data.note).toHaveLength(2000);
      expect(result.requestId).toBe('req_9');
      expect(result.headers.get('content-encoding')).toBeNull();
      const [sent] = server.requests;
      expect(sent?.method).toBe('POST');
      expect(sent?.body).toBe('{"name":"ünï"}');
      expect(sent?.headers['content-length']).toBe(String(Buffer.byteLength('{"name":"ünï"}')));
      expect(sent?.headers['content-type']).toBe('application/json');
      expect(sent?.headers['idempotency-key']).toBe('k1');
      expect(sent?.headers['accept-encoding']).toBe('gzip, deflate, br');
    } finally {
      await server.close();
    }
  });

  it('follows a same-origin redirect without credentials, and raises one to another origin', async () => {
    const other = await startLocalServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end('{"moved":true}');
    });
    const server = await startLocalServer((request, response) => {
      if (request.url === '/v1/old') {
        response.writeHead(308, { location: '/v1/new' });
        response.end();
      } else if (request.url === '/v1/new') {
        response.writeHead(307, { location: `${other.url}/v1/elsewhere` });
        response.end();
      } else {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end('{"error":"nope"}');
      }
    });
    try {
      const http = createHttpClient({
        name: 'acme',
        baseURL: server.url,
        defaultHeaders: { authorization: 'Bearer sk_secret_redirect' },
      });
      const error = (await http
        .request({ method: 'GET', path: '/v1/old' })
        .catch((caught: unknown) => caught)) as ApiError;
      expect(ApiError.isInstance(error)).toBe(true);
      expect(error.status).toBe(307);
      expect(error.message).toContain(`${other.url}/v1/elsewhere`);
      expect(server.requests.map((request) => request.url)).toEqual(['/v1/old', '/v1/new']);
      expect(server.requests.map((request) => request.headers.authorization)).toEqual([
        'Bearer sk_secret_redirect',
        undefined,
      ]);
      expect(other.requests).toHaveLength(0);
      await expect(http.request({ method: 'GET', path: '/v1/gone' })).rejects.toBeInstanceOf(
        NotFoundError,
      );
    } finally {
      await server.close();
      await other.close();
    }
  });

  it('uses a caller-supplied fetch instead when one is given', async () => {
    const server = await startLocalServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end('{"ok":true}');
    });
    try {
      const seen: string[] = [];
      const http = createHttpClient({
        name: 'acme',
        baseURL: server.url,
        fetch: (input, init) => {
          seen.push(String(input));
          return fetch(input, init);
        },
      });
      expect(await http.request({ method: 'GET', path: '/v1/ping' })).toEqual({ ok: true });
      expect(seen).toEqual([`${server.url}/v1/ping`]);
    } finally {
      await server.close();
    }
  });

  it('times an attempt out with its own timer, then serves the next call on a fresh socket', async () => {
    let calls = 0;
    const server = await startLocalServer((_request, response) => {
      calls += 1;
      const reply = () => {
        response.setHeader('content-type', 'application/json');
        response.end('{"ok":true}');
      };
      if (calls === 1) setTimeout(reply, 1_500);
      else reply();
    });
    try {
      const http = createHttpClient({ name: 'acme', baseURL: server.url, timeoutMs: 200 });
      const error = await http
        .request({ method: 'POST', path: '/v1/slow', body: {} })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).timeoutMs).toBe(200);
      expect(await http.request({ method: 'GET', path: '/v1/fast' })).toEqual({ ok: true });
      expect(server.requests.map((request) => request.url)).toEqual(['/v1/slow', '/v1/fast']);
    } finally {
      await server.close();
    }
  });

  it("stops at once on the caller's abort while the answer is pending", async () => {
    let arrived: () => void = () => {};
    const requestArrived = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const server = await startLocalServer(() => {
      arrived(); // and never answers
    });
    try {
      const http = createHttpClient({ name: 'acme', baseURL: server.url, timeoutMs: 30_000 });
      const controller = new AbortController();
      const pending = http.request({ method: 'GET', path: '/v1/hang', signal: controller.signal });
      // Abort once the request is at the server, however slow a loaded machine is to get it there.
      await requestArrived;
      controller.abort(new Error('user left'));
      // Without the abort this would wait for the 30 s timeout (past vitest's 5 s limit).
      const error = await pending.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AbortError);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('platformFetch() is the same node:http transport for providers that wrap it', async () => {
    const ports: Array<number | undefined> = [];
    const server = await startLocalServer((_request, response, socket) => {
      ports.push(socket.remotePort);
      response.setHeader('content-type', 'text/plain');
      response.end('pong');
    });
    try {
      const transport = platformFetch();
      for (let index = 0; index < 2; index += 1) {
        const response = await transport(`${server.url}/ping`, {
          method: 'POST',
          headers: { 'x-test': 'a' },
          body: 'ping',
        });
        expect(response.status).toBe(200);
        // The buffered node:http response, not undici's streaming Response.
        expect(response instanceof Response).toBe(false);
        expect(await response.text()).toBe('pong');
      }
      expect(
        server.requests.map((request) => [request.method, request.body, request.headers['x-test']]),
      ).toEqual([
        ['POST', 'ping', 'a'],
        ['POST', 'ping', 'a'],
      ]);
      // Kept alive on one socket by node:http's agent.
      expect(new Set(ports).size).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('follows redirects as fetch does: method kept but for 303 and a POST under 301/302; manual and error honoured', async () => {
    const server = await startLocalServer((request, response) => {
      const path = request.url ?? '/';
      if (path.startsWith('/moved-')) {
        const status = Number(path.slice('/moved-'.length, '/moved-'.length + 3));
        response.writeHead(status, { location: '/target' });
        response.end();
        return;
      }
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ method: request.method, body: request.body }));
    });
    try {
      const transport = platformFetch();
      const call = async (status: number, method: string, redirect?: RequestRedirect) => {
        const response = await transport(`${server.url}/moved-${status}`, {
          method,
          headers: { 'content-type': 'text/plain' },
          body: method === 'GET' || method === 'HEAD' ? undefined : 'payload',
          redirect,
        });
        return {
          status: response.status,
          data: response.status === 200 && method !== 'HEAD' ? await response.json() : undefined,
        };
      };
      expect(await call(301, 'DELETE')).toEqual({
        status: 200,
        data: { method: 'DELETE', body: 'payload' },
      });
      expect(await call(302, 'POST')).toEqual({ status: 200, data: { method: 'GET', body: '' } });
      expect(await call(303, 'PUT')).toEqual({ status: 200, data: { method: 'GET', body: '' } });
      expect(await call(307, 'POST')).toEqual({
        status: 200,
        data: { method: 'POST', body: 'payload' },
      });
      expect(await call(308, 'PATCH')).toEqual({
        status: 200,
        data: { method: 'PATCH', body: 'payload' },
      });
      expect((await call(302, 'POST', 'manual')).status).toBe(302);
      await expect(call(302, 'GET', 'error')).rejects.toThrow(TypeError);
    } finally {
      await server.close();
    }
  });

  it('rejects (never throws uncaught) on a malformed Location or an endless redirect loop', async () => {
    const server = await startLocalServer((request, response) => {
      if (request.url === '/bad') response.writeHead(302, { location: 'http://[::1' });
      else response.writeHead(302, { location: '/loop' });
      response.end();
    });
    try {
      const http = createHttpClient({
        name: 'acme',
        baseURL: server.url,
        retry: { maxRetries: 0 },
      });
      await expect(http.request({ method: 'GET', path: '/bad' })).rejects.toThrow(
        /302 \(redirect to .* not followed: the Location is not a valid URL\)/,
      );
      await expect(http.request({ method: 'GET', path: '/loop' })).rejects.toThrow(
        /302 \(redirect to .*\/loop not followed: more than 5 redirects\)/,
      );
      expect(server.requests.filter((request) => request.url === '/loop')).toHaveLength(6);
    } finally {
      await server.close();
    }
  });

  it('drops a UTF-8 BOM like fetch, decodes stacked codings and keeps an unknown coding as it came', async () => {
    const server = await startLocalServer((request, response) => {
      if (request.url === '/bom') {
        response.setHeader('content-type', 'application/json');
        response.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]));
      } else if (request.url === '/stacked') {
        response.setHeader('content-encoding', 'deflate, gzip');
        response.end(gzipSync(deflateRawSync('{"b":2}')));
      } else {
        response.setHeader('content-encoding', 'zstd');
        response.end('not really zstd');
      }
    });
    try {
      const http = createHttpClient({ name: 'acme', baseURL: server.url });
      expect(await http.request({ method: 'GET', path: '/bom' })).toEqual({ a: 1 });
      expect(await http.request({ method: 'GET', path: '/stacked' })).toEqual({ b: 2 });
      const unknown = await platformFetch()(`${server.url}/zstd`);
      expect(unknown.headers.get('content-encoding')).toBe('zstd');
      expect(await unknown.text()).toBe('not really zstd');
    } finally {
      await server.close();
    }
  });

  it('lets a slow answer take longer than the idle timeout, then closes the socket once idle in the pool', async () => {
    let closedAt: number | undefined;
    const server = await startLocalServer((_request, response, socket) => {
      // 'end' is the client's FIN: only the client closing the socket counts.
      socket.once('end', () => {
        closedAt = Date.now();
      });
      // Node's server would close idle keep-alive sockets itself after 5 s; not here.
      response.once('finish', () => setImmediate(() => socket.setTimeout(0)));
      // Longer than the 4 s idle timeout: a timer armed during requests would cut it.
      setTimeout(() => {
        response.setHeader('content-type', 'application/json');
        response.end('{"slow":true}');
      }, 4_500);
    });
    try {
      const http = createHttpClient({ name: 'acme', baseURL: server.url, timeoutMs: 10_000 });
      expect(await http.request({ method: 'GET', path: '/v1/slow' })).toEqual({ slow: true });
      const answeredAt = Date.now();
      expect(closedAt).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      // The client closed its idle pooled socket.
      expect(closedAt).toBeDefined();
      expect((closedAt ?? 0) - answeredAt).toBeGreaterThanOrEqual(3_900);
    } finally {
      await server.close();
    }
  }, 20_000);
});
