import {
  AbortError,
  type ApiError,
  AuthenticationError,
  BadRequestError,
  batchPartial,
  PermissionDeniedError,
  QuotaExceededError,
  ServerError,
} from '@int/core';
import { createMockServer, createTestClock } from '@int/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BatchUpsertInput, createHubSpot } from '../src/index.js';
import { createHubSpotFake } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

function setup(fakeOptions: Parameters<typeof createHubSpotFake>[0] = {}, options = {}) {
  const clock = createTestClock();
  const fake = createHubSpotFake({ clock, ...fakeOptions });
  mock.use(...fake.handlers);
  let inFlight = 0;
  let peak = 0;
  const hubspot = createHubSpot({
    accessToken: 'pat-batch',
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
    ...options,
  });
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
    // In input order, each named by its index (its default objectWriteTraceId).
    expect(result.errors.map((failure) => failure.index)).toEqual([...BAD]);
    for (const failure of result.errors) {
      expect(failure.input).toBe(inputs[failure.index]);
      expect(failure.error).toBeInstanceOf(BadRequestError);
      expect(failure.error).toMatchObject({
        code: 'VALIDATION_ERROR',
        details: {
          category: 'VALIDATION_ERROR',
          context: { objectWriteTraceId: [String(failure.index)] },
        },
      });
      expect(failure.error.message).toMatch(/INVALID_EMAIL/);
    }
    expect(fake.objects('contacts')).toHaveLength(1_045);
    expect(peak()).toBeLessThanOrEqual(3);
  });

  it('retries an upsert chunk on 503 (idempotent) but reports a failed create chunk per input', async () => {
    const { hubspot, fake } = setup();
    fake.fail({ status: 503, path: '/batch/upsert' });
    const upsert = await hubspot.contacts.batch.upsert([
      { id: 'r@example.com', idProperty: 'email', properties: { firstname: 'R' } },
    ]);
    expect(upsert.errors).toEqual([]);
    expect(mock.callsTo('POST', '/contacts/batch/upsert')).toHaveLength(2);

    fake.fail({ status: 503, path: '/batch/create' });
    const create = await hubspot.contacts.batch.create([
      { properties: { email: 'n1@example.com' } },
      { properties: { email: 'n2@example.com' } },
    ]);
    expect(mock.callsTo('POST', '/contacts/batch/create')).toHaveLength(1);
    expect(create.results).toEqual([]);
    // A chunk that failed after its retries: each input carries the request's own error.
    expect(
      create.errors.map((failure) => [failure.index, (failure.error as ApiError).status]),
    ).toEqual([
      [0, 503],
      [1, 503],
    ]);
    expect(create.errors[0]!.error).toBeInstanceOf(ServerError);
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
      result.errors.map((failure) => [
        failure.index,
        failure.error.name,
        (failure.error as ApiError).code,
      ]),
    ).toEqual([
      [1, 'ConflictError', 'CONFLICT'],
      [2, 'BadRequestError', 'VALIDATION_ERROR'],
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

describe('batch failures that would fail every chunk reject the call', () => {
  const upserts = (count: number): BatchUpsertInput[] =>
    Array.from({ length: count }, (_, index) => ({
      id: `r${index}@example.com`,
      idProperty: 'email',
      properties: { firstname: `R${index}` },
    }));

  it('a wrong token (401) rejects with AuthenticationError, not an "all inputs failed" result', async () => {
    const { hubspot } = setup({ accessTokens: ['pat-right'] });
    const error = await hubspot.contacts.batch
      .upsert(upserts(250))
      .catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).status).toBe(401);
    expect(batchPartial(error)).toEqual({ results: [], errors: [] });
  });

  it('a 403 rejects with PermissionDeniedError', async () => {
    const { hubspot, fake } = setup();
    fake.fail({ status: 403, path: '/batch/create', times: 3 });
    const error = await hubspot.contacts.batch
      .create([{ properties: { email: 'p@example.com' } }])
      .catch((caught: unknown) => caught);
    expect(PermissionDeniedError.isInstance(error)).toBe(true);
  });

  it('a spent daily quota rejects with QuotaExceededError, carrying the chunks that went through', async () => {
    const { hubspot } = setup({ limits: { daily: 2 } }, { batchConcurrency: 1 });
    const error = await hubspot.contacts.batch
      .upsert(upserts(450))
      .catch((caught: unknown) => caught);
    expect(QuotaExceededError.isInstance(error)).toBe(true);
    expect((error as QuotaExceededError).resetAt).toBeInstanceOf(Date);
    const partial = batchPartial(error);
    expect(partial?.results).toHaveLength(200);
    expect(partial?.errors).toEqual([]);
    // The chunks after the quota ran out were never sent.
    expect(mock.callsTo('POST', '/contacts/batch/upsert')).toHaveLength(3);
  });

  it('an aborted signal rejects with AbortError and sends no more chunks', async () => {
    const { hubspot } = setup({}, { batchConcurrency: 1 });
    const controller = new AbortController();
    controller.abort(new Error('user left'));
    const error = await hubspot.contacts.batch
      .upsert(upserts(300), { signal: controller.signal })
      .catch((caught: unknown) => caught);
    expect(AbortError.isInstance(error)).toBe(true);
    expect(mock.calls).toHaveLength(0);
  });
});
