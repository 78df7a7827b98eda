import {
  type CallOutcome,
  FUZZ_ANYTHING,
  fuzzOutcomeProblem,
  fuzzSeed,
  settleCall,
} from '@int/core/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFedEx } from '../src/index.js';
import { createFedExFake } from '../src/testing/index.js';
import {
  ACCOUNT,
  beverlyHills,
  CLIENT_ID,
  CLIENT_SECRET,
  memphis,
  shipmentInput,
  useMockServer,
} from './helpers.js';

const SEED = fuzzSeed(1129);

const mock = useMockServer();
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => process.on('unhandledRejection', onUnhandled));
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

const weird = fc.anything(FUZZ_ANYTHING);

/** Success or a typed error; a ValidationError means no API request went out (a token request may). */
function expectTyped(outcome: CallOutcome, sentBefore: number, label: string): void {
  expect(fuzzOutcomeProblem(outcome, { sentBefore, sentAfter: apiCalls() }), label).toBeUndefined();
}

const apiCalls = () => mock.calls.filter((call) => !call.url.pathname.startsWith('/oauth')).length;

/** A valid value most of the time, anything at all otherwise. */
const mostly = <T>(valid: T) => fc.oneof({ weight: 3, arbitrary: fc.constant(valid) }, weird);

const party = fc.oneof(
  fc.record({
    address: fc.oneof(
      fc.record({
        streetLines: mostly(['3875 Airways Blvd']),
        city: mostly('Memphis'),
        stateOrProvinceCode: mostly('TN'),
        postalCode: fc.oneof(fc.constantFrom('38116', '90210', 'K1A 0B1', ''), weird),
        countryCode: fc.oneof(fc.constantFrom('US', 'CA', 'us', 'XX'), weird),
      }),
      weird,
    ),
    residential: weird,
    contact: fc.oneof(
      fc.record({ personName: mostly('Jane Doe'), phoneNumber: mostly('9015551234') }),
      weird,
    ),
  }),
  fc.constant(memphis),
  weird,
);
const packages = fc.oneof(
  fc.array(
    fc.record({
      weight: fc.oneof(
        fc.record({
          units: fc.oneof(fc.constantFrom('LB', 'KG', 'G'), weird),
          value: fc.oneof(fc.double({ min: -1, max: 200 }), weird),
        }),
        weird,
      ),
      dimensions: fc.oneof(
        fc.record({
          length: mostly(10),
          width: mostly(8),
          height: mostly(4),
          units: fc.oneof(fc.constantFrom('IN', 'CM'), weird),
        }),
        weird,
      ),
    }),
    { maxLength: 3 },
  ),
  weird,
);
const input = fc.oneof(
  fc.record(
    {
      shipper: party,
      recipient: party,
      recipients: fc.oneof(fc.array(party, { maxLength: 2 }), weird),
      packages,
      serviceType: fc.oneof(fc.constantFrom('FEDEX_GROUND', 'FEDEX_2_DAY'), weird),
      pickupType: fc.oneof(fc.constant('DROPOFF_AT_FEDEX_LOCATION'), weird),
      packagingType: weird,
      shipDate: fc.oneof(fc.date({ noInvalidDate: false }), fc.string({ maxLength: 10 }), weird),
      rateRequestTypes: weird,
      returnTransitTimes: weird,
      labelResponse: fc.oneof(fc.constantFrom('URL_ONLY', 'LABEL'), weird),
      trackingNumber: fc.oneof(fc.stringMatching(/^[0-9]{12}$/), weird),
      deletionControl: weird,
      paymentType: weird,
    },
    { requiredKeys: [] },
  ),
  fc.constant(shipmentInput()),
  fc.constant({
    shipper: memphis,
    recipient: beverlyHills,
    packages: [{ weight: { units: 'LB', value: 2 } }],
  }),
  fc.array(fc.oneof(fc.stringMatching(/^[0-9]{12}$/), party, weird), { maxLength: 4 }),
  weird,
);
const options = fc.oneof(
  fc.constant(undefined),
  weird,
  fc.record(
    {
      customerTransactionId: weird,
      timeoutMs: fc.oneof(fc.constant(5_000), weird),
      concurrency: weird,
      signal: weird,
    },
    { requiredKeys: [] },
  ),
);

describe('fuzzing every @int/fedex method (fast-check)', () => {
  it('rates, shipments, tracking, addresses: success or a typed error, nothing sent for invalid input', async () => {
    mock.use(...createFedExFake().handlers);
    const fedex = createFedEx({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      accountNumber: ACCOUNT,
      retry: { maxRetries: 0 },
      timeoutMs: 5_000,
    });
    const methods: Array<[string, (...values: unknown[]) => unknown]> = [];
    for (const [group, api] of Object.entries(fedex)) {
      for (const [name, method] of Object.entries(api as Record<string, unknown>)) {
        if (typeof method === 'function') {
          methods.push([`${group}.${name}`, (...values) => method.apply(api, values)]);
        }
      }
    }
    expect(methods.length).toBeGreaterThanOrEqual(5);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...methods),
        fc.oneof(fc.tuple(input, options), fc.array(weird, { maxLength: 3 })),
        async ([label, method], values) => {
          const before = apiCalls();
          expectTyped(await settleCall(() => method(...values)), before, label);
        },
      ),
      { seed: SEED, numRuns: 800 },
    );
    expect(unhandled).toEqual([]);
  });

  it('createFedEx options: a ConfigurationError or a typed error at the call', async () => {
    mock.use(...createFedExFake().handlers);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          weird,
          fc.record(
            {
              clientId: mostly(CLIENT_ID),
              clientSecret: mostly(CLIENT_SECRET),
              accountNumber: mostly(ACCOUNT),
              environment: fc.oneof(fc.constantFrom('sandbox', 'production'), weird),
              baseURL: fc.oneof(fc.webUrl(), weird),
              childKey: weird,
              childSecret: weird,
              grantType: weird,
              locale: weird,
              timeoutMs: weird,
              retry: weird,
              rateLimiter: weird,
              trackingConcurrency: weird,
              tokenGuard: weird,
              tokenStore: weird,
            },
            { requiredKeys: [] },
          ),
        ),
        async (settings) => {
          const before = apiCalls();
          expectTyped(
            await settleCall(() =>
              createFedEx(settings as never).rates.quote({
                shipper: memphis,
                recipient: beverlyHills,
                packages: [{ weight: { units: 'LB', value: 2 } }],
              }),
            ),
            before,
            'createFedEx',
          );
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
    expect(unhandled).toEqual([]);
  });
});
