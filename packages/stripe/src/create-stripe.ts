import { type ChargesResource, chargesResource } from './resources/charges.js';
import { type CustomersResource, customersResource } from './resources/customers.js';
import { type EventsResource, eventsResource } from './resources/events.js';
import {
  type PaymentIntentsResource,
  paymentIntentsResource,
} from './resources/payment-intents.js';
import { type RefundsResource, refundsResource } from './resources/refunds.js';
import { createStripeRequester, type StripeOptions } from './stripe-client.js';
import type * as Events from './stripe-events.js';
import type * as Types from './stripe-types.js';
import { type StripeWebhooks, webhooks } from './stripe-webhooks.js';

export interface Stripe {
  paymentIntents: PaymentIntentsResource;
  customers: CustomersResource;
  refunds: RefundsResource;
  charges: ChargesResource;
  events: EventsResource;
  webhooks: StripeWebhooks;
}

/** Stripe's object types under the names stripe-node users know: `Stripe.PaymentIntent`, `Stripe.Event`. */
export declare namespace Stripe {
  export type PaymentIntent = Types.PaymentIntent;
  export type PaymentIntentStatus = Types.PaymentIntentStatus;
  export type PaymentIntentCreateParams = Types.PaymentIntentCreateParams;
  export type PaymentIntentUpdateParams = Types.PaymentIntentUpdateParams;
  export type PaymentIntentConfirmParams = Types.PaymentIntentConfirmParams;
  export type PaymentIntentCaptureParams = Types.PaymentIntentCaptureParams;
  export type PaymentIntentCancelParams = Types.PaymentIntentCancelParams;
  export type PaymentIntentListParams = Types.PaymentIntentListParams;
  export type Customer = Types.Customer;
  export type DeletedCustomer = Types.DeletedCustomer;
  export type CustomerCreateParams = Types.CustomerCreateParams;
  export type CustomerUpdateParams = Types.CustomerUpdateParams;
  export type CustomerListParams = Types.CustomerListParams;
  export type Refund = Types.Refund;
  export type RefundCreateParams = Types.RefundCreateParams;
  export type RefundUpdateParams = Types.RefundUpdateParams;
  export type RefundListParams = Types.RefundListParams;
  export type Charge = Types.Charge;
  export type ChargeListParams = Types.ChargeListParams;
  export type ChargeCaptureParams = Types.ChargeCaptureParams;
  export type EventListParams = Types.EventListParams;
  export type Metadata = Types.Metadata;
  export type ListResult<T> = Types.ListResult<T>;
  export type SearchResult<T> = Types.SearchResult<T>;
  export type SearchParams = Types.SearchParams;
  export type StripeErrorObject = Types.StripeErrorObject;
  /** Every event of the covered resources, discriminated by `type`. */
  export type Event = Events.StripeEvent;
  export type EventType = Events.StripeEventType;
  export type PaymentIntentEvent = Events.PaymentIntentEvent;
  export type ChargeEvent = Events.ChargeEvent;
  export type RefundEvent = Events.RefundEvent;
  export type CustomerEvent = Events.CustomerEvent;
}

/**
 * A Stripe client on the int pipeline. Creating it reads nothing: the secret
 * key (option or `STRIPE_SECRET_KEY`) is read at the first API call.
 */
export function createStripe(options: StripeOptions = {}): Stripe {
  const requester = createStripeRequester(options);
  return {
    paymentIntents: paymentIntentsResource(requester),
    customers: customersResource(requester),
    refunds: refundsResource(requester),
    charges: chargesResource(requester),
    events: eventsResource(requester),
    webhooks,
  };
}
