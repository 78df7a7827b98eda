import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, createHttpClient, TimeoutError } from '../src/index.js';
import { createMockServer } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

const BASE = 'https://api.acme.test';
const client = createHttpClient({
  name: 'acme',
  baseURL: BASE,
  timeoutMs: 20,
  retry: { maxRetries: 0 },
});
const never = () => new Promise<never>(() => {});

async function failureOf(request: Parameters<typeof client.request>[0]) {
  return client.request(request).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('a timeout or a lost connection is retryable only when the call is safe to repeat', () => {
  it('a timed-out POST without an idempotency key may have been acted on: not retryable', async () => {
    mock.use(http.post(`${BASE}/v1/shipments`, never));
    const error = await failureOf({ method: 'POST', path: '/v1/shipments', body: { a: 1 } });
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).retryable).toBe(false);
  });

  it('the same POST with a key, and a GET, stay retryable', async () => {
    mock.use(http.post(`${BASE}/v1/shipments`, never), http.get(`${BASE}/v1/shipments/1`, never));
    const keyed = await failureOf({
      method: 'POST',
      path: '/v1/shipments',
      body: { a: 1 },
      idempotencyKey: 'k-1',
    });
    const read = await failureOf({ method: 'GET', path: '/v1/shipments/1' });
    expect((keyed as TimeoutError).retryable).toBe(true);
    expect((read as TimeoutError).retryable).toBe(true);
  });

  it('a connection reset after sending a POST is not retryable; a GET is', async () => {
    mock.use(
      http.post(`${BASE}/v1/shipments`, () => HttpResponse.error()),
      http.get(`${BASE}/v1/shipments/1`, () => HttpResponse.error()),
    );
    const post = await failureOf({ method: 'POST', path: '/v1/shipments', body: { a: 1 } });
    const get = await failureOf({ method: 'GET', path: '/v1/shipments/1' });
    expect(ConnectionError.isInstance(post)).toBe(true);
    expect((post as ConnectionError).beforeRequestSent).toBe(false);
    expect((post as ConnectionError).retryable).toBe(false);
    expect((get as ConnectionError).retryable).toBe(true);
  });
});
