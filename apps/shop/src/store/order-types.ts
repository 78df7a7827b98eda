export type OrderStatus =
  /** Created; the payment was not confirmed (yet). */
  | 'pending_payment'
  /** The card was declined. */
  | 'declined'
  /** Stripe could not be reached or failed; nothing was charged for sure. */
  | 'payment_error'
  /** Stripe confirmed; waiting for the `payment_intent.succeeded` webhook. */
  | 'confirmed'
  /** The webhook arrived: shipping is queued. */
  | 'paid'
  | 'shipped'
  /** Shipped and recorded in the CRM: nothing left to do. */
  | 'completed';

export interface OrderItem {
  sku: string;
  name: string;
  quantity: number;
  unitAmount: number;
  weightLb: number;
}

export interface ShippingAddress {
  name: string;
  phone: string;
  street: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
}

export interface Order {
  id: string;
  email: string;
  items: OrderItem[];
  address: ShippingAddress;
  /** Minor units (cents). */
  amount: number;
  currency: string;
  status: OrderStatus;
  /** Why the order stopped (declined message, outage), shown as is. */
  statusDetail: string | undefined;
  paymentMethod: string;
  customerId: string | undefined;
  paymentIntentId: string | undefined;
  trackingNumber: string | undefined;
  serviceType: string | undefined;
  /** What FedEx quoted for the cheapest service, in cents. */
  shippingAmount: number | undefined;
  contactId: string | undefined;
  dealId: string | undefined;
  createdAt: number;
  updatedAt: number;
  paidAt: number | undefined;
  shippedAt: number | undefined;
  syncedAt: number | undefined;
}

export type TimelineKind = 'order' | 'call' | 'webhook' | 'job';

export interface TimelineEntry {
  seq: number;
  orderId: string;
  at: number;
  kind: TimelineKind;
  title: string;
  detail: string | undefined;
  ok: boolean;
  durationMs: number | undefined;
}

/** A provider side effect journalled per order, so a re-run skips what is done. */
export interface StepRecord {
  orderId: string;
  step: string;
  /** `started` is committed before the call; `failed` records how the last attempt ended. */
  state: 'started' | 'done' | 'failed';
  result: unknown;
  /**
   * Set with `failed` (and kept while a re-run is `started`) when the provider
   * may have acted although the shop got no answer: a timeout, a lost
   * connection after sending, a 5xx, an abort.
   */
  outcomeUnknown: boolean;
  /** The last failure, as shown on the timeline. */
  error: string | undefined;
  attempts: number;
  startedAt: number;
  finishedAt: number | undefined;
}
