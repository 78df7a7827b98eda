export {
  createHubSpotFake,
  type FakeObject,
  type HubSpotFake,
  type HubSpotFakeOptions,
} from './hubspot-fake.js';
