import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  type ApiErrorContext,
  BadRequestError,
  bearer,
  createHttpClient,
  type ErrorResponseInfo,
  type HttpClientOptions,
  type HttpRequest,
  ServerError,
} from '../src/index.js';
import { createMockServer, createTestClock } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

const BASE = 'https://api.acme.test';
const TOKEN = 'tok_live_9f8e7d6c5b4a';
const PASSWORD = 'pw-hunter2-never-seen';

function setup(overrides: Partial<HttpClientOptions> = {}) {
  return createHttpClient({
    name: 'acme',
    baseURL: BASE,
    clock: createTestClock(),
    random: () => 0,
    retry: { maxRetries: 0 },
    ...overrides,
  });
}

const failure = (request: HttpRequest, client = setup()): Promise<ApiError> =>
  client.request(request).then(
    () => {
      throw new Error('expected the call to fail');
    },
    (caught: unknown) => caught as ApiError,
  );

describe('ApiError.details and the errorDetails hook', () => {
  // The server echoes the bearer token and a password it was sent, in fields
  // the hook reads by name.
  const echoing = {
    status: 400,
    headers: { 'x-echo': `Bearer ${TOKEN}` },
    json: {
      error: {
        message: 'invalid',
        code: 'bad_field',
        category: 'VALIDATION',
        echoed: `you sent ${TOKEN}`,
        password: PASSWORD,
        note: `password was ${PASSWORD}`,
      },
    },
  };

  it('gives the hook the redacted body, so an echoed secret never reaches details', async () => {
    mock.route('POST', `${BASE}/v1/users`, echoing);
    const seen: ErrorResponseInfo[] = [];
    const client = setup({
      auth: bearer(TOKEN),
      errorDetails: (response) => {
        seen.push(response);
        const error = (response.body as { error: Record<string, unknown> }).error;
        return {
          category: error.category,
          echoed: error.echoed,
          password: error.password,
          note: error.note,
          header: response.headers.get('x-echo'),
        };
      },
    });
    const error = await failure({ method: 'POST', path: '/v1/users', body: { a: 1 } }, client);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.details).toMatchObject({
      message: 'invalid',
      code: 'bad_field',
      category: 'VALIDATION',
      password: '[REDACTED]',
    });
    const text = JSON.stringify(error.details);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(PASSWORD);
    expect(JSON.stringify(seen[0]?.body)).not.toContain(TOKEN);
    expect(JSON.stringify(seen[0]?.body)).not.toContain(PASSWORD);
    expect(seen[0]?.headers.get('x-echo')).not.toContain(TOKEN);
  });

  it('lands on a provider error built by createError from the context', async () => {
    mock.route('GET', `${BASE}/v1/items`, echoing);
    const contexts: ApiErrorContext[] = [];
    class AcmeError extends ApiError {}
    const client = setup({
      errorDetails: () => ({ category: 'VALIDATION' }),
      createError: (context) => {
        contexts.push(context);
        return new AcmeError(context.message, context);
      },
    });
    const error = await failure({ method: 'GET', path: '/v1/items' }, client);
    expect(error).toBeInstanceOf(AcmeError);
    expect(contexts[0]?.details).toMatchObject({ category: 'VALIDATION', code: 'bad_field' });
    expect(error.details).toEqual(contexts[0]?.details);
  });

  it('without the hook holds what the error parser read', async () => {
    mock.route('GET', `${BASE}/v1/items`, { status: 404, json: { message: 'no such item' } });
    const error = await failure({ method: 'GET', path: '/v1/items' });
    expect(error.details).toEqual({ message: 'no such item' });
  });
});

describe('retryable is decided by core, before createError', () => {
  const cases: Array<[string, HttpRequest, number, boolean]> = [
    ['503 on GET', { method: 'GET', path: '/v1/x' }, 503, true],
    ['400 on GET', { method: 'GET', path: '/v1/x' }, 400, false],
    ['503 on POST without key', { method: 'POST', path: '/v1/x', body: {} }, 503, false],
    [
      '503 on POST with key',
      { method: 'POST', path: '/v1/x', body: {}, idempotencyKey: 'k' },
      503,
      true,
    ],
    ['429 on GET', { method: 'GET', path: '/v1/x' }, 429, true],
  ];

  it.each(cases)('%s: the default class', async (_name, request, status, retryable) => {
    mock.route(request.method, `${BASE}/v1/x`, { status });
    const error = await failure(request);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.retryable).toBe(retryable);
  });

  it.each(cases)(
    '%s: the context and a provider class that spreads it',
    async (_name, request, status, retryable) => {
      mock.route(request.method, `${BASE}/v1/x`, { status });
      const contexts: ApiErrorContext[] = [];
      const client = setup({
        createError: (context) => {
          contexts.push(context);
          return new ServerError(context.message, context);
        },
      });
      const error = await failure(request, client);
      expect(contexts[0]?.retryable).toBe(retryable);
      expect(error.retryable).toBe(retryable);
    },
  );

  it('a hint wins: a 409 marked retry on GET is retryable, a 503 marked no-retry is not', async () => {
    mock.route('GET', `${BASE}/v1/x`, { status: 409 });
    mock.route('GET', `${BASE}/v1/y`, { status: 503 });
    const client = setup({
      retryHint: (response) => (response.status === 409 ? 'retry' : 'no-retry'),
    });
    expect((await failure({ method: 'GET', path: '/v1/x' }, client)).retryable).toBe(true);
    expect((await failure({ method: 'GET', path: '/v1/y' }, client)).retryable).toBe(false);
  });
});
