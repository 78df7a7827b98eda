import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  createHttpClient,
  IntegrationError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ResponseParseError,
  ServerError,
  TimeoutError,
  UnprocessableEntityError,
} from '../src/index.js';
import { createMockServer, startLocalServer, unusedPort } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

const client = () =>
  createHttpClient({ name: 'acme', baseURL: 'https://api.acme.test', retry: { maxRetries: 0 } });

describe('status to error class', () => {
  const cases: Array<[number, typeof ApiError]> = [
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, ServerError],
    [502, ServerError],
    [503, ServerError],
    [504, ServerError],
  ];
  for (const [status, ErrorClass] of cases) {
    it(`${status} -> ${ErrorClass.name}`, async () => {
      mock.route('POST', 'https://api.acme.test/v1/widgets', {
        status,
        json: { error: { message: `said ${status}`, code: `code_${status}` } },
        headers: { 'request-id': `req_${status}` },
      });
      const error = await client()
        .request({
          method: 'POST',
          path: '/v1/widgets',
          body: { name: 'w' },
          operation: 'widgets.create',
        })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ErrorClass);
      expect(ErrorClass.isInstance(error)).toBe(true);
      expect(ApiError.isInstance(error)).toBe(true);
      expect(IntegrationError.isInstance(error)).toBe(true);
      const apiError = error as ApiError;
      expect(apiError.name).toBe(ErrorClass.name);
      expect(apiError).toMatchObject({
        status,
        code: `code_${status}`,
        requestId: `req_${status}`,
        provider: 'acme',
        operation: 'widgets.create',
        attempts: 1,
      });
      expect(apiError.message).toBe(
        `acme widgets.create failed with ${status}: said ${status} [request req_${status}]`,
      );
      // What went over the wire.
      expect(mock.calls).toHaveLength(1);
      const [call] = mock.calls;
      expect(call?.method).toBe('POST');
      expect(call?.url.href).toBe('https://api.acme.test/v1/widgets');
      expect(call?.headers['content-type']).toBe('application/json');
      expect(call?.headers['user-agent']).toMatch(/^int-core\/\d+\.\d+\.\d+ node\/20\./);
      expect(call?.body).toBe('{"name":"w"}');
    });
  }

  it('classes are distinct: a 404 is not a ServerError', async () => {
    mock.route('GET', 'https://api.acme.test/v1/missing', {
      status: 404,
      json: { message: 'nope' },
    });
    const error = await client()
      .request({ method: 'GET', path: '/v1/missing' })
      .catch((caught: unknown) => caught);
    expect(ServerError.isInstance(error)).toBe(false);
    expect(RateLimitError.isInstance(error)).toBe(false);
    expect((error as Error).message).toBe('acme GET /v1/missing failed with 404: nope');
  });

  it('isInstance works across duplicated copies (brand, not prototype)', () => {
    const foreign = Object.create(null) as Record<symbol, unknown>;
    foreign[Symbol.for('@int/core/error/RateLimitError')] = true;
    expect(RateLimitError.isInstance(foreign)).toBe(true);
    expect(ServerError.isInstance(foreign)).toBe(false);
    expect(IntegrationError.isInstance(new Error('plain'))).toBe(false);
  });

  it('invalid JSON in a 2xx is a ResponseParseError', async () => {
    mock.route('GET', 'https://api.acme.test/v1/broken', { body: '{"id": "w_1", "na' });
    const error = await client()
      .request({ method: 'GET', path: '/v1/broken' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseParseError);
    expect((error as ResponseParseError).status).toBe(200);
    expect((error as Error).message).toContain('not valid JSON');
    expect(mock.calls).toHaveLength(1);
    expect(mock.calls[0]?.headers.accept).toBe('application/json');
  });
});

describe('transport failures on real sockets', () => {
  it('connection refused is a ConnectionError marked as not sent', async () => {
    const port = await unusedPort();
    const http = createHttpClient({
      name: 'acme',
      baseURL: `http://127.0.0.1:${port}`,
      retry: { maxRetries: 0 },
    });
    const error = await http
      .request({ method: 'GET', path: '/v1/x' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe('ECONNREFUSED');
    expect((error as ConnectionError).beforeRequestSent).toBe(true);
    expect((error as ConnectionError).retryable).toBe(true);
  });

  it('connection reset after the request arrived is a ConnectionError that may have been sent', async () => {
    const server = await startLocalServer((_request, _response, socket) => {
      socket.destroy();
    });
    try {
      const http = createHttpClient({
        name: 'acme',
        baseURL: server.url,
        retry: { maxRetries: 0 },
      });
      const error = await http
        .request({ method: 'POST', path: '/v1/pay', body: { amount: 1 } })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as ConnectionError).beforeRequestSent).toBe(false);
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]).toMatchObject({
        method: 'POST',
        url: '/v1/pay',
        body: '{"amount":1}',
      });
    } finally {
      await server.close();
    }
  });

  it('an answer slower than timeoutMs is a TimeoutError', async () => {
    const server = await startLocalServer((_request, response) => {
      setTimeout(() => response.end('{}'), 10_000).unref();
    });
    try {
      const http = createHttpClient({
        name: 'acme',
        baseURL: server.url,
        timeoutMs: 1_000,
        retry: { maxRetries: 0 },
      });
      const error = await http
        .request({ method: 'GET', path: '/v1/slow', operation: 'slow.get' })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).timeoutMs).toBe(1_000);
      expect((error as Error).message).toBe('acme slow.get timed out after 1000 ms.');
      expect(server.requests.map((request) => request.url)).toEqual(['/v1/slow']);
    } finally {
      await server.close();
    }
  });
});
