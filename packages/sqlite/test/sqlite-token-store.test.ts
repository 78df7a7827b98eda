import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteTokenStore } from '../src/index.js';
import { startWorker } from './children.js';
import { testSecretBox } from './secret-box.js';
import { startTokenServer } from './token-server.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'int-sqlite-tokens-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('sqliteTokenStore', () => {
  it('round-trips tokens, deletes them, and keeps no token text in the file', async () => {
    const dir = tempDir();
    const store = sqliteTokenStore({ file: join(dir, 'tokens.db'), secretBox: testSecretBox() });
    const token = {
      accessToken: 'at-SECRET-access-4242',
      refreshToken: 'rt-SECRET-refresh-4242',
      expiresAt: 1_900_000_000_000,
      tokenType: 'Bearer',
    };
    await store.set('crm', token);
    expect(await store.get('crm')).toEqual(token);
    expect(await store.get('other')).toBeUndefined();
    // The database file, its WAL and shared memory, read raw while open and after close.
    const readRaw = () =>
      readdirSync(dir)
        .map((name) => readFileSync(join(dir, name)).toString('latin1'))
        .join('');
    const whileOpen = readRaw();
    expect(readdirSync(dir).some((name) => name.endsWith('-wal'))).toBe(true);
    store.close();
    for (const raw of [whileOpen, readRaw()]) {
      expect(raw).toContain('v1.test.');
      expect(raw).not.toContain('SECRET');
      expect(raw).not.toContain('at-');
    }
    const reopened = sqliteTokenStore({ file: join(dir, 'tokens.db'), secretBox: testSecretBox() });
    expect((await reopened.get('crm'))?.accessToken).toBe('at-SECRET-access-4242');
    await reopened.delete('crm');
    expect(await reopened.get('crm')).toBeUndefined();
    reopened.close();
  });

  it('withLock runs holders one at a time and a crashed holder lock lapses after ttlMs', async () => {
    const file = join(tempDir(), 'tokens.db');
    const one = sqliteTokenStore({ file, secretBox: testSecretBox() });
    const two = sqliteTokenStore({ file, secretBox: testSecretBox() });
    let inside = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        (index % 2 ? one : two).withLock(
          'k',
          async () => {
            inside += 1;
            peak = Math.max(peak, inside);
            await new Promise((resolve) => setTimeout(resolve, 5));
            inside -= 1;
          },
          { ttlMs: 5_000 },
        ),
      ),
    );
    expect(peak).toBe(1);
    // A holder that never releases (a crashed process): simulate with a lock row that outlives fn.
    const started = Date.now();
    const hang = one.withLock('crash', () => new Promise<void>(() => undefined), { ttlMs: 150 });
    void hang;
    await new Promise((resolve) => setTimeout(resolve, 10));
    await two.withLock('crash', async () => undefined, { ttlMs: 150 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    two.close();
  });

  it('4 processes x 50 callers on an expired token make exactly one token request', async () => {
    const dir = tempDir();
    const file = join(dir, 'tokens.db');
    const store = sqliteTokenStore({ file, secretBox: testSecretBox() });
    await store.set('fedex', { accessToken: 'expired', expiresAt: Date.now() - 1_000 });
    const server = await startTokenServer();
    try {
      const workers = Array.from({ length: 4 }, () =>
        startWorker('token-worker', [file, server.url, 'fedex', '50']),
      );
      await Promise.all(workers.map((worker) => worker.message('ready')));
      for (const worker of workers) worker.send('go');
      const results = await Promise.all(
        workers.map((worker) => worker.message<{ tokens: string[] }>('tokens')),
      );
      expect(server.requests()).toBe(1);
      expect(new Set(results.flatMap((result) => result.tokens))).toEqual(
        new Set(['fresh-token-1']),
      );
      expect((await store.get('fedex'))?.accessToken).toBe('fresh-token-1');
      await Promise.all(workers.map((worker) => worker.exited));
    } finally {
      await server.close();
      store.close();
    }
  }, 30_000);
});
