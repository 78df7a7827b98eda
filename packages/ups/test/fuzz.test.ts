import { IntegrationError, ValidationError } from '@int/core';
import { fuzzSeed, garbageValue, mutateInput, seededRandom } from '@int/core/testing';
import { describe, expect, it } from 'vitest';
import { apiCalls, rateInput, setup, shipmentInput, useMockServer } from './helpers.js';

const SEED = fuzzSeed(20261129);
const RUNS = 300;

const mock = useMockServer();
/** UPS's 400 for a well-formed shipment id it does not know (or no longer voids): state, not bad input. */
const NO_SUCH_SHIPMENT = '190102';

// Strings near valid UPS values (service codes, tracking numbers, countries).
const NEAR_VALID = { strings: ['03', '1Z', 'US', 'us', 'x'.repeat(40), '1Z023E2X0214323462'] };

describe('fuzz: random and garbage inputs', () => {
  it(`give a typed error before sending, never a crash or a request (seed ${SEED}, ${RUNS} runs per method)`, async () => {
    const random = seededRandom(SEED);
    const garbage = () => garbageValue(random, NEAR_VALID);
    const { ups } = setup(mock);
    const { shipmentId } = await ups.shipments.create(shipmentInput());
    const methods: Array<[string, unknown, (input: never) => Promise<unknown>]> = [
      ['rates.quote', rateInput({ service: '03' }), (input) => ups.rates.quote(input)],
      ['shipments.create', shipmentInput(), (input) => ups.shipments.create(input)],
      ['shipments.void', { shipmentId }, (input) => ups.shipments.void(input)],
      ['tracking.track', [shipmentId], (input) => ups.tracking.track(input)],
      ['tracking.byReference', 'order-1001', (input) => ups.tracking.byReference(input)],
      ['addresses.validate', rateInput().shipTo.address, (input) => ups.addresses.validate(input)],
      [
        'options',
        { transId: 'abc', timeoutMs: 1000 },
        (input) => ups.rates.quote(rateInput(), input),
      ],
    ];
    let validations = 0;
    for (const [name, valid, call] of methods) {
      for (let run = 0; run < RUNS; run += 1) {
        const input = mutateInput(random, valid, garbage);
        const before = apiCalls(mock).length;
        let error: unknown;
        try {
          await call(input as never);
        } catch (caught) {
          error = caught;
        }
        if (error === undefined) continue;
        const label = `${name} #${run} ${JSON.stringify(input, (_k, v) => (typeof v === 'bigint' || typeof v === 'symbol' ? String(v) : v))}: ${String((error as Error)?.message).slice(0, 200)}`;
        expect(IntegrationError.isInstance(error), label).toBe(true);
        const status = (error as { status?: number }).status;
        if (ValidationError.isInstance(error)) validations += 1;
        if (status === undefined) {
          // Refused by this package (ValidationError) or core (ConfigurationError): nothing sent.
          expect(apiCalls(mock).length, `${label} sent a request`).toBe(before);
        } else if ((error as { code?: string }).code !== NO_SUCH_SHIPMENT) {
          // A 400 from the fake, which checks as UPS does, is input our checks let through.
          expect(status, `${label}: passed this package's checks, refused by UPS`).not.toBe(400);
        }
      }
    }
    expect(validations).toBeGreaterThan(RUNS);
  });
});

describe('inputs holding symbols (found by the fuzz kit with other seeds)', () => {
  it('are refused with a ValidationError, never a TypeError, and nothing is sent', async () => {
    const { ups } = setup(mock);
    const withPackage = (change: Record<string, unknown>) => {
      const input = rateInput({ service: '03' });
      return { ...input, packages: [{ ...input.packages[0], ...change }] };
    };
    const symbol = Symbol('s');
    const calls: Array<() => Promise<unknown>> = [
      () => ups.rates.quote(withPackage({ weight: { value: symbol, unit: 'LBS' } }) as never),
      () => ups.rates.quote(withPackage({ weight: { value: [symbol], unit: 'LBS' } }) as never),
      () => ups.rates.quote(withPackage({ packagingType: [symbol] }) as never),
      () => ups.rates.quote({ ...rateInput(), service: [null, symbol] } as never),
      () =>
        ups.addresses.validate({ ...rateInput().shipTo.address, countryCode: [symbol] } as never),
    ];
    for (const [index, call] of calls.entries()) {
      const error = await call().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(ValidationError.isInstance(error), `call ${index}: ${String(error)}`).toBe(true);
    }
    expect(apiCalls(mock)).toHaveLength(0);
  });
});
