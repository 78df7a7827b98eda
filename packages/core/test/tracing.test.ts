import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createHttpClient, type TracerLike } from '../src/index.js';
import { createMockServer, createTestClock } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

it('one client span per attempt with the stable HTTP attributes', async () => {
  const spans: Array<{
    name: string;
    kind?: number;
    attributes: Record<string, unknown>;
    status?: number;
    ended: boolean;
  }> = [];
  const tracer: TracerLike = {
    startSpan(name, options) {
      const span = {
        name,
        kind: options?.kind,
        attributes: { ...options?.attributes },
        status: undefined as number | undefined,
        ended: false,
      };
      spans.push(span);
      return {
        setAttribute: (key, value) => {
          span.attributes[key] = value;
        },
        setStatus: ({ code }) => {
          span.status = code;
        },
        recordException: () => {},
        end: () => {
          span.ended = true;
        },
      };
    },
  };
  mock.route('GET', 'https://api.acme.test:8443/v1/items', [{ status: 503 }, { json: [] }]);
  const client = createHttpClient({
    name: 'acme',
    baseURL: 'https://api.acme.test:8443',
    tracer,
    clock: createTestClock(),
  });
  await client.request({
    method: 'GET',
    path: '/v1/items',
    query: { api_key: 'secret-key-1', limit: 2 },
    operation: 'items.list',
  });
  expect(spans).toHaveLength(2);
  expect(spans[0]).toMatchObject({
    name: 'GET',
    kind: 2,
    status: 2,
    ended: true,
    attributes: {
      'http.request.method': 'GET',
      'server.address': 'api.acme.test',
      'server.port': 8443,
      'url.full': 'https://api.acme.test:8443/v1/items?api_key=[REDACTED]&limit=2',
      'http.response.status_code': 503,
      'error.type': '503',
      'int.operation': 'items.list',
    },
  });
  expect(spans[0]?.attributes['http.request.resend_count']).toBeUndefined();
  expect(spans[1]).toMatchObject({
    ended: true,
    status: undefined,
    attributes: { 'http.request.resend_count': 1, 'http.response.status_code': 200 },
  });
  expect(spans[1]?.attributes['error.type']).toBeUndefined();
  expect(mock.calls[0]?.url.searchParams.get('api_key')).toBe('secret-key-1');
});
