import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createMockServer } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

it('scripts replies per call number, the last one repeating, and records raw bodies', async () => {
  mock.route('POST', 'https://api.acme.test/v1/x', [
    { status: 503 },
    { status: 201, json: { id: 1 } },
  ]);
  const statuses: number[] = [];
  for (const body of ['a=1&b=%20', '{"k":true}', 'third']) {
    const response = await fetch('https://api.acme.test/v1/x?q=1', {
      method: 'POST',
      body,
      headers: { 'x-test': 'yes' },
    });
    statuses.push(response.status);
  }
  expect(statuses).toEqual([503, 201, 201]);
  expect(mock.calls.map((call) => [call.callNumber, call.body])).toEqual([
    [1, 'a=1&b=%20'],
    [2, '{"k":true}'],
    [3, 'third'],
  ]);
  expect(mock.calls[0]?.form()).toEqual([
    ['a', '1'],
    ['b', ' '],
  ]);
  expect(mock.calls[1]?.json()).toEqual({ k: true });
  expect(mock.calls[0]?.headers['x-test']).toBe('yes');
  expect(mock.callsTo('POST', '/v1/x')).toHaveLength(3);
});

it('records calls answered by added handlers (a provider fake)', async () => {
  mock.use(http.get('https://fake.test/items', () => HttpResponse.json([1, 2])));
  const response = await fetch('https://fake.test/items');
  expect(await response.json()).toEqual([1, 2]);
  expect(mock.calls.map((call) => call.url.href)).toEqual(['https://fake.test/items']);
});

it('an unhandled request fails as a network error and is listed', async () => {
  const original = console.error;
  console.error = () => {};
  try {
    await expect(fetch('https://nowhere.test/ping')).rejects.toThrow();
  } finally {
    console.error = original;
  }
  expect(mock.unhandled).toEqual(['GET https://nowhere.test/ping']);
});

it('a network error reply', async () => {
  mock.route('GET', 'https://api.acme.test/down', { error: 'network' });
  await expect(fetch('https://api.acme.test/down')).rejects.toThrow();
});
