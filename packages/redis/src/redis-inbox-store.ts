import { ConfigurationError } from '@int/core';
import type { InboxEvent, InboxRecord, InboxStatus, InboxStore } from './core-stand-in.js';
import { LuaScript, type RedisClient } from './lua-script.js';

export interface RedisInboxStoreOptions {
  /** The ioredis client. */
  redis: RedisClient;
  /** Prefix of every key this store writes. Default `int:inbox:`. */
  keyPrefix?: string;
  /** How long an event is kept after it arrives. Default: forever. */
  retentionMs?: number;
}

// Stores the event only when no event with that provider + id exists, and
// indexes it by arrival, in one step.
// KEYS: event key, index zset. ARGV: record JSON, member, score, retention ms (0 = none).
const PUT = new LuaScript(`
local ok = redis.call('SET', KEYS[1], ARGV[1], 'NX')
if not ok then return 0 end
if tonumber(ARGV[4]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
return 1
`);

// KEYS: event key. ARGV: status, error ('' = none), updatedAt.
const MARK = new LuaScript(`
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local record = cjson.decode(raw)
record.status = ARGV[1]
if ARGV[2] == '' then record.error = nil else record.error = ARGV[2] end
record.updatedAt = tonumber(ARGV[3])
redis.call('SET', KEYS[1], cjson.encode(record), 'KEEPTTL')
return 1
`);

/**
 * A webhook `InboxStore` in Redis: one key per provider + event id written with
 * `SET NX`, so the same event delivered to many processes at once is stored
 * once, and a sorted set of arrivals for `list()`.
 */
export function redisInboxStore(options: RedisInboxStoreOptions): InboxStore {
  if (!options?.redis) {
    throw new ConfigurationError('redisInboxStore needs an ioredis client in `redis`.', {
      option: 'redis',
    });
  }
  const { redis } = options;
  const keyPrefix = options.keyPrefix ?? 'int:inbox:';
  const retentionMs = options.retentionMs ?? 0;
  const member = (provider: string, eventId: string) => JSON.stringify([provider, eventId]);
  const eventKey = (provider: string, eventId: string) =>
    `${keyPrefix}event:${member(provider, eventId)}`;
  const indexKey = `${keyPrefix}index`;

  return {
    async put(event: InboxEvent) {
      const record: InboxRecord = { ...event, status: 'received', updatedAt: event.receivedAt };
      const stored = await PUT.run(
        redis,
        [eventKey(event.provider, event.eventId), indexKey],
        [
          JSON.stringify(record),
          member(event.provider, event.eventId),
          event.receivedAt,
          retentionMs,
        ],
      );
      return stored === 1;
    },
    async get(provider, eventId) {
      const raw = await redis.get(eventKey(provider, eventId));
      return raw === null ? undefined : (JSON.parse(raw) as InboxRecord);
    },
    async mark(provider: string, eventId: string, status: InboxStatus, error?: string) {
      await MARK.run(redis, [eventKey(provider, eventId)], [status, error ?? '', Date.now()]);
    },
    async list(listOptions = {}) {
      const limit = listOptions.limit ?? 100;
      const found: InboxRecord[] = [];
      const page = Math.max(limit, 100);
      for (let start = 0; found.length < limit; start += page) {
        const members = await redis.zrevrange(indexKey, start, start + page - 1);
        if (members.length === 0) break;
        const keys = members.map((entry) => {
          const [provider, eventId] = JSON.parse(entry) as [string, string];
          return eventKey(provider, eventId);
        });
        const values = await redis.mget(...keys);
        const expired: string[] = [];
        values.forEach((raw, index) => {
          if (raw === null) {
            expired.push(members[index]!);
            return;
          }
          const record = JSON.parse(raw) as InboxRecord;
          if (!listOptions.status || record.status === listOptions.status) found.push(record);
        });
        if (expired.length > 0) await redis.zrem(indexKey, ...expired);
        if (members.length < page) break;
      }
      return found.slice(0, limit);
    },
  };
}
