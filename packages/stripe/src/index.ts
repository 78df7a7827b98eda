export { createStripe, type Stripe } from './create-stripe.js';
export { currencyExponent, fromMinorUnits, toMinorUnits } from './money.js';
export { METADATA_LIMITS } from './param-validation.js';
export type { ChargesResource } from './resources/charges.js';
export type { CustomersResource } from './resources/customers.js';
export type { EventsResource } from './resources/events.js';
export type { PaymentIntentsResource } from './resources/payment-intents.js';
export type { RefundsResource } from './resources/refunds.js';
export {
  MAX_IDEMPOTENCY_KEY_LENGTH,
  type RequestOptions,
  type StripeOptions,
} from './stripe-client.js';
export {
  CardError,
  IdempotencyError,
  isStripeApiError,
  type StripeApiError,
  type StripeErrorDetails,
  type StripeErrorFields,
} from './stripe-errors.js';
export type {
  ChargeEvent,
  ChargeEventType,
  ChargeRefundUpdatedEvent,
  CustomerEvent,
  CustomerEventType,
  PaymentIntentEvent,
  PaymentIntentEventType,
  RefundEvent,
  RefundEventType,
  StripeEvent,
  StripeEventType,
  UnknownStripeEvent,
} from './stripe-events.js';
export {
  type StripeEventHandler,
  type StripeHandlerMap,
  type StripeWebhookEvent,
  stripeHandlers,
} from './stripe-handlers.js';
export { STRIPE_RETRY_DEFAULTS, STRIPE_RETRY_STATUSES, stripeRetryHint } from './stripe-retry.js';
export type {
  Address,
  Charge,
  ChargeCaptureParams,
  ChargeListParams,
  Customer,
  CustomerCreateParams,
  CustomerListParams,
  CustomerUpdateParams,
  DeletedCustomer,
  EventListParams,
  Expandable,
  ListParams,
  ListResult,
  Metadata,
  MetadataParam,
  PaymentIntent,
  PaymentIntentCancelParams,
  PaymentIntentCaptureParams,
  PaymentIntentConfirmParams,
  PaymentIntentCreateParams,
  PaymentIntentListParams,
  PaymentIntentStatus,
  PaymentIntentUpdateParams,
  Refund,
  RefundCancelParams,
  RefundCreateParams,
  RefundListParams,
  RefundUpdateParams,
  RetrieveParams,
  SearchParams,
  SearchResult,
  Shipping,
  ShippingParam,
  StripeErrorObject,
} from './stripe-types.js';
export {
  type ConstructEventOptions,
  constructEvent,
  type GenerateTestHeaderOptions,
  generateTestHeader,
  type RawBody,
  type StripeWebhooks,
  stripeWebhookVerifier,
  webhooks,
} from './stripe-webhooks.js';
export { DEFAULT_API_VERSION, VERSION } from './version.js';
