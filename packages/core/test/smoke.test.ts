import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createHttpClient, ServerError } from '../src/index.js';
import { createMockServer, createTestClock } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

it('retries a 503 then succeeds', async () => {
  mock.route('GET', 'https://api.test/v1/items', [{ status: 503, json: { message: 'down' } }, { json: { ok: true } }]);
  const clock = createTestClock();
  const client = createHttpClient({ name: 'test', baseURL: 'https://api.test', clock, random: () => 0.5 });
  const result = await client.requestWithResponse({ method: 'GET', path: '/v1/items' });
  expect(result.data).toEqual({ ok: true });
  expect(result.attempts).toBe(2);
  expect(clock.sleeps).toEqual([250]);
  expect(mock.calls).toHaveLength(2);
  mock.route('GET', 'https://api.test/v1/down', { status: 500, json: { message: 'boom' } });
  await expect(client.request({ method: 'GET', path: '/v1/down' })).rejects.toBeInstanceOf(ServerError);
});
