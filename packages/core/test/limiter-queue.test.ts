import { describe, expect, it } from 'vitest';
import { ExpiringCosts } from '../src/expiring-costs.js';
import { limiterQueue } from '../src/index.js';
import { createTestClock } from '../src/testing/index.js';

/** One start per window of 100 ms, held from the start until a window after the release. */
function oneAtATime(clock: ReturnType<typeof createTestClock>) {
  return limiterQueue<{ costs: ExpiringCosts; inFlight: number }, { cost: number }>({
    clock,
    create: () => ({ costs: new ExpiringCosts(), inFlight: 0 }),
    blockedUntil(state, request, now) {
      if (state.inFlight > 0) return Number.POSITIVE_INFINITY;
      if (state.costs.heldAt(now, now - 100) + request.cost > 1) {
        return state.costs.nextExpiry(now) ?? Number.POSITIVE_INFINITY;
      }
      return 0;
    },
    take(state, request) {
      state.inFlight += request.cost;
      return () => {
        state.inFlight -= request.cost;
        state.costs.add(clock.now() + 100, request.cost);
      };
    },
    idle: (state, now) => state.inFlight === 0 && state.costs.heldAt(now, now - 100) === 0,
  });
}

describe('limiterQueue', () => {
  it('grants in order, waking the head when its budget comes back', async () => {
    const clock = createTestClock({ mode: 'manual', now: 0 });
    const queue = oneAtATime(clock);
    const starts: Array<[string, number]> = [];
    const call = async (name: string) => {
      const release = await queue.acquire('account', { cost: 1 }, undefined);
      starts.push([name, clock.now()]);
      await clock.sleep(10);
      release();
      release(); // a second release gives nothing back
    };
    const calls = [call('a'), call('b'), call('c')];
    while (starts.length < 3 || clock.pending > 0) {
      if (!(await clock.runNext())) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(calls);
    expect(starts).toEqual([
      ['a', 0],
      ['b', 110],
      ['c', 220],
    ]);
  });

  it('an aborted waiter leaves the queue and the next one goes', async () => {
    const clock = createTestClock({ mode: 'manual', now: 0 });
    const queue = oneAtATime(clock);
    const first = await queue.acquire('account', { cost: 1 }, undefined);
    const controller = new AbortController();
    const aborted = queue.acquire('account', { cost: 1 }, controller.signal);
    let granted = false;
    const next = queue.acquire('account', { cost: 1 }, undefined).then((release) => {
      granted = true;
      return release;
    });
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    first();
    await clock.advance(100);
    (await next)();
    expect(granted).toBe(true);
    await expect(
      queue.acquire('account', { cost: 1 }, AbortSignal.abort(new Error('early'))),
    ).rejects.toThrow('early');
  });

  it('keeps a state per key, pumps after a change from outside and drops an idle key', async () => {
    const clock = createTestClock({ mode: 'manual', now: 0 });
    const queue = oneAtATime(clock);
    (await queue.acquire('a', { cost: 1 }, undefined))();
    // Another key is not slowed by the first one's spent budget.
    (await queue.acquire('b', { cost: 1 }, undefined))();
    let grantedAt: number | undefined;
    const waiting = queue.acquire('a', { cost: 1 }, undefined).then((release) => {
      grantedAt = clock.now();
      return release;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(grantedAt).toBeUndefined();
    // Budget given back from outside (an answer's headers, say) counts at the next pump.
    const state = queue.state('a');
    state.costs = new ExpiringCosts();
    queue.pump('a');
    (await waiting)();
    expect(grantedAt).toBe(0);
    await clock.advance(200);
    queue.pump('a');
    expect(queue.state('a')).not.toBe(state);
  });
});

describe('ExpiringCosts', () => {
  it('counts what is held at a moment, in any order of adding', () => {
    const costs = new ExpiringCosts();
    costs.add(300, 2);
    costs.add(100, 1);
    costs.add(200, 4);
    expect(costs.heldAt(0, -1)).toBe(7);
    expect(costs.heldAt(150, -1)).toBe(6);
    expect(costs.nextExpiry(150)).toBe(200);
    // A past moment still sees a part kept after its expiry…
    expect(costs.heldAt(50, 0)).toBe(7);
    // …until it falls before `keepAfter`.
    expect(costs.heldAt(50, 100)).toBe(6);
    expect(costs.nextExpiry(300)).toBeUndefined();
  });
});
