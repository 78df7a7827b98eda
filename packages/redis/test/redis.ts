import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Undefined when Redis answers; otherwise the reason the Redis tests skip.
 * With REQUIRE_REDIS=1 (CI) a missing Redis fails the run instead.
 */
export async function redisSkipReason(): Promise<string | undefined> {
  const probe = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    return undefined;
  } catch (error) {
    const reason = `Redis at ${REDIS_URL} did not answer (${(error as Error).message})`;
    if (process.env.REQUIRE_REDIS === '1') {
      throw new Error(`${reason}; REQUIRE_REDIS=1 makes this a failure.`);
    }
    console.warn(`Skipping Redis tests: ${reason}. Set REDIS_URL or start redis-server.`);
    return reason;
  } finally {
    probe.disconnect();
  }
}

export function connect(): Redis {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
}

/** A key prefix no other test uses. */
export function testPrefix(label: string): string {
  return `inttest:${label}:${randomUUID().slice(0, 8)}:`;
}

/** Deletes every key under `prefix`. */
export async function cleanPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

/** Largest number of starts inside any rolling window of `windowMs`. */
export function maxStartsInWindow(starts: number[], windowMs: number): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let worst = 0;
  let left = 0;
  for (let right = 0; right < sorted.length; right += 1) {
    while (sorted[right]! - sorted[left]! >= windowMs) left += 1;
    worst = Math.max(worst, right - left + 1);
  }
  return worst;
}
