import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortError, createHttpClient, TimeoutError } from '../src/index.js';

afterEach(() => vi.restoreAllMocks());

describe('with a fetch of its own, each attempt has its own timer and abort link', () => {
  it('leaves nothing behind when it ends: its timer cleared, its listener on the caller’s signal removed', async () => {
    const started = new Map<unknown, number>();
    const cleared: unknown[] = [];
    const realSet = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) => {
      const handle = realSet(callback, ms);
      started.set(handle, ms ?? 0);
      return handle;
    }) as typeof setTimeout);
    const realClear = globalThis.clearTimeout;
    vi.spyOn(globalThis, 'clearTimeout').mockImplementation(((handle: unknown) => {
      cleared.push(handle);
      realClear(handle as ReturnType<typeof setTimeout>);
    }) as typeof clearTimeout);
    const client = createHttpClient({
      name: 'acme',
      baseURL: 'https://api.acme.test',
      timeoutMs: 12_345,
      fetch: async () => Response.json({ ok: true }),
    });
    const caller = new AbortController();
    await client.request({ method: 'POST', path: '/v1/things', body: {}, signal: caller.signal });
    await client.request({ method: 'GET', path: '/v1/things' });
    const attemptTimers = [...started].filter(([, ms]) => ms === 12_345).map(([handle]) => handle);
    expect(attemptTimers).toHaveLength(2);
    for (const handle of attemptTimers) expect(cleared).toContain(handle);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it('times out, and hands the caller’s abort on', async () => {
    // As fetch does: an aborted signal rejects, now or later.
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        if (init?.signal?.aborted) reject(init.signal.reason);
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    const client = createHttpClient({
      name: 'acme',
      baseURL: 'https://api.acme.test',
      timeoutMs: 20,
      retry: { maxRetries: 0 },
      fetch: hanging,
    });
    const timedOut = await client.request({ method: 'GET', path: '/v1/slow' }).catch((e) => e);
    expect(TimeoutError.isInstance(timedOut)).toBe(true);
    const caller = new AbortController();
    const pending = client
      .request({ method: 'GET', path: '/v1/slow', signal: caller.signal, timeoutMs: 60_000 })
      .catch((e: unknown) => e);
    caller.abort(new Error('user left'));
    expect(AbortError.isInstance(await pending)).toBe(true);
  });
});
