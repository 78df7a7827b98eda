import { createHash, createHmac } from 'node:crypto';
import { EventEmitter } from 'node:events';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as nodePlatform from '../src/platform/node-platform.js';
import * as webPlatform from '../src/platform/web-platform.js';

/** Fresh copies of the adapter modules, so their once-per-process detection runs again. */
async function freshModules() {
  vi.resetModules();
  const node = await import('../src/platform/node-platform.js');
  const version = await import('../src/version.js');
  return { node, version };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  vi.resetModules();
});

describe('the two adapters agree', () => {
  it('HMAC bytes and text, and hashes, equal node:crypto on both (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ minLength: 1 }), fc.uint8Array({ minLength: 1, maxLength: 80 })),
        fc.oneof(fc.string(), fc.uint8Array({ maxLength: 300 })),
        fc.constantFrom('sha256' as const, 'sha512' as const),
        fc.constantFrom('hex' as const, 'base64' as const),
        async (secret, message, algorithm, encoding) => {
          const expected = createHmac(algorithm, secret).update(message).digest();
          for (const adapter of [nodePlatform, webPlatform]) {
            expect(Buffer.from(await adapter.hmac(algorithm, secret, message))).toEqual(expected);
            expect(await adapter.hmacText(algorithm, secret, message, encoding)).toBe(
              expected.toString(encoding),
            );
            expect(Buffer.from(await adapter.hash(algorithm, message))).toEqual(
              createHash(algorithm).update(message).digest(),
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('on Node the Node adapter signs synchronously (node:crypto), the web one with a promise', () => {
    expect(typeof nodePlatform.hmacText('sha256', 'key', 'body', 'hex')).toBe('string');
    expect(nodePlatform.hmac('sha256', 'key', 'body')).toBeInstanceOf(Uint8Array);
    expect(webPlatform.hmacText('sha256', 'key', 'body', 'hex')).toBeInstanceOf(Promise);
    expect(nodePlatform.name).toBe('node');
    expect(webPlatform.name).toBe('web');
  });

  it('compares bytes by value only, lengths first', () => {
    for (const adapter of [nodePlatform, webPlatform]) {
      expect(adapter.timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(
        true,
      );
      expect(adapter.timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(
        false,
      );
      expect(adapter.timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3]))).toBe(
        false,
      );
    }
  });

  it('gives random bytes and v4 UUIDs of the asked size, beyond getRandomValues’ 65 536 limit', () => {
    for (const adapter of [nodePlatform, webPlatform]) {
      const bytes = adapter.randomBytes(70_000);
      expect(bytes).toHaveLength(70_000);
      // The tail past the first 64 KiB is filled too.
      expect(bytes.subarray(65_536).some((byte) => byte !== 0)).toBe(true);
      expect(adapter.randomUUID()).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
  });
});

describe('runtime detection and the Node adapter’s fallback', () => {
  it('on Node: node:http transport, node:crypto, `node/<version>` in the User-Agent', async () => {
    const { node, version } = await freshModules();
    expect(node.runtime()).toEqual({ name: 'node', version: process.versions.node });
    expect(node.nodeTransport()).toBeTypeOf('function');
    expect(version.runtimeUserAgent()).toBe(
      `int-core/${version.VERSION} node/${process.versions.node}`,
    );
  });

  it.each([
    ['Bun', { Bun: { version: '1.4.5' } }, 'bun/1.4.5'],
    ['Deno', { Deno: { version: { deno: '2.9.6' } } }, 'deno/2.9.6'],
    ['workerd', { navigator: { userAgent: 'Cloudflare-Workers' } }, 'workerd'],
    ['a Vercel edge function', { EdgeRuntime: 'edge-runtime' }, 'edge-light'],
  ])(
    'under %s (Node look-alikes or none): fetch and WebCrypto, the runtime in the User-Agent',
    async (_name, globals, token) => {
      for (const [key, stub] of Object.entries(globals)) vi.stubGlobal(key, stub);
      const { node, version } = await freshModules();
      expect(node.nodeTransport()).toBeUndefined();
      // WebCrypto answers with a promise, and the same digest.
      const digest = node.hmacText('sha256', 'key', 'body', 'hex');
      expect(digest).toBeInstanceOf(Promise);
      expect(await digest).toBe(createHmac('sha256', 'key').update('body').digest('hex'));
      expect(version.runtimeUserAgent()).toBe(`int-core/${version.VERSION} ${token}`);
    },
  );

  it('a getBuiltinModule that answers undefined (workerd before 2025-08-15) or throws leaves fetch and WebCrypto', async () => {
    for (const lookup of [
      () => undefined,
      () => {
        throw new Error('No such built-in module');
      },
    ]) {
      vi.spyOn(process, 'getBuiltinModule').mockImplementation(lookup as never);
      const { node } = await freshModules();
      expect(() => node.nodeTransport()).not.toThrow();
      expect(node.nodeTransport()).toBeUndefined();
      expect(await node.hmacText('sha256', 'key', 'body', 'base64')).toBe(
        createHmac('sha256', 'key').update('body').digest('base64'),
      );
      vi.restoreAllMocks();
    }
  });

  it('a global whose getter throws makes the runtime unknown, never an error', async () => {
    Object.defineProperty(globalThis, 'Bun', {
      configurable: true,
      get() {
        throw new Error('hostile global');
      },
    });
    try {
      const { node, version } = await freshModules();
      expect(node.runtime()).toEqual({ name: 'unknown', version: undefined });
      expect(node.nodeTransport()).toBeUndefined();
      expect(version.runtimeUserAgent()).toBe(`int-core/${version.VERSION}`);
    } finally {
      delete (globalThis as { Bun?: unknown }).Bun;
    }
  });
});

describe('the Node transport reads headers from the header object', () => {
  /**
   * A node:http whose responses fill `headers` and leave `rawHeaders` empty,
   * as workerd's nodejs_compat client does: the headers must survive.
   */
  function httpWithoutRawHeaders() {
    class Agent {
      keepSocketAlive() {
        return true;
      }
      reuseSocket() {}
    }
    const request = () => {
      const outgoing = new EventEmitter() as EventEmitter & {
        end(): void;
        destroy(): void;
      };
      outgoing.destroy = () => {};
      outgoing.end = () => {
        const incoming = Object.assign(new EventEmitter(), {
          statusCode: 503,
          statusMessage: 'Service Unavailable',
          rawHeaders: [] as string[],
          headers: {
            'retry-after': '1',
            'request-id': 'req_123',
            'set-cookie': ['a=1', 'b=2'],
            'content-type': 'application/json',
          },
        });
        outgoing.emit('response', incoming);
        incoming.emit('data', Buffer.from('{"error":{}}'));
        incoming.emit('end');
      };
      return outgoing;
    };
    return { Agent, request };
  }

  it('keeps Retry-After, Request-Id and every Set-Cookie when rawHeaders is empty', async () => {
    const real = process.getBuiltinModule.bind(process);
    const fake = httpWithoutRawHeaders();
    vi.spyOn(process, 'getBuiltinModule').mockImplementation(((id: string) =>
      id === 'node:http' || id === 'node:https' ? fake : real(id)) as never);
    const { node } = await freshModules();
    const transport = node.nodeTransport();
    expect(transport).toBeTypeOf('function');
    const response = await transport!('http://127.0.0.1:9/v1/charges');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.headers.get('request-id')).toBe('req_123');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.text()).toBe('{"error":{}}');
  });
});
