import { createMockServer, createTestClock } from '@int/core/testing';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createStripe, type StripeOptions } from '../src/index.js';
import { createStripeFake, type StripeFakeOptions } from '../src/testing/index.js';

export const SECRET_KEY = 'sk_test_int_secret_value_1234';

/** A mock server with the fake installed before each test, reset after. */
export function setupFake(fakeOptions: StripeFakeOptions = {}) {
  const mock = createMockServer();
  const fake = createStripeFake(fakeOptions);
  beforeAll(() => mock.listen());
  afterEach(() => {
    mock.reset();
    fake.reset();
    mock.use(...fake.handlers);
  });
  afterAll(() => mock.close());
  mock.use(...fake.handlers);
  const client = (options: StripeOptions = {}) =>
    createStripe({ secretKey: SECRET_KEY, clock: createTestClock(), ...options });
  return { mock, fake, client };
}
