import { readFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  createHttpClient,
  IntegrationError,
  ResponseTooLargeError,
} from '../src/index.js';
import { startLocalServer } from '../src/testing/index.js';

// Issue 15, point 1. No MSW here: the limit is a property of the real transports.
const bomb = JSON.parse(
  readFileSync(new URL('../__fixtures__/brotli-bomb-1gib.json', import.meta.url), 'utf8'),
) as { bodyBase64: string; expandsToBytes: number };
const BOMB = Buffer.from(bomb.bodyBase64, 'base64');
const DEFAULT_LIMIT = 33_554_432;
const MiB = 1024 * 1024;

/** Largest growth of rss and of ArrayBuffer memory while `run` is pending, sampled every 2 ms. */
async function peakGrowth<T>(
  run: () => Promise<T>,
): Promise<{ result: T; rss: number; buffers: number }> {
  const start = process.memoryUsage();
  let rss = 0;
  let buffers = 0;
  const sample = () => {
    const now = process.memoryUsage();
    rss = Math.max(rss, now.rss - start.rss);
    buffers = Math.max(buffers, now.arrayBuffers - start.arrayBuffers);
  };
  const timer = setInterval(sample, 2);
  try {
    const result = await run();
    sample();
    return { result, rss, buffers };
  } finally {
    clearInterval(timer);
  }
}

function bombServer() {
  return startLocalServer((_request, response) => {
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-encoding': 'br',
      'content-length': String(BOMB.length),
    });
    response.end(BOMB);
  });
}

describe('maxResponseBytes (issue 15, point 1)', () => {
  it('the fixture is a real bomb: 809 bytes declared to expand to 1 GiB', () => {
    expect(BOMB.length).toBeLessThan(1024);
    expect(bomb.expandsToBytes).toBe(2 ** 30);
  });

  for (const transport of ['node:http transport', 'fetch path (global fetch)'] as const) {
    it(`${transport}: a brotli bomb fails with ResponseTooLargeError, once, and memory stays near the limit`, async () => {
      const server = await bombServer();
      try {
        const http = createHttpClient({
          name: 'acme',
          baseURL: server.url,
          ...(transport === 'fetch path (global fetch)'
            ? { fetch: (input, init) => globalThis.fetch(input, init) }
            : {}),
        });
        const {
          result: error,
          rss,
          buffers,
        } = await peakGrowth(() =>
          http.request({ method: 'GET', path: '/v1/labels' }).catch((caught: unknown) => caught),
        );
        expect(ResponseTooLargeError.isInstance(error)).toBe(true);
        expect(error).toBeInstanceOf(IntegrationError);
        const tooLarge = error as ResponseTooLargeError;
        expect(tooLarge.name).toBe('ResponseTooLargeError');
        expect(tooLarge.retryable).toBe(false);
        expect(tooLarge.limitBytes).toBe(DEFAULT_LIMIT);
        expect(tooLarge.provider).toBe('acme');
        expect(tooLarge.message).toContain(String(DEFAULT_LIMIT));
        expect(tooLarge.message).toContain('maxResponseBytes');
        // Default retries are on: a non-retryable error means one request only.
        expect(server.requests).toHaveLength(1);
        // A loose memory bound (not a timing assertion): the 1 GiB never materialises.
        expect(rss).toBeLessThan(DEFAULT_LIMIT + 200 * MiB);
        expect(buffers).toBeLessThan(DEFAULT_LIMIT + 200 * MiB);
      } finally {
        await server.close();
      }
    });
  }

  it('a plain body past the limit is cut off while streaming, not read whole (300 MB offered)', async () => {
    const offered = 300 * 1000 * 1000;
    let written = 0;
    const server = await startLocalServer(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let closed = false;
      response.on('close', () => {
        closed = true;
      });
      while (written < offered && !closed) {
        written += chunk.length;
        if (!response.write(chunk)) {
          await new Promise<void>((resolve) => {
            const done = () => {
              response.off('drain', done);
              response.off('close', done);
              resolve();
            };
            response.on('drain', done);
            response.on('close', done);
          });
        }
      }
      if (!closed) response.end();
    });
    try {
      const http = createHttpClient({ name: 'acme', baseURL: server.url });
      const error = await http
        .request({ method: 'GET', path: '/v1/export', maxResponseBytes: MiB })
        .catch((caught: unknown) => caught);
      expect(ResponseTooLargeError.isInstance(error)).toBe(true);
      expect((error as ResponseTooLargeError).limitBytes).toBe(MiB);
      expect((error as Error).message).toContain(`larger than ${MiB} bytes (maxResponseBytes)`);
      expect(server.requests).toHaveLength(1);
      // The server was stopped long before it could hand over everything.
      expect(written).toBeLessThan(offered);
    } finally {
      await server.close();
    }
  });

  it('a Content-Length past the limit fails before the body is read; the fetch path too', async () => {
    const server = await startLocalServer((_request, response) => {
      // Declares 100 MB, sends a little and leaves the rest pending.
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(100 * MiB),
      });
      response.write('{"a":');
    });
    try {
      for (const fetch of [
        undefined,
        (input: string | URL | Request, init?: RequestInit) => globalThis.fetch(input, init),
      ]) {
        const http = createHttpClient({
          name: 'acme',
          baseURL: server.url,
          maxResponseBytes: 10 * MiB,
          fetch,
          retry: { maxRetries: 0 },
        });
        const error = await http
          .request({ method: 'GET', path: '/v1/x' })
          .catch((caught) => caught);
        expect(ResponseTooLargeError.isInstance(error)).toBe(true);
        expect((error as ResponseTooLargeError).limitBytes).toBe(10 * MiB);
      }
    } finally {
      await server.close();
    }
  });

  it('an error answer past the limit fails the same way, without retry', async () => {
    const big = gzipSync(Buffer.alloc(4 * MiB, 0x61));
    const server = await startLocalServer((_request, response) => {
      response.writeHead(503, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      response.end(big);
    });
    try {
      const http = createHttpClient({ name: 'acme', baseURL: server.url, maxResponseBytes: MiB });
      const error = await http.request({ method: 'GET', path: '/v1/x' }).catch((caught) => caught);
      expect(ResponseTooLargeError.isInstance(error)).toBe(true);
      // 503 is retried by default; a body too large is not.
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('answers up to the limit pass, decoded; a request may raise or lower the client limit', async () => {
    const payload = JSON.stringify({ data: 'x'.repeat(MiB - 20) });
    const compressed = brotliCompressSync(payload);
    const server = await startLocalServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'br' });
      response.end(compressed);
    });
    try {
      for (const fetch of [
        undefined,
        (input: string | URL | Request, init?: RequestInit) => globalThis.fetch(input, init),
      ]) {
        const http = createHttpClient({
          name: 'acme',
          baseURL: server.url,
          maxResponseBytes: MiB,
          fetch,
          retry: { maxRetries: 0 },
        });
        const ok = await http.request<{ data: string }>({ method: 'GET', path: '/v1/x' });
        expect(ok.data).toHaveLength(MiB - 20);
        const lowered = await http
          .request({ method: 'GET', path: '/v1/x', maxResponseBytes: 1000 })
          .catch((caught) => caught);
        expect(ResponseTooLargeError.isInstance(lowered)).toBe(true);
        expect((lowered as ResponseTooLargeError).limitBytes).toBe(1000);
        const strict = createHttpClient({
          name: 'acme',
          baseURL: server.url,
          maxResponseBytes: 1000,
          fetch,
        });
        const raised = await strict.request<{ data: string }>({
          method: 'GET',
          path: '/v1/x',
          maxResponseBytes: 2 * MiB,
        });
        expect(raised.data).toHaveLength(MiB - 20);
      }
    } finally {
      await server.close();
    }
  });

  it('a limit that is not a positive whole number is a ConfigurationError naming the option', async () => {
    for (const value of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1000']) {
      expect(() =>
        createHttpClient({
          name: 'acme',
          baseURL: 'https://api.acme.test',
          maxResponseBytes: value as number,
        }),
      ).toThrow(ConfigurationError);
    }
    const http = createHttpClient({ name: 'acme', baseURL: 'https://api.acme.test' });
    const error = await http
      .request({ method: 'GET', path: '/v1/x', maxResponseBytes: -5 })
      .catch((caught) => caught);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as ConfigurationError).option).toBe('maxResponseBytes');
  });
});
