import { createMockServer, createTestClock, type TestClock } from '@int/core/testing';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createMercadoPago, type MercadoPagoOptions } from '../src/index.js';
import { createMercadoPagoFake, type MercadoPagoFakeOptions } from '../src/testing/index.js';

export const ACCESS_TOKEN = 'TEST-8123-int-secret-access-token-value';
/** Every test starts at this instant: 2023-11-14T22:13:20.000Z. */
export const START = 1_700_000_000_000;

/** A mock server with the fake installed, reset after each test; one clock for client and fake. */
export function setupFake(fakeOptions: MercadoPagoFakeOptions = {}) {
  const clock: TestClock = createTestClock({ now: START });
  const mock = createMockServer();
  const fake = createMercadoPagoFake({ clock, ...fakeOptions });
  beforeAll(() => mock.listen());
  afterEach(() => {
    mock.reset();
    fake.reset();
    clock.set(START);
    mock.use(...fake.handlers);
  });
  afterAll(() => mock.close());
  mock.use(...fake.handlers);
  const client = (options: MercadoPagoOptions = {}) =>
    createMercadoPago({ accessToken: ACCESS_TOKEN, clock, ...options });
  return { mock, fake, client, clock };
}
