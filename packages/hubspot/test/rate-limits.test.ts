import { QuotaExceededError, RateLimitError } from '@int/core';
import { createMockServer, createTestClock } from '@int/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpot, hubSpotRateLimiter, isHubSpotApiError } from '../src/index.js';
import { createHubSpotFake } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

const TOKEN = 'pat-limits';

function setup(
  fakeLimits: Parameters<typeof createHubSpotFake>[0] extends infer O
    ? O extends { limits?: infer L }
      ? L
      : never
    : never = {},
) {
  const clock = createTestClock({ now: Date.UTC(2026, 10, 29, 12) });
  const fake = createHubSpotFake({ clock, limits: fakeLimits });
  mock.use(...fake.handlers);
  const hubspot = createHubSpot({ accessToken: TOKEN, clock });
  // Another process of the same account: no limiter of its own.
  const other = createHubSpot({
    accessToken: TOKEN,
    clock,
    rateLimiter: false,
    retry: { maxRetries: 0 },
  });
  return { clock, fake, hubspot, other };
}

describe('per-account limits', () => {
  it('2 000 calls in a burst with the default limiter: zero 429s from the fake', async () => {
    const { clock, fake, hubspot } = setup();
    const [contact] = fake.seed('contacts', [{ properties: { email: 'burst@example.com' } }]);
    const started = clock.now();
    const results = await Promise.all(
      Array.from({ length: 2_000 }, () => hubspot.contacts.get(contact!.id)),
    );
    expect(results).toHaveLength(2_000);
    expect(fake.stats.rateLimited).toEqual({ TEN_SECONDLY_ROLLING: 0, SECONDLY: 0, DAILY: 0 });
    expect(fake.stats.requests).toBe(2_000);
    // 100 per 10 s: 2 000 calls need at least 19 full windows.
    expect(clock.now() - started).toBeGreaterThanOrEqual(190_000);
  });

  it('searches stay under 5 per second', async () => {
    const { fake, hubspot } = setup();
    fake.seed('contacts', [{ properties: { email: 's@example.com' } }]);
    await Promise.all(
      Array.from({ length: 40 }, () =>
        hubspot.contacts.search({ query: 's' }).toArray({ limit: 1_000 }),
      ),
    );
    expect(fake.stats.rateLimited.SECONDLY).toBe(0);
  });

  it('a 429 TEN_SECONDLY_ROLLING without Retry-After is waited out and succeeds (also for a create)', async () => {
    const { clock, fake, hubspot, other } = setup();
    const [contact] = fake.seed('contacts', [{ properties: { email: 'w@example.com' } }]);
    await Promise.all(Array.from({ length: 100 }, () => other.contacts.get(contact!.id)));
    const before = clock.now();
    const read = await hubspot.contacts.get(contact!.id);
    expect(read.id).toBe(contact!.id);
    expect(fake.stats.rateLimited.TEN_SECONDLY_ROLLING).toBe(1);
    expect(clock.now() - before).toBeGreaterThanOrEqual(9_000);

    clock.set(clock.now() + 20_000);
    await Promise.all(Array.from({ length: 100 }, () => other.contacts.get(contact!.id)));
    const created = await hubspot.contacts.create({
      properties: { email: 'after-429@example.com' },
    });
    expect(created.properties.email).toBe('after-429@example.com');
    expect(fake.stats.rateLimited.TEN_SECONDLY_ROLLING).toBeGreaterThanOrEqual(2);
  });

  it('a 429 with Retry-After waits that long', async () => {
    const { clock, fake, hubspot, other } = setup({ retryAfter: true });
    const [contact] = fake.seed('contacts', [{ properties: { email: 'ra@example.com' } }]);
    await Promise.all(Array.from({ length: 100 }, () => other.contacts.get(contact!.id)));
    await hubspot.contacts.get(contact!.id);
    expect(clock.sleeps).toContain(10_000);
  });

  it('learns budget spent elsewhere from X-HubSpot-RateLimit-Remaining', async () => {
    const { fake, hubspot, other } = setup();
    const [contact] = fake.seed('contacts', [{ properties: { email: 'h@example.com' } }]);
    await Promise.all(Array.from({ length: 60 }, () => other.contacts.get(contact!.id)));
    await hubspot.contacts.get(contact!.id);
    await Promise.all(Array.from({ length: 80 }, () => hubspot.contacts.get(contact!.id)));
    expect(fake.stats.rateLimited.TEN_SECONDLY_ROLLING).toBe(0);
  });

  it('DAILY gives QuotaExceededError with resetAt, not retried', async () => {
    const { fake, hubspot } = setup({ daily: 3 });
    const [contact] = fake.seed('contacts', [{ properties: { email: 'd@example.com' } }]);
    for (let index = 0; index < 3; index += 1) await hubspot.contacts.get(contact!.id);
    const error = await hubspot.contacts.get(contact!.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QuotaExceededError);
    expect(RateLimitError.isInstance(error)).toBe(false);
    const quota = error as QuotaExceededError;
    expect(quota.status).toBe(429);
    expect(quota.resetAt?.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(quota.message).toBe(
      `hubspot contacts.get failed with 429: You have reached your daily limit. [request ${quota.requestId}]`,
    );
    expect(isHubSpotApiError(quota) && quota.details.policyName).toBe('DAILY');
    expect(quota.retryable).toBe(false);
    expect(quota.retryAfterMs).toBe(12 * 3_600_000);
    expect(fake.stats.rateLimited.DAILY).toBe(1);
    const timeZoned = createHubSpot({
      accessToken: TOKEN,
      clock: createTestClock({ now: Date.UTC(2026, 10, 29, 12) }),
      limits: { dailyResetTimeZone: 'America/New_York' },
    });
    const other = (await timeZoned.contacts
      .get(contact!.id)
      .catch((caught: unknown) => caught)) as QuotaExceededError;
    expect(other.resetAt?.toISOString()).toBe('2026-11-30T05:00:00.000Z');
  });

  it('errors carry HubSpot fields and a short message', async () => {
    const { hubspot } = setup();
    await hubspot.contacts.create({ properties: { email: 'dup@example.com' } });
    const error = await hubspot.contacts
      .create({ properties: { email: 'dup@example.com' } })
      .catch((caught: unknown) => caught);
    expect(isHubSpotApiError(error)).toBe(true);
    if (!isHubSpotApiError(error)) return;
    expect(error.name).toBe('ConflictError');
    expect(error.details.category).toBe('CONFLICT');
    expect(error.details.correlationId).toMatch(/^hubspot_req_\d+$/);
    expect(error.requestId).toBe(error.details.correlationId);
    expect(error.message).toMatch(
      /^hubspot contacts\.create failed with 409: Contact already exists\. Existing ID: \d+ \[request hubspot_req_\d+\]$/,
    );
    expect(error.message).not.toContain('x-hubspot');
  });

  it('two clients of one account share one limiter through accountId', async () => {
    const clock = createTestClock();
    const fake = createHubSpotFake({ clock });
    mock.use(...fake.handlers);
    const [contact] = fake.seed('contacts', [{ properties: { email: 'shared@example.com' } }]);
    const rateLimiter = hubSpotRateLimiter({ clock });
    const first = createHubSpot({ accessToken: TOKEN, clock, rateLimiter, accountId: 62515 });
    const second = createHubSpot({ accessToken: TOKEN, clock, rateLimiter, accountId: 62515 });
    await Promise.all(
      Array.from({ length: 300 }, (_, index) =>
        (index % 2 ? first : second).contacts.get(contact!.id),
      ),
    );
    expect(fake.stats.rateLimited.TEN_SECONDLY_ROLLING).toBe(0);
  });

  it('the limiter alone: never more than the budget in any window, in flight included', async () => {
    const clock = createTestClock({ mode: 'manual', now: 0 });
    const limiter = hubSpotRateLimiter({ burst: 10, windowMs: 1_000, clock });
    const starts: number[] = [];
    const ends: number[] = [];
    const done: number[] = [];
    const callers = Array.from({ length: 100 }, async (_, index) => {
      const release = await limiter.acquire('acct');
      starts.push(clock.now());
      await clock.sleep((index * 37) % 300);
      ends.push(clock.now());
      release();
      done.push(index);
    });
    while (done.length < 100) {
      if (!(await clock.runNext())) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(callers);
    // Any arrival time between a start and its end: at most 10 in any 1 000 ms.
    for (const start of starts) {
      const overlapping = starts.filter(
        (other, index) => other <= start && ends[index]! > start - 1_000,
      );
      expect(overlapping.length).toBeLessThanOrEqual(10);
    }
  });
});
