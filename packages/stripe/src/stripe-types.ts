/**
 * Stripe objects and parameters for the covered resources, from Stripe's API
 * reference. Responses are open (`[key: string]: unknown`) so a new field
 * never breaks a caller; parameters accept extra fields, which are sent as is.
 */

export type Metadata = Record<string, string>;
/** Metadata as sent: `''` or `null` unsets a key; `null` for the whole object unsets all. */
export type MetadataParam = Record<string, string | number | null>;

export interface RangeQuery {
  gt?: number | undefined;
  gte?: number | undefined;
  lt?: number | undefined;
  lte?: number | undefined;
}

/** A field Stripe returns as an id, or as the object when you `expand` it. */
export type Expandable<T extends { id: string }> = string | T;

export interface ListParams {
  /** 1 to 100; Stripe's default is 10. */
  limit?: number | undefined;
  starting_after?: string | undefined;
  ending_before?: string | undefined;
  expand?: string[] | undefined;
  created?: number | RangeQuery | undefined;
  [key: string]: unknown;
}

export interface SearchParams {
  /** Stripe's search query language, e.g. `status:'succeeded' AND metadata['order']:'42'`. */
  query: string;
  /** 1 to 100; Stripe's default is 10. */
  limit?: number | undefined;
  page?: string | undefined;
  expand?: string[] | undefined;
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
  city?: string | undefined;
  country?: string | undefined;
  line1?: string | undefined;
  line2?: string | undefined;
  postal_code?: string | undefined;
  state?: string | undefined;
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
  carrier?: string | undefined;
  phone?: string | undefined;
  tracking_number?: string | undefined;
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
  address?: AddressParam | null | undefined;
  balance?: number | undefined;
  description?: string | null | undefined;
  email?: string | null | undefined;
  invoice_prefix?: string | undefined;
  metadata?: MetadataParam | null | undefined;
  name?: string | null | undefined;
  payment_method?: string | undefined;
  phone?: string | null | undefined;
  preferred_locales?: string[] | undefined;
  shipping?: ShippingParam | null | undefined;
  expand?: string[] | undefined;
  [key: string]: unknown;
}

export type CustomerUpdateParams = CustomerCreateParams;

export interface CustomerListParams extends ListParams {
  email?: string | undefined;
  test_clock?: string | undefined;
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
  automatic_payment_methods?:
    | { enabled: boolean; allow_redirects?: 'always' | 'never' | undefined }
    | undefined;
  capture_method?: CaptureMethod | undefined;
  confirm?: boolean | undefined;
  confirmation_method?: 'automatic' | 'manual' | undefined;
  customer?: string | undefined;
  description?: string | undefined;
  error_on_requires_action?: boolean | undefined;
  metadata?: MetadataParam | undefined;
  off_session?: boolean | 'one_off' | 'recurring' | undefined;
  on_behalf_of?: string | undefined;
  payment_method?: string | undefined;
  payment_method_types?: string[] | undefined;
  receipt_email?: string | undefined;
  return_url?: string | undefined;
  setup_future_usage?: 'off_session' | 'on_session' | undefined;
  shipping?: ShippingParam | undefined;
  statement_descriptor?: string | undefined;
  statement_descriptor_suffix?: string | undefined;
  transfer_data?: { destination: string; amount?: number | undefined } | undefined;
  transfer_group?: string | undefined;
  expand?: string[] | undefined;
  [key: string]: unknown;
}

export interface PaymentIntentUpdateParams {
  amount?: number | undefined;
  currency?: string | undefined;
  capture_method?: CaptureMethod | undefined;
  customer?: string | undefined;
  description?: string | null | undefined;
  metadata?: MetadataParam | null | undefined;
  payment_method?: string | undefined;
  payment_method_types?: string[] | undefined;
  receipt_email?: string | null | undefined;
  setup_future_usage?: 'off_session' | 'on_session' | null | undefined;
  shipping?: ShippingParam | null | undefined;
  statement_descriptor?: string | undefined;
  statement_descriptor_suffix?: string | undefined;
  expand?: string[] | undefined;
  [key: string]: unknown;
}

export interface PaymentIntentConfirmParams {
  capture_method?: CaptureMethod | undefined;
  error_on_requires_action?: boolean | undefined;
  off_session?: boolean | 'one_off' | 'recurring' | undefined;
  payment_method?: string | undefined;
  receipt_email?: string | null | undefined;
  return_url?: string | undefined;
  setup_future_usage?: 'off_session' | 'on_session' | null | undefined;
  shipping?: ShippingParam | null | undefined;
  expand?: string[] | undefined;
  [key: string]: unknown;
}

export interface PaymentIntentCaptureParams {
  /** At most `amount_capturable`; defaults to all of it. */
  amount_to_capture?: number | undefined;
  final_capture?: boolean | undefined;
  metadata?: MetadataParam | undefined;
  statement_descriptor?: string | undefined;
  statement_descriptor_suffix?: string | undefined;
  expand?: string[] | undefined;
  [key: string]: unknown;
}

export interface PaymentIntentCancelParams {
  cancellation_reason?:
    | 'duplicate'
    | 'fraudulent'
    | 'requested_by_customer'
    | 'abandoned'
    | undefined;
  expand?: string[] | undefined;
  [key: string]: unknown;
}

export interface PaymentIntentListParams extends ListParams {
  customer?: string | undefined;
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
  customer?: string | undefined;
  payment_intent?: string | undefined;
  transfer_group?: string | undefined;
}

export interface ChargeCaptureParams {
  amount?: number | undefined;
  application_fee_amount?: number | undefined;
  receipt_email?: string | undefined;
  statement_descriptor?: string | undefined;
  statement_descriptor_suffix?: string | undefined;
  expand?: string[] | undefined;
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
  amount?: number | undefined;
  charge?: string | undefined;
  currency?: string | undefined;
  customer?: string | undefined;
  instructions_email?: string | undefined;
  metadata?: MetadataParam | null | undefined;
  origin?: 'customer_balance' | undefined;
  payment_intent?: string | undefined;
  reason?: 'duplicate' | 'fraudulent' | 'requested_by_customer' | undefined;
  refund_application_fee?: boolean | undefined;
  reverse_transfer?: boolean | undefined;
  expand?: string[] | undefined;
  [key: string]: unknown;
}

export interface RefundUpdateParams {
  metadata?: MetadataParam | null | undefined;
  expand?: string[] | undefined;
  [key: string]: unknown;
}

export interface RefundCancelParams {
  expand?: string[] | undefined;
  [key: string]: unknown;
}

export interface RefundListParams extends ListParams {
  charge?: string | undefined;
  payment_intent?: string | undefined;
}

// -------------------------------------------------------------------- events

/** Parameters a retrieve accepts. */
export interface RetrieveParams {
  expand?: string[] | undefined;
  [key: string]: unknown;
}

export interface EventListParams extends ListParams {
  /** An event type, `*` allowed as in `payment_intent.*`. */
  type?: string | undefined;
  /** Up to 20 types. */
  types?: string[] | undefined;
  delivery_success?: boolean | undefined;
}
