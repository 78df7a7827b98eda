import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../src/http-client.js';
import { NodeResponseHeaders } from '../src/node-response-headers.js';
import { RecordHeaders } from '../src/record-headers.js';
import { joinUrl } from '../src/url.js';

// The shortcuts the request path takes for speed must answer exactly what the
// long way answers.

/** joinUrl before the one-parse shortcut: a copy of the base, then the setters. */
function joinWithSetters(base: URL, path: string): URL {
  const prefix = base.pathname.endsWith('/') ? base.pathname.slice(0, -1) : base.pathname;
  const suffix = path.startsWith('/') ? path : `/${path}`;
  const url = new URL(base.toString());
  const [pathname, search] = suffix.split('?', 2) as [string, string | undefined];
  url.pathname = `${prefix}${pathname}`;
  url.search = search ? `?${search}` : '';
  return url;
}

const PIECES = [
  'a',
  'Z9',
  '/',
  '?',
  '&',
  '=',
  '%',
  '%2F',
  '%2e',
  '.',
  '..',
  ' ',
  '\t',
  '#',
  '\\',
  'é',
  '\u0000',
  ':',
  '@',
  '+',
  '~',
  "'",
];

describe('joinUrl', () => {
  it('gives the URL the setters give, for any path', () => {
    const bases = [
      'https://api.example.com',
      'http://127.0.0.1:8080/pre/',
      'https://x.example/a%20b',
      'https://u:p@x.example/p',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...bases),
        fc.array(fc.constantFrom(...PIECES), { maxLength: 10 }),
        (base, pieces) => {
          const path = pieces.join('');
          const baseUrl = new URL(base);
          expect(joinUrl(baseUrl, path).href).toBe(joinWithSetters(baseUrl, path).href);
        },
      ),
      { numRuns: 3_000 },
    );
  });
});

describe('NodeResponseHeaders', () => {
  const raw = {
    'content-type': 'application/json',
    'request-id': 'req_1',
    'set-cookie': ['a=1', 'b=2'],
    'content-encoding': 'gzip',
    'content-length': '20',
  };

  it('answers get and has from the object, then the same once filled', () => {
    const headers = new NodeResponseHeaders(raw, new Set(['content-encoding', 'content-length']));
    const reference = new Headers();
    reference.append('content-type', 'application/json');
    reference.append('request-id', 'req_1');
    reference.append('set-cookie', 'a=1');
    reference.append('set-cookie', 'b=2');
    for (const name of [
      'Request-Id',
      'set-cookie',
      'content-length',
      'content-encoding',
      'x-none',
    ]) {
      expect(headers.get(name)).toBe(reference.get(name));
      expect(headers.has(name)).toBe(reference.has(name));
    }
    expect(headers).toBeInstanceOf(Headers);
    expect([...headers]).toEqual([...reference]);
    expect(headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(Object.fromEntries(new Headers(headers))).toEqual(Object.fromEntries(reference));
    headers.set('x-added', '1');
    expect(headers.get('x-added')).toBe('1');
    expect(headers.get('request-id')).toBe('req_1');
  });

  it('keeps every header when nothing is skipped', () => {
    const headers = new NodeResponseHeaders(raw);
    const names: string[] = [];
    headers.forEach((_value, name) => {
      names.push(name);
    });
    expect(names).toContain('content-encoding');
    expect(headers.get('content-length')).toBe('20');
  });
});

describe('RecordHeaders', () => {
  it('reads and writes case-insensitively into one plain record', () => {
    const headers = new RecordHeaders({ 'Content-Type': 'text/plain', accept: 'application/json' });
    expect(headers.get('content-type')).toBe('text/plain');
    expect(headers.has('ACCEPT')).toBe(true);
    headers.set('X-Key', 'v');
    headers.append('x-key', 'w');
    headers.delete('accept');
    expect({ ...headers.record }).toEqual({ 'content-type': 'text/plain', 'x-key': 'v, w' });
    expect(Object.fromEntries(new Headers(headers as unknown as HeadersInit))).toEqual({
      'content-type': 'text/plain',
      'x-key': 'v, w',
    });
  });
});

describe('auth strategies and the attempt URL', () => {
  it('a strategy that adds a query key changes that attempt only', async () => {
    const seen: string[] = [];
    const http = createHttpClient({
      name: 'acme',
      baseURL: 'https://api.example.com',
      auth: {
        apply(request) {
          // append: had the prepared URL been changed, the retry would carry two.
          request.url.searchParams.append('key', 'secret-value-1');
        },
      },
      retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 },
      fetch: async (input) => {
        seen.push(String(input));
        return new Response(seen.length === 1 ? '' : '{}', {
          status: seen.length === 1 ? 503 : 200,
        });
      },
    });
    await http.request({ method: 'GET', path: '/v1/things?limit=1' });
    expect(seen).toEqual([
      'https://api.example.com/v1/things?limit=1&key=secret-value-1',
      'https://api.example.com/v1/things?limit=1&key=secret-value-1',
    ]);
  });

  it('a strategy that only sets a header sends the prepared URL', async () => {
    const seen: Array<{ url: string; authorization: string | null }> = [];
    const http = createHttpClient({
      name: 'acme',
      baseURL: 'https://api.example.com',
      auth: {
        apply(request) {
          request.headers.authorization = 'Bearer token-123456';
        },
      },
      fetch: async (input, init) => {
        seen.push({
          url: String(input),
          authorization: new Headers(init?.headers).get('authorization'),
        });
        return new Response('{}', { status: 200 });
      },
    });
    await http.request({ method: 'GET', path: '/v1/things' });
    expect(seen).toEqual([
      { url: 'https://api.example.com/v1/things', authorization: 'Bearer token-123456' },
    ]);
  });
});
