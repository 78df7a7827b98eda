import { captureLogger, createMockServer, createTestClock } from '@int/core/testing';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  createFedEx,
  type FedExOptions,
  type Party,
  type ShipmentCreateInput,
} from '../src/index.js';
import { createFedExFake, type FedExFakeOptions } from '../src/testing/index.js';

export const SANDBOX = 'https://apis-sandbox.fedex.com';
export const CLIENT_ID = 'test-client-id';
export const CLIENT_SECRET = 'test-client-secret';
export const ACCOUNT = '740561073';

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
  options: Partial<FedExOptions> = {},
  fakeOptions: FedExFakeOptions = {},
) {
  const clock = createTestClock({ now: Date.UTC(2026, 10, 29, 15, 30, 0) });
  const logger = captureLogger();
  const fake = createFedExFake({ clock, ...fakeOptions });
  mock.use(...fake.handlers);
  const fedex = createFedEx({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    accountNumber: ACCOUNT,
    environment: 'sandbox',
    clock,
    logger,
    ...options,
  });
  return { fedex, fake, clock, logger };
}

export const memphis: Party = {
  address: {
    streetLines: ['3875 Airways Blvd'],
    city: 'Memphis',
    stateOrProvinceCode: 'TN',
    postalCode: '38116',
    countryCode: 'US',
  },
};

export const beverlyHills: Party = {
  address: {
    streetLines: ['123 Palm Ln'],
    city: 'Beverly Hills',
    stateOrProvinceCode: 'CA',
    postalCode: '90210',
    countryCode: 'US',
  },
  residential: true,
};

export function shipmentInput(overrides: Partial<ShipmentCreateInput> = {}): ShipmentCreateInput {
  return {
    shipper: { ...memphis, contact: { companyName: 'Acme Widgets', phoneNumber: '9015551234' } },
    recipients: [
      { ...beverlyHills, contact: { personName: 'Jane Doe', phoneNumber: '3105559876' } },
    ],
    packages: [
      {
        weight: { units: 'LB', value: 5 },
        dimensions: { length: 10, width: 8, height: 4, units: 'IN' },
      },
    ],
    serviceType: 'FEDEX_2_DAY',
    ...overrides,
  };
}
