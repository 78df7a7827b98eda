import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFakeApi,
  FAKE_TOOLKIT_CODES,
  fakeCursorPage,
  fakeLookup,
  keyCredential,
} from '../src/testing/index.js';

const items = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }));
const ids = (page: ReturnType<typeof fakeCursorPage<{ id: string }>>) =>
  'items' in page ? { ids: page.items.map((item) => item.id), hasMore: page.hasMore } : page;

describe('fakeCursorPage', () => {
  it('pages forwards from the start and after an id', () => {
    expect(ids(fakeCursorPage(items, { limit: 2 }))).toEqual({ ids: ['a', 'b'], hasMore: true });
    expect(ids(fakeCursorPage(items, { limit: 2, after: 'c' }))).toEqual({
      ids: ['d', 'e'],
      hasMore: false,
    });
  });

  it('pages backwards before an id, and `after` wins over `before`', () => {
    expect(ids(fakeCursorPage(items, { limit: 2, before: 'e' }))).toEqual({
      ids: ['c', 'd'],
      hasMore: true,
    });
    expect(ids(fakeCursorPage(items, { limit: 5, before: 'c' }))).toEqual({
      ids: ['a', 'b'],
      hasMore: false,
    });
    expect(ids(fakeCursorPage(items, { limit: 1, after: 'a', before: 'e' }))).toEqual({
      ids: ['b'],
      hasMore: true,
    });
  });

  it('names a cursor that is no item', () => {
    expect(fakeCursorPage(items, { limit: 2, after: 'zz' })).toEqual({ unknownCursor: 'zz' });
    expect(fakeCursorPage(items, { limit: 2, before: 'yy' })).toEqual({ unknownCursor: 'yy' });
  });
});

describe('fakeLookup', () => {
  it('returns the item, or throws what notFound builds', () => {
    const find = fakeLookup(new Map([['cus_1', { id: 'cus_1' }]]), (id) => new Error(`no ${id}`));
    expect(find('cus_1')).toEqual({ id: 'cus_1' });
    expect(() => find('cus_2')).toThrow('no cus_2');
  });
});

describe('keyCredential', () => {
  const request = (authorization?: string) =>
    new Request('https://api.acme.test/v1/x', {
      headers: authorization === undefined ? {} : { authorization },
    });

  it('reads a Bearer key or the Basic user name', () => {
    expect(keyCredential(request('Bearer sk_test_1'))).toBe('sk_test_1');
    expect(keyCredential(request('bearer   sk_test_2 '))).toBe('sk_test_2');
    expect(keyCredential(request(`Basic ${btoa('sk_test_3:')}`))).toBe('sk_test_3');
  });

  it('has no key for no header, an empty key, another scheme or broken base64', () => {
    expect(keyCredential(request())).toBeUndefined();
    expect(keyCredential(request('Bearer '))).toBeUndefined();
    expect(keyCredential(request(`Basic ${btoa(':pw')}`))).toBeUndefined();
    expect(keyCredential(request('Token sk_test_1'))).toBeUndefined();
    expect(keyCredential(request('Basic %%%'))).toBeUndefined();
  });
});

describe('FAKE_TOOLKIT_CODES', () => {
  const codes: string[] = [];
  const api = createFakeApi({
    name: 'acme',
    baseURL: 'https://api.acme.test',
    errorEnvelope: (error) => {
      codes.push(error.code);
      return { code: error.code };
    },
    auth: { bearer: (token) => token === 'good' },
    idempotency: { header: 'idempotency-key' },
  });
  api.route('POST', '/v1/things/:id', ({ body }) => api.json(body ?? {}));
  const server = setupServer(...api.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('holds every code the toolkit answers with itself, and no provider code', async () => {
    const send = (path: string, headers: Record<string, string>, body?: string) =>
      fetch(`https://api.acme.test${path}`, { method: 'POST', headers, body });
    const json = { authorization: 'Bearer good', 'content-type': 'application/json' };
    await send('/v1/things/1', {});
    await send('/v1/things/1', { authorization: 'Bearer bad' });
    await send('/v1/nothing', json);
    await send('/v1/things/%E0%A4%A', json);
    await send('/v1/things/1', json, '{not json');
    await send('/v1/things/1', { ...json, 'idempotency-key': 'k' }, '{"a":1}');
    await send('/v1/things/1', { ...json, 'idempotency-key': 'k' }, '{"a":2}');
    api.fail({ path: '/v1/things' });
    await send('/v1/things/1', json);
    expect(codes).toEqual([
      'missing_credentials',
      'invalid_credentials',
      'not_found',
      'invalid_path',
      'invalid_body',
      'idempotency_mismatch',
      'fault',
    ]);
    for (const code of codes) expect(FAKE_TOOLKIT_CODES.has(code)).toBe(true);
    expect(FAKE_TOOLKIT_CODES.has('resource_missing')).toBe(false);
  });
});
