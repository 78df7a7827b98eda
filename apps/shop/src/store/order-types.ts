export type OrderStatus =
  /** Created; the payment was not confirmed (yet). A Pix order waits here for the payer. */
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

/** How fast the customer wants the parcel; `src/flow/delivery-services.ts` maps it to each carrier's services. */
export type DeliveryOption = 'standard' | 'express' | 'overnight';
export const DELIVERY_OPTIONS: readonly DeliveryOption[] = ['standard', 'express', 'overnight'];

/** The carrier that ships the order: the cheaper of the two that meets its delivery option. */
export type CarrierName = 'fedex' | 'ups';

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
  /** A Stripe PaymentMethod id (`pm_...`), or `pix` for MercadoPago Pix. */
  paymentMethod: string;
  deliveryOption: DeliveryOption;
  /** A Pix order's MercadoPago payment, as created (the QR code is shown on the order page). */
  pixPaymentId: string | undefined;
  /** The Pix copy-and-paste code. */
  pixQrCode: string | undefined;
  /** The Pix QR code, a base64 PNG as MercadoPago sends it. */
  pixQrCodeBase64: string | undefined;
  customerId: string | undefined;
  paymentIntentId: string | undefined;
  trackingNumber: string | undefined;
  serviceType: string | undefined;
  carrier: CarrierName | undefined;
  /** What the chosen carrier quoted for the cheapest fitting service, in cents. */
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
