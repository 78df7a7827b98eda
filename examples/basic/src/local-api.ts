import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny stand-in for a provider API: an order store that needs a bearer
 * token, fails the first time it is asked for an order (503), rate limits
 * bursts (429 with Retry-After) and honours idempotency keys.
 */
export async function startLocalApi(
  token: string,
): Promise<{ url: string; server: Server; hits: () => number }> {
  const orders = new Map<string, { id: string; amount: number; email: string }>();
  const byIdempotencyKey = new Map<string, string>();
  let hits = 0;
  let flaky = true;
  const server = createServer((request, response) => {
    hits += 1;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, {
          'content-type': 'application/json',
          'x-request-id': `req_${hits}`,
          ...headers,
        });
        response.end(JSON.stringify(body));
      };
      if (request.headers.authorization !== `Bearer ${token}`) {
        send(401, { error: { message: 'Invalid token', code: 'unauthorized' } });
        return;
      }
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (request.method === 'POST' && url.pathname === '/v1/orders') {
        const key = request.headers['idempotency-key'];
        const known = typeof key === 'string' ? byIdempotencyKey.get(key) : undefined;
        if (known) {
          send(200, orders.get(known), { 'idempotent-replayed': 'true' });
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          amount: number;
          email: string;
        };
        const order = { id: `ord_${orders.size + 1}`, amount: body.amount, email: body.email };
        orders.set(order.id, order);
        if (typeof key === 'string') byIdempotencyKey.set(key, order.id);
        send(201, order);
        return;
      }
      const match = /^\/v1\/orders\/(\w+)$/.exec(url.pathname);
      if (request.method === 'GET' && match) {
        if (flaky) {
          flaky = false;
          send(503, { error: { message: 'Temporarily overloaded' } }, { 'retry-after': '1' });
          return;
        }
        const order = orders.get(match[1]!);
        if (order) send(200, order);
        else
          send(404, { error: { message: `No such order: ${match[1]}`, code: 'resource_missing' } });
        return;
      }
      if (request.method === 'GET' && url.pathname === '/v1/orders') {
        const all = [...orders.values()];
        const start = Number(url.searchParams.get('offset') ?? 0);
        const limit = Number(url.searchParams.get('limit') ?? 2);
        const page = all.slice(start, start + limit);
        send(200, { data: page, next: start + limit < all.length ? String(start + limit) : null });
        return;
      }
      send(404, { error: { message: 'Unknown route' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, hits: () => hits };
}
