import { type ChargesResource, chargesResource } from './resources/charges.js';
import { type CustomersResource, customersResource } from './resources/customers.js';
import { type EventsResource, eventsResource } from './resources/events.js';
import {
  type PaymentIntentsResource,
  paymentIntentsResource,
} from './resources/payment-intents.js';
import { type RefundsResource, refundsResource } from './resources/refunds.js';
import { createStripeApi, type StripeOptions } from './stripe-client.js';
import type * as Events from './stripe-events.js';
import type * as Types from './stripe-types.js';

export interface Stripe {
  paymentIntents: PaymentIntentsResource;
  customers: CustomersResource;
  refunds: RefundsResource;
  charges: ChargesResource;
  events: EventsResource;
}

// The namespace members name the types they alias; the .d.ts bundler flattens
// `Types.PaymentIntent` to `PaymentIntent`, which inside the namespace would
// refer to itself. Going through this map (and the two generic aliases below)
// keeps every published alias pointing at the real type.
interface StripeTypeMap {
  PaymentIntent: Types.PaymentIntent;
  PaymentIntentStatus: Types.PaymentIntentStatus;
  PaymentIntentCreateParams: Types.PaymentIntentCreateParams;
  PaymentIntentUpdateParams: Types.PaymentIntentUpdateParams;
  PaymentIntentConfirmParams: Types.PaymentIntentConfirmParams;
  PaymentIntentCaptureParams: Types.PaymentIntentCaptureParams;
  PaymentIntentCancelParams: Types.PaymentIntentCancelParams;
  PaymentIntentListParams: Types.PaymentIntentListParams;
  Customer: Types.Customer;
  DeletedCustomer: Types.DeletedCustomer;
  CustomerCreateParams: Types.CustomerCreateParams;
  CustomerUpdateParams: Types.CustomerUpdateParams;
  CustomerListParams: Types.CustomerListParams;
  Refund: Types.Refund;
  RefundCreateParams: Types.RefundCreateParams;
  RefundUpdateParams: Types.RefundUpdateParams;
  RefundListParams: Types.RefundListParams;
  Charge: Types.Charge;
  ChargeListParams: Types.ChargeListParams;
  ChargeCaptureParams: Types.ChargeCaptureParams;
  EventListParams: Types.EventListParams;
  Metadata: Types.Metadata;
  Shipping: Types.Shipping;
  SearchParams: Types.SearchParams;
  StripeErrorObject: Types.StripeErrorObject;
  Event: Events.StripeEvent;
  EventType: Events.StripeEventType;
  PaymentIntentEvent: Events.PaymentIntentEvent;
  ChargeEvent: Events.ChargeEvent;
  RefundEvent: Events.RefundEvent;
  CustomerEvent: Events.CustomerEvent;
}
type StripeListResult<T> = Types.ListResult<T>;
type StripeSearchResult<T> = Types.SearchResult<T>;

/** Stripe's object types under the names stripe-node users know: `Stripe.PaymentIntent`, `Stripe.Event`. */
export declare namespace Stripe {
  export type PaymentIntent = StripeTypeMap['PaymentIntent'];
  export type PaymentIntentStatus = StripeTypeMap['PaymentIntentStatus'];
  export type PaymentIntentCreateParams = StripeTypeMap['PaymentIntentCreateParams'];
  export type PaymentIntentUpdateParams = StripeTypeMap['PaymentIntentUpdateParams'];
  export type PaymentIntentConfirmParams = StripeTypeMap['PaymentIntentConfirmParams'];
  export type PaymentIntentCaptureParams = StripeTypeMap['PaymentIntentCaptureParams'];
  export type PaymentIntentCancelParams = StripeTypeMap['PaymentIntentCancelParams'];
  export type PaymentIntentListParams = StripeTypeMap['PaymentIntentListParams'];
  export type Customer = StripeTypeMap['Customer'];
  export type DeletedCustomer = StripeTypeMap['DeletedCustomer'];
  export type CustomerCreateParams = StripeTypeMap['CustomerCreateParams'];
  export type CustomerUpdateParams = StripeTypeMap['CustomerUpdateParams'];
  export type CustomerListParams = StripeTypeMap['CustomerListParams'];
  export type Refund = StripeTypeMap['Refund'];
  export type RefundCreateParams = StripeTypeMap['RefundCreateParams'];
  export type RefundUpdateParams = StripeTypeMap['RefundUpdateParams'];
  export type RefundListParams = StripeTypeMap['RefundListParams'];
  export type Charge = StripeTypeMap['Charge'];
  export type ChargeListParams = StripeTypeMap['ChargeListParams'];
  export type ChargeCaptureParams = StripeTypeMap['ChargeCaptureParams'];
  export type EventListParams = StripeTypeMap['EventListParams'];
  export type Metadata = StripeTypeMap['Metadata'];
  export type Shipping = StripeTypeMap['Shipping'];
  export type SearchParams = StripeTypeMap['SearchParams'];
  export type StripeErrorObject = StripeTypeMap['StripeErrorObject'];
  /** Every event of the covered resources, discriminated by `type`. */
  export type Event = StripeTypeMap['Event'];
  export type EventType = StripeTypeMap['EventType'];
  export type PaymentIntentEvent = StripeTypeMap['PaymentIntentEvent'];
  export type ChargeEvent = StripeTypeMap['ChargeEvent'];
  export type RefundEvent = StripeTypeMap['RefundEvent'];
  export type CustomerEvent = StripeTypeMap['CustomerEvent'];
  export type ListResult<T> = StripeListResult<T>;
  export type SearchResult<T> = StripeSearchResult<T>;
}

/**
 * A Stripe client on the int pipeline. Creating it reads nothing: the secret
 * key (option or `STRIPE_SECRET_KEY`) is read at the first API call. Webhook
 * verification is not a member: `constructEvent` and `webhooks` are imports of
 * their own, so an app that only calls the API never bundles the HMAC code.
 */
export function createStripe(options: StripeOptions = {}): Stripe {
  const api = createStripeApi(options);
  return {
    paymentIntents: paymentIntentsResource(api),
    customers: customersResource(api),
    refunds: refundsResource(api),
    charges: chargesResource(api),
    events: eventsResource(api),
  };
}
