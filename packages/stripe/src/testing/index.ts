export {
  createStripeFake,
  type StripeFake,
  type StripeFakeOptions,
  type StripeFakeState,
} from './stripe-fake.js';
export type { WebhookDelivery, WebhookEndpoint } from './webhook-delivery.js';
