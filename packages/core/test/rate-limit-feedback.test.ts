import { describe, expect, it } from 'vitest';
import { type AnsweredCall, memoryRateLimiter, rateLimitFeedback } from '../src/index.js';

function observingLimiter() {
  const seen: Array<[string, AnsweredCall]> = [];
  const limiter = {
    acquire: async () => () => undefined,
    observe: (key: string, answer: AnsweredCall) => {
      seen.push([key, answer]);
    },
  };
  return { limiter, seen };
}

const answer = (status: number) => async () =>
  new Response('{}', { status, headers: { 'x-limit-remaining': '7' } });

describe('rateLimitFeedback', () => {
  it('hands every answer but a 429 from the transport, with when its call was sent', async () => {
    const { limiter, seen } = observingLimiter();
    let now = 100;
    let key: string | undefined;
    const feedback = rateLimitFeedback(limiter, {
      clock: { now: () => now++ },
      keyOf: () => key,
      retryHint: () => undefined,
    });
    const send = feedback.wrapFetch(answer(200) as typeof fetch)!;
    await send('https://api.example.com/a');
    // No key yet (the first call's credential is still being read): nothing observed.
    expect(seen).toEqual([]);
    key = 'account-1';
    await send('https://api.example.com/a');
    expect(seen).toHaveLength(1);
    expect(seen[0]![0]).toBe('account-1');
    expect(seen[0]![1].status).toBe(200);
    expect(seen[0]![1].sentAt).toBe(101);
    expect(new Headers(seen[0]![1].headers).get('x-limit-remaining')).toBe('7');
    await feedback.wrapFetch(answer(429) as typeof fetch)!('https://api.example.com/a');
    expect(seen).toHaveLength(1);
  });

  it('hands a 429 from the retry hint with its body, and keeps the provider hint', () => {
    const { limiter, seen } = observingLimiter();
    const feedback = rateLimitFeedback(limiter, {
      clock: { now: () => 0 },
      keyOf: () => 'account-1',
      retryHint: (response) => (response.status === 429 ? 'retry' : 'no-retry'),
    });
    const response = { status: 429, headers: new Headers(), body: { policyName: 'SECONDLY' } };
    expect(feedback.retryHint(response)).toBe('retry');
    expect(feedback.retryHint({ ...response, status: 500 })).toBe('no-retry');
    expect(seen).toEqual([['account-1', response]]);
  });

  it('leaves the transport alone for a limiter that does not observe', () => {
    const userFetch = answer(200) as typeof fetch;
    const feedback = rateLimitFeedback(memoryRateLimiter({ limit: 1, intervalMs: 1 }), {
      clock: { now: () => 0 },
      keyOf: () => 'k',
      retryHint: () => undefined,
    });
    expect(feedback.wrapFetch(userFetch)).toBe(userFetch);
    expect(
      rateLimitFeedback(undefined, {
        clock: { now: () => 0 },
        keyOf: () => 'k',
        retryHint: () => undefined,
      }).wrapFetch(undefined),
    ).toBeUndefined();
  });
});
