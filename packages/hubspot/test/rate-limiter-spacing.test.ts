import { createTestClock } from '@int/core/testing';
import { describe, expect, it } from 'vitest';
import { hubSpotRateLimiter } from '../src/index.js';

const WINDOW_MS = 1_000;
/** From send to HubSpot's count. */
const ARRIVAL_MS = 2;

interface Call {
  issuedAt: number;
  sentAt: number;
  answeredAt: number;
  /** HubSpot's count when the call arrived, itself included. */
  counted: number;
}

/**
 * The limiter against a HubSpot that counts each call when it arrives among
 * the calls of the last window and sends `Remaining` back with the answer,
 * all on one manual clock.
 */
function simulate(burst: number) {
  const clock = createTestClock({ mode: 'manual', now: 0 });
  const limiter = hubSpotRateLimiter({ burst, windowMs: WINDOW_MS, clock });
  const arrivals: number[] = [];
  const calls: Call[] = [];

  const call = async (answerAfterMs: number) => {
    const issuedAt = clock.now();
    const release = await limiter.acquire('acct');
    const sentAt = clock.now();
    await clock.sleep(ARRIVAL_MS);
    const arrivedAt = clock.now();
    arrivals.push(arrivedAt);
    const counted = arrivals.filter((at) => at > arrivedAt - WINDOW_MS).length;
    await clock.sleep(answerAfterMs);
    limiter.observe('acct', {
      status: 200,
      headers: {
        'x-hubspot-ratelimit-max': String(burst),
        'x-hubspot-ratelimit-remaining': String(Math.max(0, burst - counted)),
        'x-hubspot-ratelimit-interval-milliseconds': String(WINDOW_MS),
      },
      sentAt,
    });
    release();
    calls.push({ issuedAt, sentAt, answeredAt: clock.now(), counted });
  };

  /** Fires the timers in order until every caller has finished. */
  const drive = async (callers: Array<Promise<void>>) => {
    let finished = false;
    const all = Promise.all(callers).then(() => {
      finished = true;
    });
    while (!finished) {
      if (!(await clock.runNext())) await new Promise((resolve) => setImmediate(resolve));
    }
    await all;
  };

  return { clock, call, calls, drive };
}

describe('hubSpotRateLimiter spacing', () => {
  it('a slow answer does not take budget that ended here meanwhile for another process spending', async () => {
    // Budget 2. The first call's slot ends at 1 012 (answer at 12). The second, sent at 500 and
    // counted by HubSpot together with the first, answers at 1 102 with Remaining 0: both calls
    // are this process's own, so nothing is reserved and a third call at 1 200 goes at once.
    // (Compared with the local count at the answer, the first call's ended slot looked like
    // someone else's spending and held the third call until 2 102.)
    const { clock, call, calls, drive } = simulate(2);
    const at = async (issueAt: number, answerAfterMs: number) => {
      await clock.sleep(issueAt);
      await call(answerAfterMs);
    };
    await drive([at(0, 10), at(500, 600), at(1_200, 10)]);
    expect(calls.map((entry) => [entry.issuedAt, entry.sentAt, entry.counted])).toEqual([
      [0, 0, 1],
      [500, 500, 2],
      [1_200, 1_200, 2],
    ]);
  });

  it('100 calls three at a time: each slot is taken again one window after its answer, never more than the budget at HubSpot', async () => {
    const burst = 10;
    const { call, calls, drive } = simulate(burst);
    let next = 0;
    const worker = async () => {
      while (next < 100) {
        const index = next++;
        await call(((index * 7) % 9) + 1);
      }
    };
    await drive([worker(), worker(), worker()]);

    expect(calls).toHaveLength(100);
    expect(Math.max(...calls.map((entry) => entry.counted))).toBe(burst);
    const slotEnds = new Set(calls.map((entry) => entry.answeredAt + WINDOW_MS));
    const waited = calls.filter((entry) => entry.sentAt > entry.issuedAt);
    expect(waited.length).toBeGreaterThan(50);
    for (const entry of waited) {
      // It went the moment a slot ended, and until then every slot was held by a call of its own.
      expect(slotEnds.has(entry.sentAt)).toBe(true);
      const held = calls.filter(
        (other) =>
          other !== entry &&
          other.sentAt < entry.sentAt &&
          other.answeredAt + WINDOW_MS >= entry.sentAt,
      ).length;
      expect(held).toBeGreaterThanOrEqual(burst);
    }
    // Ten windows of ten calls: the last goes nine windows in, plus a round trip per window.
    const last = Math.max(...calls.map((entry) => entry.answeredAt));
    expect(last).toBeLessThanOrEqual(9 * WINDOW_MS * 1.02);
  });
});
