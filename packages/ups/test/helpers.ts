import { captureLogger, createMockServer, createTestClock } from '@int/core/testing';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  createUPS,
  type Party,
  type RateQuoteInput,
  type ShipmentCreateInput,
  type UPSOptions,
} from '../src/index.js';
import { createUPSFake, type UPSFakeOptions } from '../src/testing/index.js';

export const CIE = 'https://wwwcie.ups.com';
export const CLIENT_ID = 'test-client-id';
export const CLIENT_SECRET = 'test-client-secret';
export const ACCOUNT = 'A1B2C3';
/** 2026-11-29 15:30 UTC: every test runs on this clock, never the wall's. */
export const START = Date.UTC(2026, 10, 29, 15, 30, 0);

/** One MSW server per test file; the fake is installed fresh per test. */
export function useMockServer() {
  const mock = createMockServer();
  beforeAll(() => mock.listen());
  afterEach(() => mock.reset());
  afterAll(() => mock.close());
  return mock;
}

export function setup(
  mock: ReturnType<typeof createMockServer>,
  options: Partial<UPSOptions> = {},
  fakeOptions: UPSFakeOptions = {},
) {
  const clock = createTestClock({ now: START });
  const logger = captureLogger();
  const fake = createUPSFake({ clock, ...fakeOptions });
  mock.use(...fake.handlers);
  const ups = createUPS({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    accountNumber: ACCOUNT,
    clock,
    logger,
    ...options,
  });
  return { ups, fake, clock, logger };
}

/** Calls to the business APIs (the token endpoint left out). */
export const apiCalls = (mock: ReturnType<typeof createMockServer>) =>
  mock.calls.filter((call) => call.url.pathname.startsWith('/api/'));

export const timonium: Party = {
  name: 'Acme Widgets',
  address: {
    addressLines: ['2311 York Rd'],
    city: 'Timonium',
    stateProvinceCode: 'MD',
    postalCode: '21093',
    countryCode: 'US',
  },
};

export const alpharetta: Party = {
  name: 'Jane Doe',
  address: {
    addressLines: ['123 Main St', 'Apt 4'],
    city: 'Alpharetta',
    stateProvinceCode: 'GA',
    postalCode: '30005',
    countryCode: 'US',
  },
  residential: true,
};

export function rateInput(overrides: Partial<RateQuoteInput> = {}): RateQuoteInput {
  return {
    shipper: timonium,
    shipTo: alpharetta,
    packages: [
      {
        weight: { value: 5, unit: 'LBS' },
        dimensions: { length: 10, width: 8, height: 4, unit: 'IN' },
      },
    ],
    ...overrides,
  };
}

export function shipmentInput(overrides: Partial<ShipmentCreateInput> = {}): ShipmentCreateInput {
  return {
    shipper: { ...timonium, phone: '4105551234' },
    shipTo: { ...alpharetta, phone: '7705559876' },
    service: '03',
    packages: [
      {
        weight: { value: 5, unit: 'LBS' },
        dimensions: { length: 10, width: 8, height: 4, unit: 'IN' },
      },
    ],
    reference: 'order-1001',
    ...overrides,
  };
}
