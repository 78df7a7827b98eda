export {
  createStripeFake,
  type StripeFake,
  type StripeFakeOptions,
  type StripeFakeState,
  type WebhookDelivery,
  type WebhookEndpoint,
} from './stripe-fake.js';
