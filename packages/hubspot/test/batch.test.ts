import { createMockServer, createTestClock } from '@int/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BatchUpsertInput, createHubSpot } from '../src/index.js';
import { createHubSpotFake } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

function setup() {
  const clock = createTestClock();
  const fake = createHubSpotFake({ clock });
  mock.use(...fake.handlers);
  let inFlight = 0;
  let peak = 0;
  const hubspot = createHubSpot(
    { accessToken: 'pat-batch' },
    {
      clock,
      fetch: async (input, init) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        try {
          return await globalThis.fetch(input, init);
        } finally {
          inFlight -= 1;
        }
      },
    },
  );
  return { fake, hubspot, clock, peak: () => peak };
}

const BAD = new Set([3, 250, 251, 777, 1049]);

describe('batch', () => {
  it('upsert of 1 050 contacts: 11 requests, each failed input reported with its error', async () => {
    const { hubspot, fake, peak } = setup();
    const inputs: BatchUpsertInput[] = Array.from({ length: 1_050 }, (_, index) => ({
      id: BAD.has(index) ? `broken-${index}` : `u${index}@example.com`,
      idProperty: 'email',
      properties: { firstname: `U${index}` },
    }));
    const result = await hubspot.contacts.batch.upsert(inputs);
    const calls = mock.callsTo('POST', '/crm/objects/2026-09/contacts/batch/upsert');
    expect(calls).toHaveLength(11);
    expect(result.requests).toBe(11);
    expect(
      calls.map((call) => call.json<{ inputs: unknown[] }>().inputs.length).sort((a, b) => b - a),
    ).toEqual([100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 50]);
    const first = calls.find((call) => call.body.includes('"u0@example.com"'))!;
    expect(first.json<{ inputs: unknown[] }>().inputs[0]).toEqual({
      id: 'u0@example.com',
      idProperty: 'email',
      properties: { firstname: 'U0' },
      objectWriteTraceId: '0',
    });
    expect(result.results).toHaveLength(1_045);
    expect(result.errors).toHaveLength(5);
    expect(result.errors.map((failure) => failure.objectWriteTraceId).sort()).toEqual(
      [...BAD].map(String).sort(),
    );
    for (const failure of result.errors) {
      expect(failure.input).toBe(inputs[Number(failure.objectWriteTraceId)]);
      expect(failure.error.category).toBe('VALIDATION_ERROR');
      expect(failure.error.message).toMatch(/INVALID_EMAIL/);
    }
    expect(fake.objects('contacts')).toHaveLength(1_045);
    expect(peak()).toBeLessThanOrEqual(3);
  });

  it('retries an upsert chunk on 503 (idempotent) but reports a failed create chunk per input', async () => {
    const { hubspot, fake } = setup();
    fake.failNext({ status: 503, path: '/batch/upsert' });
    const upsert = await hubspot.contacts.batch.upsert([
      { id: 'r@example.com', idProperty: 'email', properties: { firstname: 'R' } },
    ]);
    expect(upsert.errors).toEqual([]);
    expect(mock.callsTo('POST', '/contacts/batch/upsert')).toHaveLength(2);

    fake.failNext({ status: 503, path: '/batch/create' });
    const create = await hubspot.contacts.batch.create([
      { properties: { email: 'n1@example.com' } },
      { properties: { email: 'n2@example.com' } },
    ]);
    expect(mock.callsTo('POST', '/contacts/batch/create')).toHaveLength(1);
    expect(create.results).toEqual([]);
    expect(create.errors.map((failure) => failure.error.status)).toEqual([503, 503]);
    expect(create.errors[0]!.error.cause?.name).toBe('ServerError');
  });

  it('a 207 create names the duplicate and the invalid input', async () => {
    const { hubspot } = setup();
    await hubspot.contacts.create({ properties: { email: 'taken@example.com' } });
    const result = await hubspot.contacts.batch.create([
      { properties: { email: 'ok@example.com' } },
      { properties: { email: 'taken@example.com' } },
      { properties: { email: 'not-an-email' } },
    ]);
    expect(result.results.map((item) => item.properties.email)).toEqual(['ok@example.com']);
    expect(
      result.errors.map((failure) => [failure.objectWriteTraceId, failure.error.category]),
    ).toEqual([
      ['1', 'CONFLICT'],
      ['2', 'VALIDATION_ERROR'],
    ]);
  });

  it('validates every input before sending', async () => {
    const { hubspot } = setup();
    await expect(
      hubspot.contacts.batch.upsert([
        { id: '', idProperty: 'email', properties: {} },
        { id: 'x@example.com', idProperty: '', properties: {} },
      ]),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      issues: [{ path: ['inputs', 0, 'id'] }, { path: ['inputs', 1, 'idProperty'] }],
    });
    expect(mock.calls).toHaveLength(0);
  });
});
