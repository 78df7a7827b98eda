import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CircuitStore,
  type InboxStore,
  type JobQueue,
  type Logger,
  type RateLimiter,
  SecretBox,
  type TokenStore,
} from '@int/core';
import {
  bullmqQueue,
  redisCircuitStore,
  redisInboxStore,
  redisRateLimiter,
  redisTokenStore,
} from '@int/redis';
import { sqliteCircuitStore, sqliteInboxStore, sqliteQueue, sqliteTokenStore } from '@int/sqlite';
import { Redis } from 'ioredis';
import type { ProviderName, ShopConfig } from '../config.js';
import { preparePrivateDir } from '../store/private-files.js';

/** Queue, inbox, token store and (with Redis) shared rate limiters. */
export interface Backends {
  kind: 'sqlite' | 'redis';
  queue: JobQueue;
  inboxStore: InboxStore;
  tokenStore: TokenStore;
  /** Per provider; undefined keeps each client's own in-memory limiter. */
  rateLimiters: Partial<Record<ProviderName, RateLimiter>>;
  /** Where the providers' circuit breakers keep their state, shared by every shop process on it. */
  circuitStore: CircuitStore;
  close(): Promise<void>;
}

/**
 * The key that seals OAuth tokens at rest: `INT_ENCRYPTION_KEY`, or in its
 * absence one generated once into the data folder (fine for a sandbox; set the
 * variable anywhere real, so the key does not sit next to what it protects).
 */
export function loadSecretBox(dataDir: string, logger: Logger): SecretBox {
  if (process.env.INT_ENCRYPTION_KEY?.trim()) return SecretBox.fromEnv();
  const file = join(dataDir, 'encryption.key');
  if (!existsSync(file)) {
    writeFileSync(file, `${SecretBox.generateKey()}\n`, { mode: 0o600 });
    logger.warn(
      { event: 'encryption_key_generated', file },
      'INT_ENCRYPTION_KEY is not set; generated a key for this data folder',
    );
  }
  return SecretBox.fromEnv('KEY', { KEY: readFileSync(file, 'utf8').trim() });
}

export function openBackends(config: ShopConfig, logger: Logger): Backends {
  preparePrivateDir(config.dataDir);
  const secretBox = loadSecretBox(config.dataDir, logger);
  const backoff = {
    type: 'exponential' as const,
    delayMs: config.jobBackoffMs,
    maxDelayMs: config.jobMaxBackoffMs,
  };
  if (config.redisUrl) {
    // BullMQ's blocking connections need maxRetriesPerRequest: null.
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    const prefix = config.redisPrefix;
    const inboxStore = redisInboxStore({ redis, keyPrefix: `${prefix}:inbox` });
    return {
      kind: 'redis',
      queue: bullmqQueue({
        connection: redis,
        prefix: `${prefix}:jobs`,
        attempts: config.jobAttempts,
        backoff,
        ...(config.jobLeaseMs !== undefined && { lockDurationMs: config.jobLeaseMs }),
        logger,
      }),
      inboxStore,
      tokenStore: redisTokenStore({ redis, secretBox, keyPrefix: `${prefix}:tokens` }),
      circuitStore: redisCircuitStore({ redis, keyPrefix: `${prefix}:circuit:` }),
      rateLimiters: {
        // Stripe test mode allows 25 requests/s; FedEx 1 400 per 10 s; HubSpot 100 per 10 s.
        stripe: redisRateLimiter({
          redis,
          limit: 25,
          intervalMs: 1_000,
          keyPrefix: `${prefix}:rl`,
        }),
        fedex: redisRateLimiter({
          redis,
          limit: 1_400,
          intervalMs: 10_000,
          keyPrefix: `${prefix}:rl`,
        }),
        hubspot: redisRateLimiter({
          redis,
          limit: 100,
          intervalMs: 10_000,
          keyPrefix: `${prefix}:rl`,
        }),
      },
      close: async () => {
        await inboxStore.close();
        await redis.quit().catch(() => redis.disconnect());
      },
    };
  }
  const file = join(config.dataDir, 'shop.db');
  const queue = sqliteQueue({
    file,
    attempts: config.jobAttempts,
    backoff,
    ...(config.jobLeaseMs !== undefined && { leaseMs: config.jobLeaseMs }),
    pollIntervalMs: 100,
    logger,
  });
  const inboxStore = sqliteInboxStore({ file });
  const tokenStore = sqliteTokenStore({ file, secretBox });
  const circuitStore = sqliteCircuitStore({ file });
  return {
    kind: 'sqlite',
    queue,
    inboxStore,
    tokenStore,
    rateLimiters: {},
    circuitStore,
    close: async () => {
      tokenStore.close();
      inboxStore.close();
      circuitStore.close();
    },
  };
}
