import {
  type CallOutcome,
  createMockServer,
  FUZZ_ANYTHING,
  fuzzOutcomeProblem,
  fuzzSeed,
  settleCall,
} from '@int/core/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  computeWebhookSignature,
  createHubSpot,
  verifyRequest,
  verifySignature,
} from '../src/index.js';
import { createHubSpotFake } from '../src/testing/index.js';

const SEED = fuzzSeed(1129);
const TOKEN = 'pat-na1-fuzz-token';

const mock = createMockServer();
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  mock.listen();
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  mock.close();
  process.off('unhandledRejection', onUnhandled);
});

const weird = fc.anything(FUZZ_ANYTHING);

/** Success or a typed error; a ValidationError means nothing went over the wire. */
function expectTyped(outcome: CallOutcome, sentBefore: number, label: string): void {
  const counts = { sentBefore, sentAfter: mock.calls.length };
  expect(fuzzOutcomeProblem(outcome, counts), label).toBeUndefined();
}

describe('fuzzing every @int/hubspot method (fast-check)', () => {
  it('CRM objects, batch, associations and sync: success or a typed error, nothing sent for invalid input', async () => {
    const fake = createHubSpotFake({ limits: { enforce: false } });
    mock.use(...fake.handlers);
    const hubspot = createHubSpot({
      accessToken: TOKEN,
      rateLimiter: false,
      retry: { maxRetries: 0 },
      timeoutMs: 5_000,
    });
    const contact = await hubspot.contacts.create({
      properties: { email: 'fuzz@example.com', firstname: 'Fuzz' },
    });
    const company = await hubspot.companies.create({ properties: { name: 'Fuzz Inc' } });
    const id = fc.oneof(
      fc.constantFrom(contact.id, company.id, 'fuzz@example.com'),
      fc.string({ maxLength: 12 }),
      fc.integer(),
      weird,
    );
    const properties = fc.oneof(
      fc.dictionary(
        fc.constantFrom('email', 'firstname', 'lastname', 'name', 'domain', 'amount'),
        fc.oneof(
          fc.string({ maxLength: 12 }),
          fc.integer(),
          fc.boolean(),
          fc.constant(null),
          weird,
        ),
      ),
      weird,
    );
    const input = fc.oneof(
      fc.record(
        {
          properties,
          id,
          idProperty: fc.oneof(fc.constantFrom('email', 'hs_object_id'), weird),
          associations: weird,
          objectWriteTraceId: weird,
          filterGroups: fc.oneof(
            fc.array(
              fc.record({
                filters: fc.array(
                  fc.record(
                    {
                      propertyName: fc.oneof(fc.constantFrom('email', 'firstname'), weird),
                      operator: fc.oneof(
                        fc.constantFrom('EQ', 'IN', 'HAS_PROPERTY', 'BETWEEN'),
                        weird,
                      ),
                      value: fc.oneof(fc.string({ maxLength: 8 }), weird),
                      values: weird,
                      highValue: weird,
                    },
                    { requiredKeys: [] },
                  ),
                  { maxLength: 3 },
                ),
              }),
              { maxLength: 2 },
            ),
            weird,
          ),
          query: fc.oneof(fc.string({ maxLength: 8 }), weird),
          sorts: weird,
          limit: fc.oneof(fc.integer({ min: -1, max: 300 }), weird),
          after: weird,
          fromObjectType: fc.oneof(fc.constantFrom('contacts', 'companies'), weird),
          fromObjectId: id,
          toObjectType: fc.oneof(fc.constantFrom('contacts', 'companies'), weird),
          toObjectId: id,
          types: weird,
        },
        { requiredKeys: [] },
      ),
      weird,
    );
    const options = fc.oneof(
      fc.constant(undefined),
      weird,
      fc.record(
        {
          properties: fc.oneof(fc.array(fc.constantFrom('email', 'firstname')), weird),
          idProperty: fc.oneof(fc.constant('email'), weird),
          archived: weird,
          limit: fc.oneof(fc.integer({ min: -1, max: 600 }), weird),
          after: weird,
          associations: weird,
          pageSize: weird,
          modifiedProperty: weird,
        },
        { requiredKeys: [] },
      ),
    );
    const since = fc.oneof(fc.date({ noInvalidDate: false }), fc.integer(), fc.string(), weird);
    const args = fc.oneof(
      fc.tuple(input, options),
      fc.tuple(id, input, options),
      fc.tuple(fc.array(input, { maxLength: 3 }), options),
      fc.tuple(fc.constantFrom('contacts', 'companies', '0-1'), since, options),
      fc.array(weird, { maxLength: 3 }),
    );

    const methods: Array<[string, (...input: unknown[]) => unknown]> = [];
    const add = (prefix: string, target: Record<string, unknown>) => {
      for (const [name, method] of Object.entries(target)) {
        if (typeof method === 'function') {
          methods.push([`${prefix}.${name}`, (...values) => method.apply(target, values)]);
        }
      }
    };
    for (const api of [hubspot.contacts, hubspot.companies, hubspot.objects('deals')]) {
      add(api.objectType, api as unknown as Record<string, unknown>);
      add(`${api.objectType}.batch`, api.batch as unknown as Record<string, unknown>);
    }
    add('associations', hubspot.associations as unknown as Record<string, unknown>);
    add('sync', hubspot.sync as unknown as Record<string, unknown>);
    methods.push(['objects', (type) => hubspot.objects(type as string).get('1')]);
    expect(methods.length).toBeGreaterThanOrEqual(30);

    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methods), args, async ([label, method], values) => {
        const before = mock.calls.length;
        expectTyped(await settleCall(() => method(...values)), before, label);
      }),
      { seed: SEED, numRuns: 800 },
    );
    expect(unhandled).toEqual([]);
  });

  it('createHubSpot: a client or a ConfigurationError, then a typed error at the call', async () => {
    const fake = createHubSpotFake({ limits: { enforce: false } });
    mock.use(...fake.handlers);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          weird,
          fc.record(
            {
              accessToken: fc.oneof(fc.constant(TOKEN), weird),
              oauth: weird,
              clock: weird,
              validateResponses: fc.oneof(fc.constantFrom('off', 'warn', 'strict'), weird),
              responseSchemas: weird,
              apiVersion: fc.oneof(fc.constantFrom('2026-09', 'v3'), weird),
              limits: weird,
              baseURL: fc.oneof(fc.webUrl(), weird),
              timeoutMs: weird,
              retry: weird,
              rateLimiter: fc.oneof(fc.constant(false), weird),
              accountId: weird,
              batchConcurrency: weird,
            },
            { requiredKeys: [] },
          ),
        ),
        async (options) => {
          const before = mock.calls.length;
          expectTyped(
            await settleCall(() => createHubSpot(options as never).contacts.get('1')),
            before,
            'createHubSpot',
          );
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
    expect(unhandled).toEqual([]);
  });

  it('webhook signatures: a boolean, a string or a typed error for any input', async () => {
    await fc.assert(
      fc.asyncProperty(weird, weird, weird, async (first, second, third) => {
        for (const [label, run] of [
          ['verifySignature', () => verifySignature(first as never)],
          ['computeWebhookSignature', () => computeWebhookSignature(first as never)],
          [
            'verifyRequest',
            () =>
              verifyRequest(
                new Request('https://app.example.com/hooks', { method: 'POST', body: '[]' }),
                second as never,
                third as never,
              ),
          ],
        ] as const) {
          expectTyped(await settleCall(run), mock.calls.length, label);
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
    expect(unhandled).toEqual([]);
  });
});
