import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AbortError,
  AuthenticationError,
  batchPartial,
  bearer,
  ConfigurationError,
  createProviderClient,
  cursorPagination,
  dailyQuotaError,
  endpoint,
  lazySecret,
  mapBounded,
  nextDailyReset,
  offsetPagination,
  type RequestOptions,
  ResponseValidationError,
  runBatch,
  ServerError,
  ValidationError,
} from '../src/index.js';
import { captureLogger, createMockServer, createTestClock } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

const BASE = 'https://api.demo.test';

interface DemoRequestOptions extends RequestOptions {
  account?: string | undefined;
}

function demo(options: Parameters<typeof createProviderClient>[1] = {}) {
  return createProviderClient<DemoRequestOptions>(
    {
      name: 'demo',
      defaultBaseURL: BASE,
      versionPrefix: '/v1',
      auth: bearer('sk_demo_secret'),
      idempotencyKeys: 'auto',
      maxIdempotencyKeyLength: 20,
      requestOptions: {
        check: (value, issues) => issues.optionalString(['options', 'account'], value.account),
        headers: (value) => ({ 'demo-account': value.account }),
      },
    },
    { clock: createTestClock(), ...options },
  );
}

interface Thing {
  id: string;
  amount: number;
}
const retrieve = endpoint<Thing>({
  operation: 'things.retrieve',
  method: 'GET',
  path: '/v1/things/{id}',
  response: z.object({ id: z.string(), amount: z.number() }),
});
const create = endpoint<Thing, Thing, { amount: number }>({
  operation: 'things.create',
  method: 'POST',
  path: '/v1/things',
  validate: (call, issues) => issues.integer(['amount'], call.body?.amount, 1, 1000),
});

describe('createProviderClient', () => {
  it('fills and encodes the path, adds per-call headers and sends the body as declared', async () => {
    mock.route('GET', `${BASE}/v1/things/a%3Fb%20c`, { json: { id: 'a?b c', amount: 5 } });
    const client = demo();
    const thing = await client.call(retrieve, { path: { id: 'a?b c' } }, { account: 'acct_1' });
    expect(thing).toEqual({ id: 'a?b c', amount: 5 });
    const [call] = mock.calls;
    expect(call?.method).toBe('GET');
    expect(call?.url.pathname).toBe('/v1/things/a%3Fb%20c');
    expect(call?.headers.authorization).toBe('Bearer sk_demo_secret');
    expect(call?.headers['demo-account']).toBe('acct_1');
  });

  it('refuses a bad id, a bad body and bad per-call options before sending anything', async () => {
    const client = demo();
    for (const id of ['..', '', '.', undefined, '../x', 'a/b', 'a\\b']) {
      await expect(client.call(retrieve, { path: { id } })).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(client.call(create, { body: { amount: 0 } })).rejects.toThrow(/amount/);
    await expect(
      client.call(create, { body: { amount: 1 } }, { idempotencyKey: 'x'.repeat(21) }),
    ).rejects.toThrow(/at most 20/);
    await expect(client.call(retrieve, { path: { id: 'a' } }, { account: '' })).rejects.toThrow(
      /options\.account/,
    );
    await expect(
      client.call(retrieve, { path: { id: 'a' } }, { maxRetries: -1 }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(mock.calls).toHaveLength(0);
  });

  it('gives a write one idempotency key, the same on every retry', async () => {
    mock.route('POST', `${BASE}/v1/things`, [
      { status: 503, json: { error: 'down' } },
      { json: { id: 't_1', amount: 5 } },
    ]);
    const client = demo();
    await client.call(create, { body: { amount: 5 } });
    const keys = mock.calls.map((call) => call.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(mock.calls[0]?.json()).toEqual({ amount: 5 });
  });

  it('never retries an endpoint declared retry: false, and honours maxRetries per call', async () => {
    const ship = endpoint({ operation: 'ship', method: 'POST', path: '/v1/ship', retry: false });
    mock.route('POST', `${BASE}/v1/ship`, { status: 503, json: {} });
    mock.route('GET', `${BASE}/v1/things/x`, { status: 503, json: {} });
    const client = demo();
    await expect(client.call(ship, { body: {} })).rejects.toBeInstanceOf(ServerError);
    expect(mock.callsTo('POST', '/v1/ship')).toHaveLength(1);
    expect(mock.callsTo('POST', '/v1/ship')[0]?.headers['idempotency-key']).toBeUndefined();
    await expect(
      client.call(retrieve, { path: { id: 'x' } }, { maxRetries: 0 }),
    ).rejects.toBeInstanceOf(ServerError);
    expect(mock.callsTo('GET', '/v1/things/x')).toHaveLength(1);
  });

  it('an abort while waiting for a retry rejects with AbortError', async () => {
    mock.route('GET', `${BASE}/v1/things/x`, { status: 503, json: {} });
    const clock = createTestClock({ mode: 'manual' });
    const client = demo({ clock });
    const controller = new AbortController();
    const pending = client.call(retrieve, { path: { id: 'x' } }, { signal: controller.signal });
    while (mock.calls.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort(new Error('user left'));
    await expect(pending).rejects.toBeInstanceOf(AbortError);
  });

  it('takes a baseURL that ends with the version prefix without doubling it', async () => {
    mock.route('GET', 'https://proxy.test/demo/v1/things/a', { json: { id: 'a', amount: 1 } });
    const client = demo({ baseURL: 'https://proxy.test/demo/v1/' });
    expect(client.baseURL).toBe('https://proxy.test/demo');
    await client.call(retrieve, { path: { id: 'a' } });
    expect(mock.calls[0]?.url.pathname).toBe('/demo/v1/things/a');
    expect(() => demo({ baseURL: 'not a url' })).toThrow(ConfigurationError);
    expect(() => demo({ baseURL: 'https://proxy.test/?x=1' })).toThrow(ConfigurationError);
  });
});

describe('response validation', () => {
  it('off by default: a wrong answer passes untouched', async () => {
    mock.route('GET', `${BASE}/v1/things/a`, { json: { id: 'a', amount: 'five' } });
    expect(await demo().call(retrieve, { path: { id: 'a' } })).toEqual({ id: 'a', amount: 'five' });
  });

  it('warn: one redacted line naming the paths, the data returned with its extra fields', async () => {
    mock.route('GET', `${BASE}/v1/things/a`, {
      json: { id: 'a', amount: 'sk_demo_secret', extra: 1 },
    });
    const logger = captureLogger();
    const thing = await demo({ validateResponses: 'warn', logger }).call(retrieve, {
      path: { id: 'a' },
    });
    expect(thing).toEqual({ id: 'a', amount: 'sk_demo_secret', extra: 1 });
    const lines = logger.lines.filter((line) => line.object.event === 'response.invalid');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe('warn');
    expect(lines[0]?.object.paths).toEqual(['amount']);
    expect(logger.text()).not.toContain('sk_demo_secret');
  });

  it('strict: a ResponseValidationError naming the paths, never the values; extra fields pass', async () => {
    mock.route('GET', `${BASE}/v1/things/a`, { json: { id: 7, amount: 'secret-value' } });
    mock.route('GET', `${BASE}/v1/things/b`, { json: { id: 'b', amount: 2, brandNew: true } });
    const client = demo({ validateResponses: 'strict' });
    const error = await client.call(retrieve, { path: { id: 'a' } }).catch((caught) => caught);
    expect(ResponseValidationError.isInstance(error)).toBe(true);
    expect(error.issues.map((issue: { path: unknown[] }) => issue.path)).toEqual([
      ['id'],
      ['amount'],
    ]);
    expect(error.message).toContain('things.retrieve');
    expect(error.message).not.toContain('secret-value');
    expect(await client.call(retrieve, { path: { id: 'b' } })).toEqual({
      id: 'b',
      amount: 2,
      brandNew: true,
    });
  });

  it('takes the user schemas by operation name, over the declared one', async () => {
    mock.route('POST', `${BASE}/v1/things`, { json: { id: 't', amount: 5 } });
    mock.route('GET', `${BASE}/v1/things/a`, { json: { id: 'a', amount: 5 } });
    const client = demo({
      validateResponses: 'strict',
      responseSchemas: {
        'things.create': z.object({ status: z.string() }),
        'things.retrieve': z.object({ id: z.string() }),
      },
    });
    const error = await client.call(create, { body: { amount: 5 } }).catch((caught) => caught);
    expect(ResponseValidationError.isInstance(error)).toBe(true);
    expect(error.issues[0].path).toEqual(['status']);
    expect(await client.call(retrieve, { path: { id: 'a' } })).toEqual({ id: 'a', amount: 5 });
  });

  it('refuses an unknown mode', () => {
    expect(() => demo({ validateResponses: 'loud' as never })).toThrow(ConfigurationError);
  });
});

describe('pagination', () => {
  interface ListPage {
    data: Thing[];
    has_more: boolean;
  }
  const list = endpoint<ListPage>({ operation: 'things.list', method: 'GET', path: '/v1/things' });
  const strategy = cursorPagination<ListPage, Thing>({
    items: (page) => page.data,
    cursor: (page) => (page.has_more ? page.data.at(-1)?.id : undefined),
    param: 'starting_after',
  });

  it('is awaitable as the first page and iterates every item with the cursor in the query', async () => {
    mock.route('GET', `${BASE}/v1/things`, (call) => {
      const after = call.url.searchParams.get('starting_after');
      if (!after) return { json: { data: [{ id: 'a' }, { id: 'b' }], has_more: true } };
      return { json: { data: [{ id: 'c' }], has_more: false } };
    });
    const client = demo();
    const page = await client.list(list, { query: { limit: 2 } }, strategy);
    expect(page.data.map((item) => item.id)).toEqual(['a', 'b']);
    const ids: string[] = [];
    for await (const item of client.list(list, { query: { limit: 2 } }, strategy))
      ids.push(item.id);
    expect(ids).toEqual(['a', 'b', 'c']);
    const urls = mock.calls.map((call) => call.url.search);
    expect(urls.slice(1)).toEqual(['?limit=2', '?limit=2&starting_after=b']);
    const pages = client.list(list, { query: { limit: 2 } }, strategy);
    expect((await pages.toArray({ limit: 1 })).map((item) => item.id)).toEqual(['a']);
    await expect(pages.toArray({ limit: 0 })).rejects.toBeInstanceOf(ValidationError);
  });

  it('stops on a repeated cursor; offset paging stops at the total or a short page', async () => {
    mock.route('GET', `${BASE}/v1/things`, { json: { data: [{ id: 'x' }], has_more: true } });
    const client = demo();
    const all = await client.list(list, {}, strategy).toArray({ limit: 100 });
    expect(all).toHaveLength(2);
    const search = endpoint<{ results: number[]; paging: { total: number } }>({
      operation: 'things.search',
      method: 'POST',
      idempotent: true,
      path: '/v1/things/search',
    });
    mock.route('POST', `${BASE}/v1/things/search`, (call) => {
      const { offset = 0 } = call.json<{ offset?: number }>();
      const results = [offset, offset + 1].filter((value) => value < 5);
      return { json: { results, paging: { total: 5 } } };
    });
    const numbers = await client
      .list(
        search,
        { body: { limit: 2 } },
        offsetPagination({
          items: (page) => page.results,
          total: (page) => page.paging.total,
          in: 'body',
        }),
      )
      .toArray({ limit: 100 });
    expect(numbers).toEqual([0, 1, 2, 3, 4]);
    const bodies = mock.callsTo('POST', '/v1/things/search').map((call) => call.json());
    expect(bodies).toEqual([{ limit: 2 }, { limit: 2, offset: 2 }, { limit: 2, offset: 4 }]);
  });
});

describe('kit helpers', () => {
  it('lazySecret reads the option or the environment at the first call, and names both when missing', () => {
    delete process.env.DEMO_KEY;
    const read = lazySecret({
      provider: 'demo',
      option: 'apiKey',
      envVar: 'DEMO_KEY',
      label: 'Demo API key',
      value: undefined,
    });
    expect(read).toThrow('Demo API key is missing. Pass `apiKey` or set DEMO_KEY.');
    process.env.DEMO_KEY = 'from-env';
    try {
      expect(read()).toBe('from-env');
    } finally {
      delete process.env.DEMO_KEY;
    }
    expect(read()).toBe('from-env');
  });

  it('nextDailyReset: the next midnight in a zone, across DST', () => {
    const now = Date.UTC(2026, 2, 8, 12, 0, 0); // a DST day in New York
    expect(nextDailyReset(now).toISOString()).toBe('2026-03-09T00:00:00.000Z');
    expect(nextDailyReset(now, 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    const error = dailyQuotaError(
      { status: 429, message: 'quota', details: {}, provider: 'demo', retryable: false },
      { now, timeZone: 'UTC' },
    );
    expect(error.retryable).toBe(false);
    expect(error.resetAt?.toISOString()).toBe('2026-03-09T00:00:00.000Z');
    expect(error.retryAfterMs).toBe(12 * 3_600_000);
  });

  it('mapBounded keeps order, bounds concurrency and stops at the first failure', async () => {
    let active = 0;
    let peak = 0;
    const results = await mapBounded([1, 2, 3, 4, 5], 2, async (value) => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setImmediate(resolve));
      active -= 1;
      return value * 10;
    });
    expect(results).toEqual([10, 20, 30, 40, 50]);
    expect(peak).toBe(2);
    const started: number[] = [];
    await expect(
      mapBounded([1, 2, 3, 4], 1, async (value) => {
        started.push(value);
        if (value === 2) throw new Error('boom');
        return value;
      }),
    ).rejects.toThrow('boom');
    expect(started).toEqual([1, 2]);
  });
});

describe('runBatch', () => {
  const inputs = ['a', 'b', 'c', 'd', 'e'];

  it('reports a failed chunk per input and resolves with the rest', async () => {
    const result = await runBatch(inputs, {
      chunkSize: 2,
      concurrency: 1,
      send: async (chunk, offset) => {
        if (offset === 2) throw new ServerError('down', { status: 503 });
        return {
          results: chunk.filter((item) => item !== 'a').map((item) => item.toUpperCase()),
          errors: chunk.includes('a') ? [{ index: 0, input: 'a', error: new Error('bad a') }] : [],
        };
      },
    });
    expect(result.results).toEqual(['B', 'E']);
    expect(result.errors.map((failure) => [failure.index, failure.input])).toEqual([
      [0, 'a'],
      [2, 'c'],
      [3, 'd'],
    ]);
  });

  it('rejects with the typed error when it would fail every chunk, carrying what was reached', async () => {
    const sent: number[] = [];
    const error = await runBatch(inputs, {
      chunkSize: 2,
      concurrency: 1,
      send: async (chunk, offset) => {
        sent.push(offset);
        if (offset === 2) throw new AuthenticationError('bad token', { status: 401 });
        return { results: chunk };
      },
    }).catch((caught) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(sent).toEqual([0, 2]);
    expect(batchPartial(error)).toEqual({ results: ['a', 'b'], errors: [] });
  });
});
