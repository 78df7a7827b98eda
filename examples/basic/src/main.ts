import {
  consoleLogger,
  createHttpClient,
  createMetrics,
  memoryRateLimiter,
  NotFoundError,
  paginate,
} from '@int/core';
import { startLocalApi } from './local-api.js';

interface Order {
  id: string;
  amount: number;
  email: string;
}

const token = 'example-token-0123456789';
const api = await startLocalApi(token);
const metrics = createMetrics();

const client = createHttpClient({
  name: 'orders-api',
  baseURL: api.url,
  auth: {
    apply: (request) => {
      request.headers.authorization = `Bearer ${token}`;
    },
  },
  logger: consoleLogger({ level: 'warn' }),
  metrics,
  rateLimiter: memoryRateLimiter({ limit: 20, intervalMs: 1_000, maxConcurrent: 4 }),
  retry: { maxRetries: 2 },
});

// POST with an idempotency key: safe to retry, and a repeat is a replay, not a second order.
const created = await client.request<Order>({
  method: 'POST',
  path: '/v1/orders',
  body: { amount: 1999, email: 'ada@example.com' },
  idempotencyKey: 'order-form-1',
  operation: 'orders.create',
});
const replayed = await client.requestWithResponse<Order>({
  method: 'POST',
  path: '/v1/orders',
  body: { amount: 1999, email: 'ada@example.com' },
  idempotencyKey: 'order-form-1',
  operation: 'orders.create',
});
console.log(
  `created ${created.id}; the same key again returned ${replayed.data.id} (replayed: ${replayed.headers.get('idempotent-replayed')})`,
);

// The first GET answers 503 with Retry-After: 1; the pipeline waits and retries (a warn line shows it).
const fetched = await client.requestWithResponse<Order>({
  method: 'GET',
  path: `/v1/orders/${created.id}`,
  operation: 'orders.retrieve',
});
console.log(
  `retrieved ${fetched.data.id} after ${fetched.attempts} attempts in ${fetched.durationMs} ms (request ${fetched.requestId})`,
);

for (const email of ['grace@example.com', 'alan@example.com']) {
  await client.request({
    method: 'POST',
    path: '/v1/orders',
    body: { amount: 500, email },
    idempotencyKey: email,
  });
}

// Paging without loading everything: the iterator fetches a page when it needs one.
const orders = paginate<Order>(async (cursor) => {
  const page = await client.request<{ data: Order[]; next: string | null }>({
    method: 'GET',
    path: '/v1/orders',
    query: { limit: 2, offset: cursor },
    operation: 'orders.list',
  });
  return { items: page.data, nextCursor: page.next ?? undefined };
});
const all = await orders.toArray();
console.log(`listed ${all.length} orders: ${all.map((order) => order.id).join(', ')}`);

// A typed error, one line, with the request id.
try {
  await client.request({ method: 'GET', path: '/v1/orders/ord_404', operation: 'orders.retrieve' });
} catch (error) {
  if (NotFoundError.isInstance(error)) console.log(`as expected: ${error.name}: ${error.message}`);
  else throw error;
}

const health = metrics.health('orders-api');
console.log(
  `\nhealth of ${health.provider}: ${health.health} (${health.windowCount} calls, success rate ${Math.round((health.successRate ?? 0) * 100)} %)`,
);
for (const operation of health.operations) {
  console.log(
    `  ${operation.operation.padEnd(16)} count ${operation.count}  failures ${operation.failures}  p50 ${operation.p50} ms  p95 ${operation.p95} ms`,
  );
}
console.log(`the local API saw ${api.hits()} requests`);
api.server.close();
