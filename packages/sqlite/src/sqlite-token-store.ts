import { randomUUID } from 'node:crypto';
import {
  ConfigurationError,
  keyedMutex,
  type SecretBox,
  type StoredToken,
  type TokenStore,
  type WithLockOptions,
} from '@int/core';
import {
  type Migration,
  migrate,
  openDatabase,
  type SqliteFileOptions,
} from './sqlite-database.js';

export interface SqliteTokenStoreOptions extends SqliteFileOptions {
  /** Encrypts every token before it is written; the file never holds token text. */
  secretBox: SecretBox;
  /** How often a process waiting for another process' lock asks again. Default 20 ms (with jitter). */
  lockPollIntervalMs?: number | undefined;
}

const migrations: Migration[] = [
  (db) => {
    db.exec(`
      CREATE TABLE int_tokens (key TEXT PRIMARY KEY, sealed TEXT NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE int_locks (key TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL);
    `);
  },
];

/**
 * A `TokenStore` in a SQLite file: tokens sealed with `secretBox` (the store
 * key is bound as associated data, so a sealed value moved to another key does
 * not open), and `withLock` held in a table row with an expiry, so processes
 * on one machine refresh a token once between them. A crashed holder's lock
 * lapses after `ttlMs`; only the holder's own release deletes it.
 */
export function sqliteTokenStore(options: SqliteTokenStoreOptions): TokenStore & {
  close(): void;
} {
  if (!options?.file) {
    throw new ConfigurationError('sqliteTokenStore needs a `file`.', { option: 'file' });
  }
  if (!options.secretBox) {
    throw new ConfigurationError(
      'sqliteTokenStore needs a `secretBox` to encrypt tokens at rest (SecretBox.fromEnv()).',
      { option: 'secretBox' },
    );
  }
  const { secretBox } = options;
  const pollMs = options.lockPollIntervalMs ?? 20;
  const db = openDatabase(options);
  migrate(db, 'tokens', migrations);

  const select = db.prepare('SELECT sealed FROM int_tokens WHERE key = ?');
  const upsert = db.prepare(
    'INSERT INTO int_tokens (key, sealed, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at',
  );
  const remove = db.prepare('DELETE FROM int_tokens WHERE key = ?');
  const clearExpired = db.prepare('DELETE FROM int_locks WHERE key = ? AND expires_at <= ?');
  const take = db.prepare(
    'INSERT INTO int_locks (key, owner, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING',
  );
  const release = db.prepare('DELETE FROM int_locks WHERE key = ? AND owner = ?');
  const tryLock = db.transaction((key: string, owner: string, ttlMs: number): boolean => {
    const now = Date.now();
    clearExpired.run(key, now);
    return take.run(key, owner, now + ttlMs).changes === 1;
  });

  // Callers in this process queue on a promise chain first, so only one of
  // them at a time polls the shared lock.
  const localLocks = keyedMutex();

  const acquire = async (key: string, ttlMs: number): Promise<string> => {
    const owner = randomUUID();
    while (!tryLock.immediate(key, owner, ttlMs)) {
      await new Promise((resolve) => setTimeout(resolve, pollMs / 2 + Math.random() * pollMs));
    }
    return owner;
  };

  return {
    async get(key) {
      const row = select.get(key) as { sealed: string } | undefined;
      if (!row) return undefined;
      return JSON.parse(await secretBox.open(row.sealed, { associatedData: key })) as StoredToken;
    },
    async set(key, token) {
      const sealed = await secretBox.seal(JSON.stringify(token), { associatedData: key });
      upsert.run(key, sealed, Date.now());
    },
    async delete(key) {
      remove.run(key);
    },
    async withLock<T>(key: string, fn: () => Promise<T>, lockOptions: WithLockOptions): Promise<T> {
      const ttlMs = lockOptions?.ttlMs ?? 30_000;
      // One caller per process polls the shared lock; the others queue here.
      return localLocks.run(key, async () => {
        const owner = await acquire(key, ttlMs);
        try {
          return await fn();
        } finally {
          release.run(key, owner);
        }
      });
    },
    close() {
      db.close();
    },
  };
}
