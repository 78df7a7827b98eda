import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCircuitBreaker, silentLogger } from '@int/core';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteCircuitStore } from '../src/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('sqliteCircuitStore', () => {
  it('two connections to one file (two workers) share one breaker and one probe', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'int-sqlite-circuit-'));
    dirs.push(dir);
    const file = join(dir, 'circuits.db');
    const stores = [sqliteCircuitStore({ file }), sqliteCircuitStore({ file })];
    const [first, second] = stores.map((store) =>
      createCircuitBreaker(
        { minimumCalls: 4, failureRate: 0.5, cooldownMs: 10_000, store },
        { provider: 'fedex', logger: silentLogger },
      ),
    );
    const now = 1_800_000_000_000;
    for (let call = 0; call < 4; call += 1) {
      const breaker = call % 2 === 0 ? first! : second!;
      await breaker.admit('acct', now);
      await breaker.settle('acct', { unwell: true, probe: false }, now);
    }
    expect(await first!.admit('acct', now + 1)).toEqual({ allowed: false, retryAfterMs: 9_999 });
    expect(await second!.admit('acct', now + 1)).toEqual({ allowed: false, retryAfterMs: 9_999 });
    expect(await second!.admit('acct', now + 10_000)).toEqual({ allowed: true, probe: true });
    expect((await first!.admit('acct', now + 10_000)).allowed).toBe(false);
    await second!.settle('acct', { unwell: false, probe: true }, now + 10_050);
    expect(await first!.status('acct', now + 10_100)).toBe('closed');
    for (const store of stores) store.close();
  });
});
