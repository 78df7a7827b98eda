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
  state: 'started' | 'done';
  result: unknown;
  attempts: number;
  startedAt: number;
  finishedAt: number | undefined;
}
