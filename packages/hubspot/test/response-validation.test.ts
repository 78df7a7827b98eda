import { ResponseValidationError } from '@int/core';
import { captureLogger, createMockServer, createTestClock } from '@int/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHubSpot, type HubSpotOptions } from '../src/index.js';
import { createHubSpotFake } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

// The user's own schema of what their code relies on, by the operation name the endpoint declares.
const contact = z.object({
  id: z.string(),
  properties: z.object({ email: z.string(), createdate: z.string() }),
});
const withStage = contact.extend({
  properties: z.object({ email: z.string(), lifecyclestage: z.string() }),
});

function setup(options: HubSpotOptions) {
  const clock = createTestClock({ now: Date.UTC(2026, 0, 1) });
  const fake = createHubSpotFake({ clock, limits: { enforce: false } });
  mock.use(...fake.handlers);
  const [seeded] = fake.seed('contacts', [
    { properties: { email: 'ada@example.com', firstname: 'Ada' } },
  ]);
  const hubspot = createHubSpot({ accessToken: 'pat-schema', clock, ...options });
  return { hubspot, id: seeded!.id };
}

describe('validateResponses with responseSchemas (zod)', () => {
  it('strict: a matching answer passes with its extra fields untouched', async () => {
    const { hubspot, id } = setup({
      validateResponses: 'strict',
      responseSchemas: { 'contacts.get': contact },
    });
    const found = await hubspot.contacts.get(id);
    expect(found.properties.email).toBe('ada@example.com');
    // Fields the schema does not name (and zod would strip) are still there.
    expect(found.updatedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(found.archived).toBe(false);
  });

  it('strict: a mismatch is a ResponseValidationError naming the paths, never the values', async () => {
    const { hubspot, id } = setup({
      validateResponses: 'strict',
      responseSchemas: { 'contacts.get': withStage },
    });
    const error = await hubspot.contacts.get(id).catch((caught: unknown) => caught);
    expect(ResponseValidationError.isInstance(error)).toBe(true);
    const invalid = error as ResponseValidationError;
    expect(invalid.issues.map((issue) => issue.path)).toEqual([['properties', 'lifecyclestage']]);
    expect(invalid.operation).toBe('contacts.get');
    expect(invalid.provider).toBe('hubspot');
    expect(invalid.message).not.toContain('ada@example.com');
    // Only the operations named are checked.
    await expect(hubspot.contacts.list()).resolves.toMatchObject({ results: [{ id }] });
  });

  it('warn: one redacted response.invalid line with the paths, and the answer as sent', async () => {
    const logger = captureLogger();
    const { hubspot, id } = setup({
      validateResponses: 'warn',
      responseSchemas: { 'contacts.get': withStage },
      logger,
    });
    const found = await hubspot.contacts.get(id);
    expect(found.properties.email).toBe('ada@example.com');
    const lines = logger.lines.filter((line) => line.object.event === 'response.invalid');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe('warn');
    expect(lines[0]?.object).toMatchObject({
      provider: 'hubspot',
      operation: 'contacts.get',
      paths: ['properties.lifecyclestage'],
    });
    expect(logger.text()).not.toContain('ada@example.com');
    expect(logger.text()).not.toContain('pat-schema');
  });

  it('off (the default): no check at all', async () => {
    const { hubspot, id } = setup({ responseSchemas: { 'contacts.get': withStage } });
    await expect(hubspot.contacts.get(id)).resolves.toMatchObject({ id });
  });
});
