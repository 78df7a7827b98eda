import { createHash, createHmac } from 'node:crypto';
import { ResponseTooLargeError, ValidationError } from '@int/core';
import { createMockServer, createTestClock } from '@int/core/testing';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpot, verifyRequest, verifySignature } from '../src/index.js';
import { createHubSpotFake } from '../src/testing/index.js';

// Issue 15: the outside review's findings on this package (points 6, 7, 8, 10).

const SECRET = 'client-secret-0123456789';
const T = 1_764_000_000_000;

describe('point 6: an id of "." or ".." never climbs the URL path', () => {
  const sent: string[] = [];
  const hubspot = createHubSpot({
    accessToken: 'pat-na1-review',
    fetch: async (input, init) => {
      sent.push(`${init?.method} ${String(input)}`);
      return new Response('{}', { headers: { 'content-type': 'application/json' } });
    },
  });

  const calls: Array<[string, (id: string) => Promise<unknown>]> = [
    ["objects('..').get", (id) => hubspot.objects('..').get(id)],
    ['contacts.get', (id) => hubspot.contacts.get(id)],
    ['contacts.update', (id) => hubspot.contacts.update(id, { properties: { a: '1' } })],
    ['contacts.archive', (id) => hubspot.contacts.archive(id)],
    [
      'associations.create (from id)',
      (id) =>
        hubspot.associations.create({
          fromObjectType: 'contacts',
          fromObjectId: id,
          toObjectType: 'companies',
          toObjectId: '2',
        }),
    ],
    [
      'associations.archive (object type)',
      (id) =>
        hubspot.associations.archive({
          fromObjectType: id,
          fromObjectId: '1',
          toObjectType: 'companies',
          toObjectId: '2',
        }),
    ],
    [
      'associations.list (to type)',
      (id) =>
        hubspot.associations
          .list({ fromObjectType: 'contacts', fromObjectId: '1', toObjectType: id })
          .toArray({ limit: 1_000 }),
    ],
  ];

  for (const [name, call] of calls) {
    it(`${name}: '.', '..' and '' are a ValidationError and nothing is sent`, async () => {
      for (const id of ['..', '.', '']) {
        const error = await Promise.resolve()
          .then(() => call(id))
          .catch((caught: unknown) => caught);
        expect(ValidationError.isInstance(error)).toBe(true);
      }
      expect(sent).toEqual([]);
    });
  }

  it("objects('.') and objects('..') are refused at once", () => {
    expect(() => hubspot.objects('..')).toThrow(ValidationError);
    expect(() => hubspot.objects('.')).toThrow(ValidationError);
    expect(() => hubspot.objects('')).toThrow(ValidationError);
  });
});

describe('point 7: no replay by downgrade', () => {
  const url = 'https://hooks.example.com/hubspot';
  const body = '[{"eventId":1,"subscriptionType":"contact.creation","objectId":123}]';
  const v1 = createHash('sha256').update(`${SECRET}${body}`).digest('hex');
  const v3 = createHmac('sha256', SECRET).update(`POST${url}${body}${T}`).digest('base64');
  /** A captured delivery: HubSpot sends the v1 header next to the v3 ones. */
  const delivery = (headers: Record<string, string>) =>
    new Request(url, { method: 'POST', headers, body });
  const captured = {
    'x-hubspot-signature': v1,
    'x-hubspot-signature-version': 'v1',
    'x-hubspot-signature-v3': v3,
    'x-hubspot-request-timestamp': String(T),
  };

  it('a delivery replayed a day later with its v3 headers stripped is refused by default', async () => {
    const now = () => T + 86_400_000;
    expect(await verifyRequest(delivery(captured), SECRET, { now })).toBe(false);
    const stripped = {
      'x-hubspot-signature': v1,
      'x-hubspot-signature-version': 'v1',
    };
    expect(await verifyRequest(delivery(stripped), SECRET, { now })).toBe(false);
    expect(
      await verifySignature({ version: 'v1', clientSecret: SECRET, body, signature: v1 }),
    ).toBe(false);
  });

  it('v1/v2 verify only when the caller opts in with minVersion', async () => {
    const stripped = { 'x-hubspot-signature': v1 };
    expect(await verifyRequest(delivery(stripped), SECRET, { minVersion: 'v1' })).toBe(true);
    expect(await verifyRequest(delivery(stripped), SECRET, { minVersion: 'v2' })).toBe(false);
    expect(await verifyRequest(delivery(captured), SECRET, { now: () => T })).toBe(true);
    expect(
      await verifySignature({
        version: 'v1',
        minVersion: 'v1',
        clientSecret: SECRET,
        body,
        signature: v1,
      }),
    ).toBe(true);
    expect(
      await verifySignature({
        version: 'v1',
        minVersion: 'v4' as 'v3',
        clientSecret: SECRET,
        body,
        signature: v1,
      }),
    ).toBe(false);
  });
});

describe('point 8: the time check fails closed', () => {
  const url = 'https://hooks.example.com/hubspot';
  const body = '[]';
  const stale = T - 3_600_000;
  const signature = createHmac('sha256', SECRET)
    .update(`POST${url}${body}${stale}`)
    .digest('base64');
  const input = {
    version: 'v3' as const,
    clientSecret: SECRET,
    method: 'POST',
    url,
    body,
    signature,
    timestamp: stale,
  };

  it('now is () => epoch milliseconds, as in every package', async () => {
    expect(await verifySignature({ ...input, now: () => stale })).toBe(true);
    expect(await verifySignature({ ...input, now: () => T })).toBe(false);
  });

  it('a stale signature is never accepted through a NaN or a wrong type', async () => {
    for (const now of [
      () => Number.NaN,
      () => Number.POSITIVE_INFINITY,
      () => 'now' as unknown as number,
      T as unknown as () => number,
    ]) {
      expect(await verifySignature({ ...input, now })).toBe(false);
    }
    for (const toleranceMs of [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      -1,
      (() => 300_000) as unknown as number,
      '999999999' as unknown as number,
    ]) {
      expect(await verifySignature({ ...input, now: () => T, toleranceMs })).toBe(false);
    }
    const huge = '9'.repeat(400);
    const signedHuge = createHmac('sha256', SECRET)
      .update(`POST${url}${body}${huge}`)
      .digest('base64');
    expect(
      await verifySignature({ ...input, signature: signedHuge, timestamp: huge, now: () => T }),
    ).toBe(false);
  });
});

describe('point 10: the fake answers malformed input with a 400, never a crash', () => {
  const mock = createMockServer();
  beforeAll(() => mock.listen());
  afterEach(() => mock.reset());
  afterAll(() => mock.close());

  const KEYS = [
    'inputs',
    'properties',
    'id',
    'idProperty',
    'objectWriteTraceId',
    'filterGroups',
    'filters',
    'propertyName',
    'operator',
    'value',
    'values',
    'highValue',
    'sorts',
    'limit',
    'after',
    'query',
    'associations',
    'to',
    'types',
    'associationCategory',
    'associationTypeId',
    'label',
  ];
  const leaf = fc.oneof(fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
  const record = (value: fc.Arbitrary<unknown>) =>
    fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 6 });
  const entry = fc.oneof(
    leaf,
    record(leaf),
    record(fc.oneof(leaf, fc.array(fc.oneof(leaf, record(leaf)), { maxLength: 3 }))),
  );
  const body = fc.oneof(
    leaf,
    fc.array(entry, { maxLength: 3 }),
    record(fc.oneof(entry, fc.array(entry, { maxLength: 3 }))),
  );
  const routes: Array<[string, string]> = [
    ['POST', '/crm/v3/objects/contacts'],
    ['PATCH', '/crm/v3/objects/contacts/1'],
    ['POST', '/crm/v3/objects/contacts/search'],
    ['POST', '/crm/v3/objects/contacts/batch/read'],
    ['POST', '/crm/v3/objects/contacts/batch/create'],
    ['POST', '/crm/v3/objects/contacts/batch/update'],
    ['POST', '/crm/v3/objects/contacts/batch/upsert'],
    ['POST', '/crm/v3/objects/contacts/batch/archive'],
    ['PUT', '/crm/v4/objects/contacts/1/associations/companies/2'],
    ['POST', '/crm/objects/2026-09/deals'],
  ];

  const expectHubSpotAnswer = async (response: Response, what: string) => {
    if (response.status >= 500) {
      throw new Error(`${what} crashed the fake (${response.status}): ${await response.text()}`);
    }
    if (response.status >= 400) {
      const answer = (await response.json()) as Record<string, unknown>;
      expect(answer.status).toBe('error');
      expect(typeof answer.message).toBe('string');
      expect(typeof answer.category).toBe('string');
    }
  };

  it('any JSON with nulls in any place, on every route that reads a body (property)', async () => {
    const fake = createHubSpotFake({
      clock: createTestClock({ now: Date.UTC(2026, 0, 1) }),
      limits: { enforce: false },
    });
    mock.use(...fake.handlers);
    fake.seed('contacts', [{ id: '1', properties: { email: 'ada@example.com' } }]);
    fake.seed('companies', [{ id: '2', properties: { name: 'Acme' } }]);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), body, async ([method, path], payload) => {
        const response = await fetch(`https://api.hubapi.com${path}`, {
          method,
          headers: { authorization: 'Bearer pat-fuzz', 'content-type': 'application/json' },
          body: JSON.stringify(payload),
        });
        await expectHubSpotAnswer(response, `${method} ${path} ${JSON.stringify(payload)}`);
      }),
      { numRuns: 400, seed: 1129 },
    );
  });

  it('the inputs the review used: null bodies, null inputs, null filters, broken escapes', async () => {
    const fake = createHubSpotFake({ limits: { enforce: false } });
    mock.use(...fake.handlers);
    fake.seed('contacts', [{ id: '1', properties: { email: 'ada@example.com' } }]);
    fake.seed('companies', [{ id: '2', properties: { name: 'Acme' } }]);
    const cases: Array<[string, string, unknown]> = [
      ['POST', '/crm/v3/objects/contacts/batch/create', { inputs: [null] }],
      ['POST', '/crm/v3/objects/contacts/batch/read', { inputs: [null, { id: '1' }] }],
      ['POST', '/crm/v3/objects/contacts/search', { filterGroups: [null] }],
      ['POST', '/crm/v3/objects/contacts/search', { filterGroups: [{ filters: [null] }] }],
      [
        'POST',
        '/crm/v3/objects/contacts/search',
        { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'IN', values: 'x' }] }] },
      ],
      ['POST', '/crm/v3/objects/contacts', { properties: {}, associations: [null] }],
      ['POST', '/crm/v3/objects/contacts', { properties: {}, associations: [{ types: [null] }] }],
      ['PUT', '/crm/v4/objects/contacts/1/associations/companies/2', [null]],
      ['GET', '/crm/v3/objects/contacts/%E0%A4%A', undefined],
      ['GET', '/crm/v3/objects/%ZZ/1', undefined],
    ];
    for (const [method, path, payload] of cases) {
      const response = await fetch(`https://api.hubapi.com${path}`, {
        method,
        headers: { authorization: 'Bearer pat-fuzz', 'content-type': 'application/json' },
        body: payload === undefined ? undefined : JSON.stringify(payload),
      });
      await expectHubSpotAnswer(response, `${method} ${path}`);
      expect(
        response.status,
        `${method} ${path} ${JSON.stringify(payload)}`,
      ).toBeGreaterThanOrEqual(200);
    }
  });
});

describe('point 1: maxResponseBytes reaches core', () => {
  it('an answer past the limit is a ResponseTooLargeError, not retried', async () => {
    let calls = 0;
    const hubspot = createHubSpot({
      accessToken: 'pat-na1-review',
      maxResponseBytes: 1024,
      rateLimiter: false,
      fetch: async () => {
        calls += 1;
        return new Response(JSON.stringify({ id: '1', note: 'x'.repeat(4096) }), {
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    const error = await hubspot.contacts.get('1').catch((caught: unknown) => caught);
    expect(ResponseTooLargeError.isInstance(error)).toBe(true);
    expect(calls).toBe(1);
  });
});
