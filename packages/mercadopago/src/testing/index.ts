export {
  createMercadoPagoFake,
  type MercadoPagoFake,
  type MercadoPagoFakeOptions,
  type MercadoPagoFakeState,
} from './mercadopago-fake.js';
export {
  type NotificationDelivery,
  type NotificationEndpoint,
  type SignNotificationOptions,
  signNotification,
} from './notification-delivery.js';
export { FAKE_PAYMENT_METHODS, TEST_CARD_HOLDERS, type TestCardHolder } from './test-cards.js';
