import { describeProviderConformance } from '@int/core/testing';
import { createStripe, type Stripe } from '../src/index.js';
import { createStripeFake } from '../src/testing/index.js';

// Core's provider conformance suite against the Stripe client and its fake.
await describeProviderConformance<Stripe>({
  name: 'stripe',
  secretOption: 'secretKey',
  envVar: 'STRIPE_SECRET_KEY',
  secret: 'sk_test_conformance_0123456789',
  baseURL: 'https://api.stripe.com',
  versionPrefix: '/v1',
  idempotencyHeader: 'Idempotency-Key',
  create: (options) => createStripe(options),
  fake: () => createStripeFake(),
  read: (stripe, options) => stripe.customers.list({ limit: 1 }, options),
  write: (stripe, options) => stripe.customers.create({ email: 'c@example.com' }, options),
  list: (stripe) => stripe.customers.list(),
  withId: (stripe, id) => stripe.customers.retrieve(id),
});
