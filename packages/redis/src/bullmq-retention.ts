import type { ResolvedRetention, RetentionRule } from '@int/core';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

// An id in the id -> name hash whose job is gone is deleted only if it is
// still gone this long after it was first seen so: an enqueue writes the hash
// a moment before BullMQ adds the job.
const ORPHAN_GRACE_MS = 60_000;

/**
 * One background batch of `bullmqQueue`'s retention, per job name: BullMQ's
 * `Queue.clean` (oldest first, `batchSize` at a time) removes finished jobs
 * past the age, then past the count; the ids it returns leave the id -> name
 * hash at once. Not `removeOnComplete`/`removeOnFail`: BullMQ would drop jobs
 * inside its own scripts without telling us which, and the hash would keep
 * every id forever. A slow scan (one hash page per batch) also drops ids
 * whose job went some other way (a crash between the two writes, a manual
 * `obliterate`).
 */
export function bullmqPruner(options: {
  client: Redis;
  retention: ResolvedRetention;
  idsKey: string;
  names: () => Promise<string[]>;
  queueFor: (name: string) => Queue;
  /** BullMQ's key of a job: `<prefix>:<queue>:<encoded id>`. */
  jobKey: (name: string, bullJobId: string) => string;
  encodeJobId: (jobId: string) => string;
  decodeJobId: (bullJobId: string) => string;
  now: () => number;
}): () => Promise<number> {
  const { client, retention } = options;
  let cursor = '0';
  const suspects = new Map<string, number>();

  const forget = async (bullJobIds: string[]) => {
    if (bullJobIds.length > 0)
      await client.hdel(options.idsKey, ...bullJobIds.map(options.decodeJobId));
    return bullJobIds.length;
  };

  const cleanKind = async (
    queue: Queue,
    rule: Required<RetentionRule>,
    type: 'completed' | 'failed',
  ) => {
    const batch = retention.batchSize;
    let removed = await forget(await queue.clean(rule.maxAgeMs, batch, type));
    const excess = Math.min(batch, (await queue.getJobCountByTypes(type)) - rule.maxCount);
    // clean() takes the oldest first: a grace of 0 with the excess as its limit keeps the newest maxCount.
    if (excess > 0) removed += await forget(await queue.clean(0, excess, type));
    return removed;
  };

  const pruneOrphanIds = async (): Promise<number> => {
    const [next, flat] = await client.hscan(options.idsKey, cursor, 'COUNT', retention.batchSize);
    cursor = next;
    const entries: Array<[string, string]> = [];
    for (let index = 0; index + 1 < flat.length; index += 2) {
      entries.push([flat[index]!, flat[index + 1]!]);
    }
    if (entries.length === 0) return 0;
    const pipeline = client.pipeline();
    for (const [jobId, name] of entries) {
      pipeline.exists(options.jobKey(name, options.encodeJobId(jobId)));
    }
    const results = (await pipeline.exec()) ?? [];
    const now = options.now();
    const gone: string[] = [];
    entries.forEach(([jobId], index) => {
      if (results[index]?.[1] === 1) {
        suspects.delete(jobId);
        return;
      }
      const since = suspects.get(jobId);
      if (since === undefined) suspects.set(jobId, now);
      else if (now - since >= ORPHAN_GRACE_MS) gone.push(jobId);
    });
    for (const jobId of gone) suspects.delete(jobId);
    return gone.length > 0 ? client.hdel(options.idsKey, ...gone) : 0;
  };

  return async () => {
    let removed = 0;
    for (const name of await options.names()) {
      const queue = options.queueFor(name);
      if (retention.done) removed += await cleanKind(queue, retention.done, 'completed');
      if (retention.failed) removed += await cleanKind(queue, retention.failed, 'failed');
    }
    if (retention.done || retention.failed) removed += await pruneOrphanIds();
    return removed;
  };
}
