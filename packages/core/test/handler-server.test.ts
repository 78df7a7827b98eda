import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionError, createHttpClient, ResponseParseError } from '../src/index.js';
import { type HandlerServer, serveHandlers } from '../src/testing/index.js';

const created: string[] = [];
const handlers = [
  http.post('*/v1/things', async ({ request }) => {
    const body = (await request.json()) as { name: string };
    created.push(body.name);
    return HttpResponse.json(
      {
        id: `thing_${created.length}`,
        name: body.name,
        auth: request.headers.get('authorization'),
      },
      { status: 201, headers: { 'request-id': 'req_1' } },
    );
  }),
  http.get('*/v1/things', ({ request }) =>
    HttpResponse.json({ query: new URL(request.url).searchParams.get('q') }),
  ),
];

let server: HandlerServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  created.length = 0;
});

describe('serveHandlers', () => {
  it('serves MSW handlers over a real socket: method, headers, body and query reach the fake', async () => {
    server = await serveHandlers(handlers);
    const response = await fetch(`${server.url}/v1/things`, {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'a' }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('request-id')).toBe('req_1');
    expect(await response.json()).toEqual({ id: 'thing_1', name: 'a', auth: 'Bearer t' });
    const listed = await fetch(`${server.url}/v1/things?q=x%20y`);
    expect(await listed.json()).toEqual({ query: 'x y' });
    expect(created).toEqual(['a']);
  });

  it('answers 404 with a JSON body for a route the fake does not know', async () => {
    server = await serveHandlers(handlers);
    const response = await fetch(`${server.url}/v2/unknown`, { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { message: 'no fake route for DELETE /v2/unknown' },
    });
  });

  it('lets an interceptor reset before the fake acts, after it acts, or truncate the answer', async () => {
    let mode: 'before' | 'after' | 'truncate' = 'before';
    server = await serveHandlers(handlers, {
      intercept: async ({ respond }) => {
        if (mode === 'before') return 'reset';
        const response = await respond();
        return mode === 'after' ? 'reset' : { truncate: response };
      },
    });
    const client = createHttpClient({
      name: 'test',
      baseURL: server.url,
      retry: { maxRetries: 0 },
    });
    const send = () => client.request({ method: 'POST', path: '/v1/things', body: { name: mode } });

    await expect(send()).rejects.toBeInstanceOf(ConnectionError);
    expect(created).toEqual([]);

    mode = 'after';
    await expect(send()).rejects.toBeInstanceOf(ConnectionError);
    expect(created).toEqual(['after']);

    mode = 'truncate';
    const error = await send().catch((caught: unknown) => caught);
    expect(ConnectionError.isInstance(error) || ResponseParseError.isInstance(error)).toBe(true);
    expect(created).toEqual(['after', 'truncate']);
  });

  it('lets an interceptor answer on its own (429 with Retry-After) without running the fake', async () => {
    server = await serveHandlers(handlers, {
      intercept: async () =>
        Response.json({ error: 'slow down' }, { status: 429, headers: { 'retry-after': '7' } }),
    });
    const response = await fetch(`${server.url}/v1/things`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(created).toEqual([]);
  });
});
