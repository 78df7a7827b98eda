// Types: the API's shapes and the client's, each from its own type-only module.

export { identification } from './identification.js';
export { createMercadoPago } from './mercadopago-client.js';
export type * from './mercadopago-client-types.js';
export {
  isMercadoPagoApiError,
  mercadoPagoErrorDetails,
  parseMercadoPagoError,
} from './mercadopago-errors.js';
export type * from './mercadopago-types.js';
export type * from './mercadopago-webhook-types.js';
export {
  mercadoPagoWebhookVerifier,
  notificationManifest,
  verifyNotification,
  webhooks,
} from './mercadopago-webhooks.js';
export {
  CURRENCY_DECIMALS,
  currencyDecimals,
  fromMinorUnits,
  toAmount,
  toMinorUnits,
} from './money.js';
export { VERSION } from './version.js';
