import { BadRequestError, RateLimitError, ServerError } from '@int/core';
import { createMockServer, createTestClock } from '@int/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import daily from '../__fixtures__/error-429-daily.json';
import tenSecondly from '../__fixtures__/error-429-ten-secondly.json';
import validation from '../__fixtures__/error-validation.json';
import { createHubSpot, isHubSpotApiError } from '../src/index.js';
import { createHubSpotFake } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

const URL_CONTACT = 'https://api.hubapi.com/crm/objects/2026-09/contacts/1';

describe('errors', () => {
  it('maps HubSpot’s documented body onto the core class, fields included', async () => {
    mock.route('PATCH', URL_CONTACT, {
      status: 400,
      json: validation,
      headers: { 'x-secret-header': 'x' },
    });
    const hubspot = createHubSpot({ accessToken: 'pat', clock: createTestClock() });
    const error = await hubspot.contacts
      .update('1', { properties: { email: 'not-an-email' } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    if (!isHubSpotApiError(error)) throw new Error('not a HubSpot error');
    expect(error.details.category).toBe('VALIDATION_ERROR');
    expect(error.details.subCategory).toBe('PROPERTY_VALIDATION');
    expect(error.details.correlationId).toBe(validation.correlationId);
    expect(error.details.errors[0]?.code).toBe('INVALID_EMAIL');
    expect(error.details.context).toEqual({ properties: ['email'] });
    expect(error.retryable).toBe(false);
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.message.split('\n')).toHaveLength(1);
    expect(error.message).not.toContain('x-secret-header');
  });

  it('429 bodies of the fake match the documented ones', async () => {
    const clock = createTestClock();
    const fake = createHubSpotFake({ clock, limits: { burst: 1, daily: 2 } });
    mock.use(...fake.handlers);
    const raw = createHubSpot({
      accessToken: 'pat',
      clock,
      rateLimiter: false,
      retry: { maxRetries: 0 },
    });
    await raw.contacts.list().toArray({ limit: 1_000 });
    const ten = await raw.contacts
      .list()
      .toArray({ limit: 1_000 })
      .catch((caught: unknown) => caught);
    expect(RateLimitError.isInstance(ten)).toBe(true);
    expect(Object.keys((ten as RateLimitError).body as object).sort()).toEqual(
      Object.keys(tenSecondly).sort(),
    );
    clock.set(clock.now() + 20_000);
    await raw.contacts.list().toArray({ limit: 1_000 });
    clock.set(clock.now() + 20_000);
    const day = (await raw.contacts
      .list()
      .toArray({ limit: 1_000 })
      .catch((caught: unknown) => caught)) as { body: object };
    expect(Object.keys(day.body).sort()).toEqual(Object.keys(daily).sort());
    expect((day.body as { message: string }).message).toBe(daily.message);
  });

  it('retries 5xx and 477 for reads, with an HTML error page kept short', async () => {
    mock.route('GET', URL_CONTACT, [
      {
        status: 502,
        body: '<html><body>Bad gateway</body></html>',
        headers: { 'content-type': 'text/html' },
      },
      {
        status: 477,
        json: { status: 'error', message: 'Migration in progress' },
        headers: { 'retry-after': '1' },
      },
      { json: { id: '1', properties: {} } },
    ]);
    const clock = createTestClock();
    const hubspot = createHubSpot({ accessToken: 'pat', clock });
    await expect(hubspot.contacts.get('1')).resolves.toMatchObject({ id: '1' });
    expect(clock.sleeps).toContain(1_000);

    mock.route('GET', 'https://api.hubapi.com/crm/objects/2026-09/contacts/2', {
      status: 503,
      body: '<html>down</html>',
    });
    const down = await hubspot.contacts.get('2').catch((caught: unknown) => caught);
    expect(down).toBeInstanceOf(ServerError);
    expect((down as Error).message).toBe('hubspot contacts.get failed with 503');
  });

  it('does not repeat a create after a 5xx or a network error (it may have happened)', async () => {
    mock.route('POST', 'https://api.hubapi.com/crm/objects/2026-09/contacts', [
      { status: 500, json: {} },
    ]);
    const hubspot = createHubSpot({ accessToken: 'pat', clock: createTestClock() });
    await expect(
      hubspot.contacts.create({ properties: { email: 'x@example.com' } }),
    ).rejects.toBeInstanceOf(ServerError);
    expect(mock.calls).toHaveLength(1);
  });
});
