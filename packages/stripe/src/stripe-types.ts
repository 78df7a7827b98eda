/**
 * Stripe objects and parameters for the covered resources, from Stripe's API
 * reference. Responses are open (`[key: string]: unknown`) so a new field
 * never breaks a caller; parameters accept extra fields, which are sent as is.
 */

export type Metadata = Record<string, string>;
/** Metadata as sent: `''` or `null` unsets a key; `null` for the whole object unsets all. */
export type MetadataParam = Record<string, string | number | null>;

export interface RangeQuery {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

/** A field Stripe returns as an id, or as the object when you `expand` it. */
export type Expandable<T extends { id: string }> = string | T;

export interface ListParams {
  /** 1 to 100; Stripe's default is 10. */
  limit?: number;
  starting_after?: string;
  ending_before?: string;
  expand?: string[];
  created?: number | RangeQuery;
  [key: string]: unknown;
}

export interface SearchParams {
  /** Stripe's search query language, e.g. `status:'succeeded' AND metadata['order']:'42'`. */
  query: string;
  /** 1 to 100; Stripe's default is 10. */
  limit?: number;
  page?: string;
  expand?: string[];
  [key: string]: unknown;
}

export interface ListResult<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
  [key: string]: unknown;
}

export interface SearchResult<T> {
  object: 'search_result';
  data: T[];
  has_more: boolean;
  next_page: string | null;
  url: string;
  total_count?: number;
  [key: string]: unknown;
}

export interface Address {
  city: string | null;
  country: string | null;
  line1: string | null;
  line2: string | null;
  postal_code: string | null;
  state: string | null;
}

export interface AddressParam {
  city?: string;
  country?: string;
  line1?: string;
  line2?: string;
  postal_code?: string;
  state?: string;
}

/** Shipping details as Stripe returns them on payment intents and customers. */
export interface Shipping {
  address: Address;
  name: string;
  carrier?: string | null;
  phone?: string | null;
  tracking_number?: string | null;
  [key: string]: unknown;
}

export interface ShippingParam {
  address: AddressParam;
  name: string;
  carrier?: string;
  phone?: string;
  tracking_number?: string;
}

// ---------------------------------------------------------------- customers

export interface Customer {
  id: string;
  object: 'customer';
  address?: Address | null;
  balance?: number;
  created: number;
  currency?: string | null;
  default_source?: string | null;
  description: string | null;
  email: string | null;
  invoice_prefix?: string | null;
  livemode: boolean;
  metadata: Metadata;
  name?: string | null;
  phone?: string | null;
  preferred_locales?: string[];
  shipping?: Shipping | null;
  [key: string]: unknown;
}

export interface DeletedCustomer {
  id: string;
  object: 'customer';
  deleted: true;
  [key: string]: unknown;
}

export interface CustomerCreateParams {
  address?: AddressParam | null;
  balance?: number;
  description?: string | null;
  email?: string | null;
  invoice_prefix?: string;
  metadata?: MetadataParam | null;
  name?: string | null;
  payment_method?: string;
  phone?: string | null;
  preferred_locales?: string[];
  shipping?: ShippingParam | null;
  expand?: string[];
  [key: string]: unknown;
}

export type CustomerUpdateParams = CustomerCreateParams;

export interface CustomerListParams extends ListParams {
  email?: string;
  test_clock?: string;
}

// ---------------------------------------------------------- payment intents

export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'canceled'
  | 'succeeded';

export type CaptureMethod = 'automatic' | 'automatic_async' | 'manual';

export type PaymentIntentCancellationReason =
  | 'duplicate'
  | 'fraudulent'
  | 'requested_by_customer'
  | 'abandoned'
  | 'failed_invoice'
  | 'void_invoice'
  | 'automatic'
  | 'expired';

/** The error Stripe keeps on an object after a failed attempt (and in error bodies). */
export interface StripeErrorObject {
  type: 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error' | (string & {});
  code?: string;
  decline_code?: string;
  message?: string;
  param?: string;
  doc_url?: string;
  request_log_url?: string;
  charge?: string;
  payment_intent?: PaymentIntent;
  payment_method?: { id: string; [key: string]: unknown };
  payment_method_type?: string;
  setup_intent?: { id: string; [key: string]: unknown };
  source?: unknown;
  advice_code?: string;
  network_advice_code?: string;
  network_decline_code?: string;
  user_message?: string;
  [key: string]: unknown;
}

export interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  automatic_payment_methods?: { enabled: boolean; [key: string]: unknown } | null;
  canceled_at: number | null;
  cancellation_reason: PaymentIntentCancellationReason | null;
  capture_method: CaptureMethod;
  client_secret: string | null;
  confirmation_method: 'automatic' | 'manual';
  created: number;
  currency: string;
  customer: Expandable<Customer> | null;
  description: string | null;
  last_payment_error: StripeErrorObject | null;
  latest_charge: Expandable<Charge> | null;
  livemode: boolean;
  metadata: Metadata;
  next_action: { type: string; [key: string]: unknown } | null;
  payment_method: string | { id: string; [key: string]: unknown } | null;
  payment_method_types: string[];
  receipt_email: string | null;
  setup_future_usage?: 'off_session' | 'on_session' | null;
  shipping?: Shipping | null;
  statement_descriptor?: string | null;
  statement_descriptor_suffix?: string | null;
  status: PaymentIntentStatus;
  [key: string]: unknown;
}

export interface PaymentIntentCreateParams {
  /** Positive integer in the currency's minor unit (use `toMinorUnits`). */
  amount: number;
  /** Three-letter ISO code, lower case. */
  currency: string;
  automatic_payment_methods?: { enabled: boolean; allow_redirects?: 'always' | 'never' };
  capture_method?: CaptureMethod;
  confirm?: boolean;
  confirmation_method?: 'automatic' | 'manual';
  customer?: string;
  description?: string;
  error_on_requires_action?: boolean;
  metadata?: MetadataParam;
  off_session?: boolean | 'one_off' | 'recurring';
  on_behalf_of?: string;
  payment_method?: string;
  payment_method_types?: string[];
  receipt_email?: string;
  return_url?: string;
  setup_future_usage?: 'off_session' | 'on_session';
  shipping?: ShippingParam;
  statement_descriptor?: string;
  statement_descriptor_suffix?: string;
  transfer_data?: { destination: string; amount?: number };
  transfer_group?: string;
  expand?: string[];
  [key: string]: unknown;
}

export interface PaymentIntentUpdateParams {
  amount?: number;
  currency?: string;
  capture_method?: CaptureMethod;
  customer?: string;
  description?: string | null;
  metadata?: MetadataParam | null;
  payment_method?: string;
  payment_method_types?: string[];
  receipt_email?: string | null;
  setup_future_usage?: 'off_session' | 'on_session' | null;
  shipping?: ShippingParam | null;
  statement_descriptor?: string;
  statement_descriptor_suffix?: string;
  expand?: string[];
  [key: string]: unknown;
}

export interface PaymentIntentConfirmParams {
  capture_method?: CaptureMethod;
  error_on_requires_action?: boolean;
  off_session?: boolean | 'one_off' | 'recurring';
  payment_method?: string;
  receipt_email?: string | null;
  return_url?: string;
  setup_future_usage?: 'off_session' | 'on_session' | null;
  shipping?: ShippingParam | null;
  expand?: string[];
  [key: string]: unknown;
}

export interface PaymentIntentCaptureParams {
  /** At most `amount_capturable`; defaults to all of it. */
  amount_to_capture?: number;
  final_capture?: boolean;
  metadata?: MetadataParam;
  statement_descriptor?: string;
  statement_descriptor_suffix?: string;
  expand?: string[];
  [key: string]: unknown;
}

export interface PaymentIntentCancelParams {
  cancellation_reason?: 'duplicate' | 'fraudulent' | 'requested_by_customer' | 'abandoned';
  expand?: string[];
  [key: string]: unknown;
}

export interface PaymentIntentListParams extends ListParams {
  customer?: string;
}

// ------------------------------------------------------------------ charges

export interface Charge {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  balance_transaction: string | null;
  billing_details?: unknown;
  captured: boolean;
  created: number;
  currency: string;
  customer: Expandable<Customer> | null;
  description: string | null;
  failure_code: string | null;
  failure_message: string | null;
  livemode: boolean;
  metadata: Metadata;
  outcome: {
    network_status?: string | null;
    reason?: string | null;
    risk_level?: string;
    seller_message?: string | null;
    type?: string;
    [key: string]: unknown;
  } | null;
  paid: boolean;
  payment_intent: Expandable<PaymentIntent> | null;
  payment_method: string | null;
  receipt_email: string | null;
  refunded: boolean;
  status: 'succeeded' | 'pending' | 'failed';
  [key: string]: unknown;
}

export interface ChargeListParams extends ListParams {
  customer?: string;
  payment_intent?: string;
  transfer_group?: string;
}

export interface ChargeCaptureParams {
  amount?: number;
  application_fee_amount?: number;
  receipt_email?: string;
  statement_descriptor?: string;
  statement_descriptor_suffix?: string;
  expand?: string[];
  [key: string]: unknown;
}

// ------------------------------------------------------------------ refunds

export type RefundStatus = 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';

export interface Refund {
  id: string;
  object: 'refund';
  amount: number;
  balance_transaction?: string | null;
  charge: Expandable<Charge> | null;
  created: number;
  currency: string;
  failure_reason?: string;
  metadata: Metadata | null;
  payment_intent: Expandable<PaymentIntent> | null;
  reason: 'duplicate' | 'fraudulent' | 'requested_by_customer' | 'expired_uncaptured_charge' | null;
  receipt_number?: string | null;
  status: RefundStatus | null;
  [key: string]: unknown;
}

export interface RefundCreateParams {
  /** Defaults to the whole remaining amount. */
  amount?: number;
  charge?: string;
  currency?: string;
  customer?: string;
  instructions_email?: string;
  metadata?: MetadataParam | null;
  origin?: 'customer_balance';
  payment_intent?: string;
  reason?: 'duplicate' | 'fraudulent' | 'requested_by_customer';
  refund_application_fee?: boolean;
  reverse_transfer?: boolean;
  expand?: string[];
  [key: string]: unknown;
}

export interface RefundUpdateParams {
  metadata?: MetadataParam | null;
  expand?: string[];
  [key: string]: unknown;
}

export interface RefundCancelParams {
  expand?: string[];
  [key: string]: unknown;
}

export interface RefundListParams extends ListParams {
  charge?: string;
  payment_intent?: string;
}

// -------------------------------------------------------------------- events

/** Parameters a retrieve accepts. */
export interface RetrieveParams {
  expand?: string[];
  [key: string]: unknown;
}

export interface EventListParams extends ListParams {
  /** An event type, `*` allowed as in `payment_intent.*`. */
  type?: string;
  /** Up to 20 types. */
  types?: string[];
  delivery_success?: boolean;
}
