import { describe, expect, it } from 'vitest';
import {
  decideRetry,
  type RetryDecision,
  type RetryDecisionInput,
  type RetryLimits,
  type RetryStopReason,
  repeatStop,
} from '../src/http/retry-decision.js';
import { DEFAULT_RETRY_STATUSES } from '../src/index.js';

// Default limits; random 0.5 makes the first backoff 250 ms (half of 500).
const limits: RetryLimits = {
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};
const base: RetryDecisionInput = {
  failure: { kind: 'status', status: 503 },
  method: 'GET',
  idempotent: false,
  hasIdempotencyKey: false,
  retryStatuses: new Set(DEFAULT_RETRY_STATUSES),
  notActedOnStatuses: new Set(),
  limits,
  retriesDone: 0,
  deadlineLeftMs: 120_000,
  retryAfterMs: undefined,
  random: () => 0.5,
};

const retry = (delayMs: number, reason: string): RetryDecision => ({
  retry: true,
  delayMs,
  reason,
});
const stop = (reason: RetryStopReason): RetryDecision => ({ retry: false, reason });

const post = { method: 'POST' };
const rateLimited = { failure: { kind: 'status', status: 429 } } as const;
const hubSpotLike = { notActedOnStatuses: new Set([429]) };

describe('decideRetry', () => {
  it.each<[string, Partial<RetryDecisionInput>, RetryDecision]>([
    // 5xx and who may repeat it
    ['503 on GET', {}, retry(250, 'status 503')],
    ['503 on PUT', { method: 'PUT' }, retry(250, 'status 503')],
    ['503 on DELETE', { method: 'DELETE' }, retry(250, 'status 503')],
    ['503 on POST without key', post, stop('unsafe-to-repeat')],
    ['503 on PATCH without key', { method: 'PATCH' }, stop('unsafe-to-repeat')],
    ['503 on POST with key', { ...post, hasIdempotencyKey: true }, retry(250, 'status 503')],
    ['503 on POST marked idempotent', { ...post, idempotent: true }, retry(250, 'status 503')],
    [
      '500 on GET, second retry',
      { failure: { kind: 'status', status: 500 }, retriesDone: 1 },
      retry(500, 'status 500'),
    ],
    // 429 and Retry-After
    ['429 without Retry-After backs off', rateLimited, retry(250, 'status 429')],
    [
      '429 with Retry-After waits it',
      { ...rateLimited, retryAfterMs: 2_000 },
      retry(2_000, 'status 429'),
    ],
    ['Retry-After of 0', { ...rateLimited, retryAfterMs: 0 }, retry(0, 'status 429')],
    [
      'Retry-After at maxRetryAfterMs',
      { ...rateLimited, retryAfterMs: 60_000 },
      retry(60_000, 'status 429'),
    ],
    [
      'Retry-After above maxRetryAfterMs',
      { ...rateLimited, retryAfterMs: 60_001 },
      stop('retry-after-too-long'),
    ],
    ['429 on POST without key', { ...rateLimited, ...post }, stop('unsafe-to-repeat')],
    // notActedOnStatuses: answered before acting, so any method may repeat
    [
      '429 on POST, 429 not acted on',
      { ...rateLimited, ...post, ...hubSpotLike },
      retry(250, 'status 429'),
    ],
    [
      '429 on PATCH, 429 not acted on, Retry-After',
      { ...rateLimited, method: 'PATCH', ...hubSpotLike, retryAfterMs: 1_000 },
      retry(1_000, 'status 429'),
    ],
    ['503 on POST, only 429 not acted on', { ...post, ...hubSpotLike }, stop('unsafe-to-repeat')],
    [
      '429 on POST not acted on but hint no-retry',
      { failure: { kind: 'status', status: 429, hint: 'no-retry' }, ...post, ...hubSpotLike },
      stop('hint-no-retry'),
    ],
    [
      '429 on POST not acted on but quota',
      { failure: { kind: 'status', status: 429, quota: true }, ...post, ...hubSpotLike },
      stop('quota'),
    ],
    [
      '404 on POST, 404 not acted on, not a retry status',
      { failure: { kind: 'status', status: 404 }, ...post, notActedOnStatuses: new Set([404]) },
      stop('not-retryable'),
    ],
    // provider hints win over the status list both ways
    [
      '409 with hint retry',
      { failure: { kind: 'status', status: 409, hint: 'retry' } },
      retry(250, 'status 409'),
    ],
    [
      '503 with hint no-retry',
      { failure: { kind: 'status', status: 503, hint: 'no-retry' } },
      stop('hint-no-retry'),
    ],
    [
      '409 with hint retry on POST without key',
      { failure: { kind: 'status', status: 409, hint: 'retry' }, ...post },
      stop('unsafe-to-repeat'),
    ],
    // quota errors are never retried
    ['quota 429 on GET', { failure: { kind: 'status', status: 429, quota: true } }, stop('quota')],
    [
      'quota 429 with a short Retry-After',
      { failure: { kind: 'status', status: 429, quota: true }, retryAfterMs: 10 },
      stop('quota'),
    ],
    // 4xx
    ['400', { failure: { kind: 'status', status: 400 } }, stop('not-retryable')],
    ['401', { failure: { kind: 'status', status: 401 } }, stop('not-retryable')],
    ['404', { failure: { kind: 'status', status: 404 } }, stop('not-retryable')],
    ['422', { failure: { kind: 'status', status: 422 } }, stop('not-retryable')],
    ['408', { failure: { kind: 'status', status: 408 } }, retry(250, 'status 408')],
    ['503 not in custom retryStatuses', { retryStatuses: new Set([500]) }, stop('not-retryable')],
    // network errors: before sending vs after
    [
      'connection refused on POST (nothing sent)',
      { failure: { kind: 'connection', beforeRequestSent: true }, ...post },
      retry(250, 'ConnectionError'),
    ],
    [
      'connection reset on POST (maybe acted on)',
      { failure: { kind: 'connection', beforeRequestSent: false }, ...post },
      stop('unsafe-to-repeat'),
    ],
    [
      'connection reset on GET',
      { failure: { kind: 'connection', beforeRequestSent: false } },
      retry(250, 'ConnectionError'),
    ],
    [
      'connection reset on POST with key',
      {
        failure: { kind: 'connection', beforeRequestSent: false },
        ...post,
        hasIdempotencyKey: true,
      },
      retry(250, 'ConnectionError'),
    ],
    // timeouts
    ['timeout on GET', { failure: { kind: 'timeout' } }, retry(250, 'TimeoutError')],
    [
      'timeout on POST without key',
      { failure: { kind: 'timeout' }, ...post },
      stop('unsafe-to-repeat'),
    ],
    [
      'timeout on POST with key',
      { failure: { kind: 'timeout' }, ...post, hasIdempotencyKey: true },
      retry(250, 'TimeoutError'),
    ],
    [
      'timeout ignores a Retry-After',
      { failure: { kind: 'timeout' }, retryAfterMs: 5_000 },
      retry(250, 'TimeoutError'),
    ],
    // a 2xx body that is not JSON
    [
      'invalid body on GET',
      { failure: { kind: 'invalid-body', status: 200 } },
      retry(250, 'invalid response body'),
    ],
    [
      'invalid body on POST without key',
      { failure: { kind: 'invalid-body', status: 200 }, ...post, ...hubSpotLike },
      stop('unsafe-to-repeat'),
    ],
    // other errors
    ['a response too large', { failure: { kind: 'other' } }, stop('not-retryable')],
    // budget: deadline and retries
    ['deadline exhausted', { deadlineLeftMs: 0 }, stop('deadline')],
    ['deadline shorter than the backoff', { deadlineLeftMs: 249 }, stop('deadline')],
    ['deadline just enough', { deadlineLeftMs: 250 }, retry(250, 'status 503')],
    [
      'deadline shorter than Retry-After',
      { ...rateLimited, retryAfterMs: 4_000, deadlineLeftMs: 3_999 },
      stop('deadline'),
    ],
    ['maxRetries reached', { retriesDone: 2 }, stop('max-retries')],
    ['maxRetries 0', { limits: { ...limits, maxRetries: 0 } }, stop('max-retries')],
    ['retries off for the request', { limits: false }, stop('retries-off')],
  ])('%s', (_name, overrides, expected) => {
    expect(decideRetry({ ...base, ...overrides })).toEqual(expected);
  });

  it('draws the jitter only when it retries on backoff', () => {
    let draws = 0;
    const random = () => {
      draws += 1;
      return 0.999;
    };
    expect(
      decideRetry({ ...base, random, retriesDone: 3, limits: { ...limits, maxRetries: 9 } }),
    ).toEqual(retry(3996, 'status 503'));
    expect(decideRetry({ ...base, random, failure: { kind: 'status', status: 400 } })).toEqual(
      stop('not-retryable'),
    );
    expect(decideRetry({ ...base, random, ...rateLimited, retryAfterMs: 1_000 })).toEqual(
      retry(1_000, 'status 429'),
    );
    expect(draws).toBe(1);
  });
});

describe('repeatStop (the retryable core gives an error)', () => {
  it.each<[string, Partial<RetryDecisionInput>, RetryStopReason | undefined]>([
    ['503 on GET', {}, undefined],
    ['503 on POST without key', post, 'unsafe-to-repeat'],
    ['400 on GET', { failure: { kind: 'status', status: 400 } }, 'not-retryable'],
    ['429 on POST, not acted on', { ...rateLimited, ...post, ...hubSpotLike }, undefined],
    // The budget does not count: the same call may still succeed later.
    ['503 on GET, retries spent', { retriesDone: 2 }, undefined],
  ])('%s', (_name, overrides, expected) => {
    expect(repeatStop({ ...base, ...overrides })).toBe(expected);
  });
});
