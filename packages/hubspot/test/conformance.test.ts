import { describeProviderConformance } from '@int/core/testing';
import { createHubSpot, type HubSpot, type HubSpotOptions } from '../src/index.js';
import { createHubSpotFake } from '../src/testing/index.js';

let written = 0;

// The checks every int provider passes, against the HubSpot fake.
await describeProviderConformance<HubSpot>({
  name: 'hubspot',
  secretOption: 'accessToken',
  envVar: 'HUBSPOT_ACCESS_TOKEN',
  secret: 'pat-na1-conformance-token',
  baseURL: 'https://api.hubapi.com',
  create: (options) => createHubSpot(options as HubSpotOptions),
  fake: () => createHubSpotFake(),
  read: (client, options) => client.contacts.list({ ...options, limit: 1 }),
  write: (client, options) => {
    written += 1;
    return client.contacts.create({ properties: { email: `c${written}@example.com` } }, options);
  },
  list: (client) => client.contacts.list(),
  withId: (client, id) => client.contacts.get(id),
});
