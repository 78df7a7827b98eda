import {
  ConfigurationError,
  type InboxEvent,
  type InboxEventPatch,
  type InboxListOptions,
  type InboxStore,
} from '@int/core';
import { LuaScript, type RedisClient } from './lua-script.js';

export interface RedisInboxStoreOptions {
  /** The ioredis client. */
  redis: RedisClient;
  /** Prefix of every key this store writes. Default `int:inbox:`. */
  keyPrefix?: string | undefined;
  /** How long an event is kept after it arrives. Default: forever. */
  retentionMs?: number | undefined;
}

// An event is a hash whose fields hold JSON values; Lua never decodes them,
// so payload numbers keep their exact digits.
// KEYS: event hash, arrival index. ARGV: member, score, retention ms (0 = none), field, value, ...
const INSERT = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
if tonumber(ARGV[3]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return 1
`);

// KEYS: event hash. ARGV: field, value ('' deletes the field), ...
const UPDATE = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return nil end
for i = 1, #ARGV, 2 do
  if ARGV[i + 1] == '' then redis.call('HDEL', KEYS[1], ARGV[i])
  else redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
end
return redis.call('HGETALL', KEYS[1])
`);

const FIELDS: Array<keyof InboxEvent> = [
  'provider',
  'eventId',
  'type',
  'payload',
  'rawBody',
  'headers',
  'state',
  'attempts',
  'error',
  'receivedAt',
  'updatedAt',
  'processedAt',
];

function fromHash(hash: Record<string, string>): InboxEvent | undefined {
  if (!hash.provider) return undefined;
  const event: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const raw = hash[field];
    event[field] = raw === undefined ? undefined : (JSON.parse(raw) as unknown);
  }
  return event as unknown as InboxEvent;
}

function pairsToHash(pairs: string[]): Record<string, string> {
  const hash: Record<string, string> = {};
  for (let index = 0; index + 1 < pairs.length; index += 2) hash[pairs[index]!] = pairs[index + 1]!;
  return hash;
}

/**
 * A webhook `InboxStore` in Redis: one hash per provider + event id, created
 * only when absent (in one script with its arrival index), so the same event
 * delivered to many processes at once is stored once.
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

  const matches = (event: InboxEvent, listOptions: InboxListOptions) =>
    (listOptions.state === undefined || event.state === listOptions.state) &&
    (listOptions.provider === undefined || event.provider === listOptions.provider) &&
    (listOptions.eventId === undefined || event.eventId === listOptions.eventId);

  const get = async (provider: string, eventId: string) =>
    fromHash(await redis.hgetall(eventKey(provider, eventId)));

  return {
    async insertIfAbsent(event) {
      const fields: string[] = [];
      for (const field of FIELDS) {
        const value = event[field];
        if (value !== undefined) fields.push(field, JSON.stringify(value));
      }
      const stored = await INSERT.run(
        redis,
        [eventKey(event.provider, event.eventId), indexKey],
        [member(event.provider, event.eventId), event.receivedAt, retentionMs, ...fields],
      );
      return stored === 1;
    },
    get,
    async update(provider, eventId, patch: InboxEventPatch & { updatedAt: number }) {
      const fields: string[] = [];
      for (const [field, value] of Object.entries(patch)) {
        // A field present with `undefined` clears it.
        fields.push(field, value === undefined ? '' : JSON.stringify(value));
      }
      const pairs = (await UPDATE.run(redis, [eventKey(provider, eventId)], fields)) as
        | string[]
        | null;
      return pairs ? fromHash(pairsToHash(pairs)) : undefined;
    },
    async list(listOptions: InboxListOptions = {}) {
      const limit = listOptions.limit ?? 100;
      if (listOptions.provider !== undefined && listOptions.eventId !== undefined) {
        const event = await get(listOptions.provider, listOptions.eventId);
        return event && matches(event, listOptions) ? [event] : [];
      }
      const found: InboxEvent[] = [];
      const page = Math.max(limit, 100);
      for (let start = 0; found.length < limit; start += page) {
        const members = await redis.zrevrange(indexKey, start, start + page - 1);
        if (members.length === 0) break;
        const pipeline = redis.pipeline();
        for (const entry of members) {
          const [provider, eventId] = JSON.parse(entry) as [string, string];
          pipeline.hgetall(eventKey(provider, eventId));
        }
        const results = (await pipeline.exec()) ?? [];
        const expired: string[] = [];
        results.forEach(([, hash], index) => {
          const event = fromHash((hash ?? {}) as Record<string, string>);
          if (!event) {
            expired.push(members[index]!);
            return;
          }
          if (matches(event, listOptions)) found.push(event);
        });
        if (expired.length > 0) await redis.zrem(indexKey, ...expired);
        if (members.length < page) break;
      }
      return found.slice(0, limit);
    },
  };
}
