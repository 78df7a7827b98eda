import type { Charge, Customer, PaymentIntent, Refund } from './stripe-types.js';

interface EventBase<Type extends string, Object> {
  id: string;
  object: 'event';
  api_version: string | null;
  /** Unix seconds. */
  created: number;
  data: {
    object: Object;
    /** On `*.updated` events: the changed fields' values before the change. */
    previous_attributes?: Partial<Object> & { [key: string]: unknown };
    [key: string]: unknown;
  };
  livemode: boolean;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null } | null;
  type: Type;
  account?: string;
  [key: string]: unknown;
}

export type PaymentIntentEventType =
  | 'payment_intent.amount_capturable_updated'
  | 'payment_intent.canceled'
  | 'payment_intent.created'
  | 'payment_intent.partially_funded'
  | 'payment_intent.payment_failed'
  | 'payment_intent.processing'
  | 'payment_intent.requires_action'
  | 'payment_intent.succeeded';

export type ChargeEventType =
  | 'charge.captured'
  | 'charge.expired'
  | 'charge.failed'
  | 'charge.pending'
  | 'charge.refunded'
  | 'charge.succeeded'
  | 'charge.updated';

export type RefundEventType = 'refund.created' | 'refund.failed' | 'refund.updated';

export type CustomerEventType = 'customer.created' | 'customer.deleted' | 'customer.updated';

export type PaymentIntentEvent = {
  [Type in PaymentIntentEventType]: EventBase<Type, PaymentIntent>;
}[PaymentIntentEventType];
export type ChargeEvent = { [Type in ChargeEventType]: EventBase<Type, Charge> }[ChargeEventType];
/** `charge.refund.updated` carries a refund. */
export type ChargeRefundUpdatedEvent = EventBase<'charge.refund.updated', Refund>;
export type RefundEvent = { [Type in RefundEventType]: EventBase<Type, Refund> }[RefundEventType];
export type CustomerEvent = {
  [Type in CustomerEventType]: EventBase<Type, Customer>;
}[CustomerEventType];

/** A Stripe event of a type this package does not describe; narrow on `type` first. */
export type UnknownStripeEvent = EventBase<
  string,
  { id?: string; object?: string; [key: string]: unknown }
>;

/**
 * The events of the covered resources, as a union discriminated by `type`:
 * `if (event.type === 'payment_intent.succeeded') event.data.object.amount_received`.
 */
export type StripeEvent =
  | PaymentIntentEvent
  | ChargeEvent
  | ChargeRefundUpdatedEvent
  | RefundEvent
  | CustomerEvent;

export type StripeEventType = StripeEvent['type'];
