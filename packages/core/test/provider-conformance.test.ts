import { describe } from 'vitest';
import { describeProviderConformance, type ProviderConformanceSpec } from '../src/testing/index.js';
import { createDemo, type Demo } from './conformance-demo/demo-client.js';
import {
  createDemoFake,
  DEMO_API_KEY,
  DEMO_BASE_URL,
  DEMO_CLIENT_SECRET,
} from './conformance-demo/demo-fake.js';

// The suite as a provider package runs it, against a demo provider with a static key...
const keyed: ProviderConformanceSpec<Demo> = {
  name: 'demo',
  secretOption: 'apiKey',
  envVar: 'DEMO_API_KEY',
  secret: DEMO_API_KEY,
  baseURL: DEMO_BASE_URL,
  versionPrefix: '/v1',
  idempotencyHeader: 'Idempotency-Key',
  create: (options) => createDemo(options),
  fake: () => createDemoFake(),
  read: (client, options) => client.widgets.list({ limit: 1 }, options),
  write: (client, options) => client.widgets.create({ name: 'conformance' }, options),
  list: (client) => client.widgets.list(),
  withId: (client, id) => client.widgets.retrieve(id),
};
await describeProviderConformance(keyed);

// ...and with OAuth client credentials (tokens from the fake's token endpoint),
// registered inside a describe of the file's own.
describe('with OAuth client credentials', async () => {
  await describeProviderConformance<Demo>({
    ...keyed,
    secretOption: 'clientSecret',
    envVar: 'DEMO_CLIENT_SECRET',
    secret: DEMO_CLIENT_SECRET,
    create: (options) => createDemo({ ...options, auth: 'oauth' }),
  });
});
