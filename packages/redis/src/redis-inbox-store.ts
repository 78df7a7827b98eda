import {
  backgroundPruner,
  type Clock,
  ConfigurationError,
  DEFAULT_INBOX_RETENTION,
  type InboxEvent,
  type InboxEventPatch,
  type InboxListOptions,
  type InboxStore,
  type Logger,
  type RetentionOptions,
  resolveRetention,
  silentLogger,
  systemClock,
} from '@int/core';
import { LuaScript, type RedisClient } from './lua-script.js';

export interface RedisInboxStoreOptions {
  /** The ioredis client. */
  redis: RedisClient;
  /** Prefix of every key this store writes. Default `int:inbox:`. */
  keyPrefix?: string | undefined;
  /**
   * How long finished events are kept; a kept event's id still dedups a
   * redelivery. Default core's `DEFAULT_INBOX_RETENTION`: processed and
   * ignored events for 7 days, at most 100 000; failed ones for 30 days, at
   * most 100 000; pruned every minute, 500 at a time. Events still to do
   * (received, processing) are never removed. `false` keeps every event.
   */
  retention?: RetentionOptions | false | undefined;
  /** Time source of the finish times retention compares. Default `systemClock`. */
  clock?: Clock | undefined;
  /** Receives `webhook.prune_failed`. Default `silentLogger`. */
  logger?: Logger | undefined;
}

export interface RedisInboxStore extends InboxStore {
  /** Removes the finished events retention no longer keeps, in batches; resolves to how many. */
  prune(): Promise<number>;
  /** Stops background pruning (the Redis client is yours to close). */
  close(): Promise<void>;
}

// An event is a hash whose fields hold JSON values; Lua never decodes them,
// so payload numbers keep their exact digits. Finished events are also in a
// sorted set per retention kind (done: processed or ignored; failed), scored
// by the time they finished, kept in step with the state by these scripts.
const KIND_OF_STATE = `
local function kindOf(state)
  if state == '"processed"' or state == '"ignored"' then return 'done' end
  if state == '"failed"' then return 'failed' end
  return nil
end
`;

// KEYS: event hash, arrival index, done set. ARGV: member, score, field, value, ...
const INSERT = new LuaScript(`${KIND_OF_STATE}
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local state
for i = 3, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  if ARGV[i] == 'state' then state = ARGV[i + 1] end
end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
if kindOf(state) == 'done' then redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1]) end
return 1
`);

// KEYS: event hash, done set, failed set. ARGV: member, updatedAt, field, value ('' deletes the field), ...
const UPDATE = new LuaScript(`${KIND_OF_STATE}
if redis.call('EXISTS', KEYS[1]) == 0 then return nil end
for i = 3, #ARGV, 2 do
  if ARGV[i + 1] == '' then redis.call('HDEL', KEYS[1], ARGV[i])
  else redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
end
local kind = kindOf(redis.call('HGET', KEYS[1], 'state'))
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
if kind == 'done' then redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1]) end
if kind == 'failed' then redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1]) end
return redis.call('HGETALL', KEYS[1])
`);

// One batch of one kind: up to ARGV[4] events finished at or before ARGV[2],
// then up to ARGV[4] of the oldest beyond the newest ARGV[3]. Membership in
// the set means finished (the scripts above keep it so), so nothing still to
// do is removed. Event keys are built here from the prefix: not for Cluster.
// KEYS: kind set, arrival index. ARGV: event key prefix, cutoff, max count, limit.
const PRUNE = new LuaScript(`
local removed = 0
local function drop(member)
  redis.call('DEL', ARGV[1] .. member)
  redis.call('ZREM', KEYS[1], member)
  redis.call('ZREM', KEYS[2], member)
  removed = removed + 1
end
for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, ARGV[4])) do
  drop(member)
end
local excess = math.min(redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[3]), tonumber(ARGV[4]))
if excess > 0 then
  for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, excess - 1)) do drop(member) end
end
return removed
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
export function redisInboxStore(options: RedisInboxStoreOptions): RedisInboxStore {
  if (!options?.redis) {
    throw new ConfigurationError('redisInboxStore needs an ioredis client in `redis`.', {
      option: 'redis',
    });
  }
  const { redis } = options;
  const keyPrefix = options.keyPrefix ?? 'int:inbox:';
  const retention = resolveRetention(options.retention, DEFAULT_INBOX_RETENTION);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const member = (provider: string, eventId: string) => JSON.stringify([provider, eventId]);
  const eventKey = (provider: string, eventId: string) =>
    `${keyPrefix}event:${member(provider, eventId)}`;
  const indexKey = `${keyPrefix}index`;
  const kindKeys = { done: `${keyPrefix}finished:done`, failed: `${keyPrefix}finished:failed` };
  const pruner = backgroundPruner({
    intervalMs: retention.intervalMs,
    batchSize: retention.batchSize,
    pruneBatch: async () => {
      let removed = 0;
      const now = clock.now();
      for (const kind of ['done', 'failed'] as const) {
        const rule = retention[kind];
        if (!rule) continue;
        removed += (await PRUNE.run(
          redis,
          [kindKeys[kind], indexKey],
          [`${keyPrefix}event:`, now - rule.maxAgeMs, rule.maxCount, retention.batchSize],
        )) as number;
      }
      return removed;
    },
    onError: (error) =>
      logger.warn(
        { event: 'webhook.prune_failed', error: (error as Error).message },
        'Could not prune finished webhook events; retrying on the next interval',
      ),
  });

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
        [eventKey(event.provider, event.eventId), indexKey, kindKeys.done],
        [member(event.provider, event.eventId), event.receivedAt, ...fields],
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
      const pairs = (await UPDATE.run(
        redis,
        [eventKey(provider, eventId), kindKeys.done, kindKeys.failed],
        [member(provider, eventId), patch.updatedAt, ...fields],
      )) as string[] | null;
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
    prune: () => pruner.prune(),
    close: () => pruner.stop(),
  };
}
