import type { ResolvedRetention } from '@int/core';
import type { SqliteDatabase } from './sqlite-database.js';

/** Where a table keeps its finished rows of each kind, and their finish time. */
export interface FinishedRows {
  table: string;
  /** SQL conditions selecting done and failed rows. */
  where: { done: string; failed: string };
  /** The column holding when a row finished (epoch ms). */
  finishedAt: string;
}

/**
 * One prune batch as a transaction: per kind, the oldest finished rows past
 * the age, then those past the count (the newest kept), `batchSize` at most
 * for each. Returns the rows removed; run it with `.immediate()`.
 */
export function finishedRowsPruner(
  db: SqliteDatabase,
  rows: FinishedRows,
  retention: ResolvedRetention,
  now: () => number,
): { immediate(): number } {
  const statements = (['done', 'failed'] as const).map((kind) => ({
    kind,
    old: db.prepare(`DELETE FROM ${rows.table} WHERE seq IN (
      SELECT seq FROM ${rows.table} WHERE ${rows.where[kind]} AND ${rows.finishedAt} <= @cutoff
      ORDER BY ${rows.finishedAt}, seq LIMIT @limit)`),
    over: db.prepare(`DELETE FROM ${rows.table} WHERE seq IN (
      SELECT seq FROM ${rows.table} WHERE ${rows.where[kind]}
      ORDER BY ${rows.finishedAt} DESC, seq DESC LIMIT @limit OFFSET @keep)`),
  }));
  return db.transaction(() => {
    const at = now();
    const limit = retention.batchSize;
    let removed = 0;
    for (const { kind, old, over } of statements) {
      const rule = retention[kind];
      if (!rule) continue;
      removed += old.run({ cutoff: at - rule.maxAgeMs, limit }).changes;
      removed += over.run({ keep: rule.maxCount, limit }).changes;
    }
    return removed;
  });
}
