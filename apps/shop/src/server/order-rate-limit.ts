import { type Clock, memoryRateLimiter, type RateLimiter } from '@int/core';
import type { Context, MiddlewareHandler } from 'hono';
import { IPV4_MAPPED } from './input-patterns.js';

export interface OrderRateLimitOptions {
  /** Order-creating requests one client may make per window. */
  limit: number;
  windowMs: number;
  clock?: Clock;
}

/** A peer's address as the socket saw it; a forwarded-for header is never trusted here. */
function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/**
 * One budget per client: an IPv4 address, or an IPv6 /64 (one host usually
 * holds a whole /64, so single addresses would not limit anyone).
 */
export function clientKey(address: string): string {
  const mapped = IPV4_MAPPED.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/** Resolves with the limiter's grant, or `false` at once when the client is over its budget. */
async function tryAcquire(limiter: RateLimiter, key: string): Promise<boolean> {
  const controller = new AbortController();
  // A grant within budget resolves in a microtask; one over budget would wait for the window.
  const release = await Promise.race([
    limiter.acquire(key, { signal: controller.signal }).catch(() => undefined),
    new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined))),
  ]);
  if (!release) {
    controller.abort();
    return false;
  }
  release();
  return true;
}

/**
 * Limits the requests that create orders, per client, with core's
 * `memoryRateLimiter` (one process; a rolling window). Over the limit is a
 * 429 with `Retry-After` (the window: by then every earlier request has left
 * it), before the body is read or anything is sent to a provider.
 */
export function orderRateLimit(options: OrderRateLimitOptions): MiddlewareHandler {
  const limiter = memoryRateLimiter({
    limit: options.limit,
    intervalMs: options.windowMs,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const retryAfterSeconds = String(Math.max(1, Math.ceil(options.windowMs / 1000)));
  return async (c, next) => {
    if (await tryAcquire(limiter, clientKey(clientAddress(c)))) return next();
    c.header('retry-after', retryAfterSeconds);
    return c.json(
      {
        error: 'rate_limited',
        message: `At most ${options.limit} orders per ${options.windowMs} ms from one client.`,
      },
      429,
    );
  };
}
