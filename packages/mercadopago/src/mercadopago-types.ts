import type { ApiError } from '@int/core';

// MercadoPago's request and response shapes, from its API reference (api.mercadopago.com).
// Inputs are strict; answers carry `[key: string]: unknown` so a new field never breaks a caller.

/** The currencies the money helpers know (ISO 4217), with MercadoPago's decimals. */
export type MercadoPagoCurrency = 'ARS' | 'BRL' | 'CLP' | 'COP' | 'MXN' | 'PEN' | 'UYU';

/** A document of the payer: `CPF`/`CNPJ` in Brazil, `DNI`/`CUIT` in Argentina, `RUT` in Chile... */
export interface Identification {
  type: string;
  /** Digits only for CPF and CNPJ (build it with `identification()`). */
  number: string;
}

export interface Phone {
  area_code?: string | undefined;
  number?: string | undefined;
}

export interface PayerAddress {
  zip_code?: string | undefined;
  street_name?: string | undefined;
  street_number?: string | number | undefined;
  neighborhood?: string | undefined;
  city?: string | undefined;
  federal_unit?: string | undefined;
}

export interface PaymentPayerParams {
  email: string;
  first_name?: string | undefined;
  last_name?: string | undefined;
  identification?: Identification | undefined;
  /** `customer` with `id` to pay with a saved card. */
  type?: 'customer' | 'registered' | 'guest' | undefined;
  id?: string | undefined;
  entity_type?: 'individual' | 'association' | undefined;
  address?: PayerAddress | undefined;
  phone?: Phone | undefined;
}

export interface AdditionalInfoItem {
  id?: string | undefined;
  title?: string | undefined;
  description?: string | undefined;
  category_id?: string | undefined;
  quantity?: number | undefined;
  unit_price?: number | undefined;
  picture_url?: string | undefined;
}

export type Metadata = Record<string, unknown>;

/** `POST /v1/payments`. `transaction_amount` is a decimal in the currency's units (use `toAmount`). */
export interface PaymentCreateParams {
  transaction_amount: number;
  /** `visa`, `master`, `pix`, `account_money`, ... (`paymentMethods.list()`). */
  payment_method_id: string;
  payer: PaymentPayerParams;
  /** The single-use card token (cards only). */
  token?: string | undefined;
  installments?: number | undefined;
  issuer_id?: string | number | undefined;
  description?: string | undefined;
  external_reference?: string | undefined;
  notification_url?: string | undefined;
  /** `yyyy-MM-dd'T'HH:mm:ss.SSS±hh:mm`; Pix defaults to 24 h. */
  date_of_expiration?: string | undefined;
  /** `false`: authorize only (status `authorized`), then `payments.capture`. Default true. */
  capture?: boolean | undefined;
  /** Only `approved` or `rejected`, never `in_process`. */
  binary_mode?: boolean | undefined;
  statement_descriptor?: string | undefined;
  metadata?: Metadata | undefined;
  additional_info?:
    | {
        ip_address?: string | undefined;
        items?: AdditionalInfoItem[] | undefined;
        [key: string]: unknown;
      }
    | undefined;
  callback_url?: string | undefined;
  application_fee?: number | undefined;
  coupon_code?: string | undefined;
  [key: string]: unknown;
}

/** A Pix payment: `payment_method_id: 'pix'`; its answer carries the QR code. */
export interface PixPaymentCreateParams extends PaymentCreateParams {
  payment_method_id: 'pix';
}

/** `PUT /v1/payments/{id}`: the fields a payment may change. */
export interface PaymentUpdateParams {
  metadata?: Metadata | undefined;
  external_reference?: string | undefined;
  description?: string | undefined;
  date_of_expiration?: string | undefined;
  [key: string]: unknown;
}

export type PaymentStatus =
  | 'pending'
  | 'approved'
  | 'authorized'
  | 'in_process'
  | 'in_mediation'
  | 'rejected'
  | 'cancelled'
  | 'refunded'
  | 'charged_back';

/** The documented `status_detail` values; other strings pass (the list grows). */
export type PaymentStatusDetail =
  | 'accredited'
  | 'partially_refunded'
  | 'refunded'
  | 'pending_capture'
  | 'pending_contingency'
  | 'pending_review_manual'
  | 'pending_waiting_transfer'
  | 'pending_waiting_payment'
  | 'by_collector'
  | 'by_payer'
  | 'expired'
  | 'cc_rejected_bad_filled_card_number'
  | 'cc_rejected_bad_filled_date'
  | 'cc_rejected_bad_filled_other'
  | 'cc_rejected_bad_filled_security_code'
  | 'cc_rejected_blacklist'
  | 'cc_rejected_call_for_authorize'
  | 'cc_rejected_card_disabled'
  | 'cc_rejected_duplicated_payment'
  | 'cc_rejected_high_risk'
  | 'cc_rejected_insufficient_amount'
  | 'cc_rejected_invalid_installments'
  | 'cc_rejected_max_attempts'
  | 'cc_rejected_other_reason'
  | (string & {});

export type PaymentTypeId =
  | 'account_money'
  | 'ticket'
  | 'bank_transfer'
  | 'atm'
  | 'credit_card'
  | 'debit_card'
  | 'prepaid_card'
  | 'digital_currency'
  | 'digital_wallet'
  | 'voucher_card'
  | 'crypto_transfer'
  | (string & {});

/** Pix: the QR code to show the payer. */
export interface PixTransactionData {
  /** The copy-and-paste EMV text (`000201...br.gov.bcb.pix...`). */
  qr_code?: string | undefined;
  /** The QR code as a base64 PNG. */
  qr_code_base64?: string | undefined;
  /** A hosted page with the QR code and instructions. */
  ticket_url?: string | undefined;
  [key: string]: unknown;
}

export interface PointOfInteraction {
  /** `PIX` for Pix payments. */
  type?: string | undefined;
  transaction_data?: PixTransactionData | undefined;
  [key: string]: unknown;
}

export interface Payment {
  id: number;
  status: PaymentStatus;
  status_detail: PaymentStatusDetail;
  date_created?: string | undefined;
  date_approved?: string | null | undefined;
  date_last_updated?: string | undefined;
  date_of_expiration?: string | null | undefined;
  money_release_date?: string | null | undefined;
  payment_method_id?: string | undefined;
  payment_type_id?: PaymentTypeId | undefined;
  currency_id?: string | undefined;
  description?: string | null | undefined;
  external_reference?: string | null | undefined;
  transaction_amount: number;
  transaction_amount_refunded?: number | undefined;
  transaction_details?:
    | {
        net_received_amount?: number | undefined;
        total_paid_amount?: number | undefined;
        installment_amount?: number | undefined;
        [key: string]: unknown;
      }
    | undefined;
  installments?: number | undefined;
  captured?: boolean | undefined;
  binary_mode?: boolean | undefined;
  payer?:
    | {
        id?: string | null;
        email?: string | null;
        identification?: Identification;
        [key: string]: unknown;
      }
    | undefined;
  card?:
    | {
        first_six_digits?: string | undefined;
        last_four_digits?: string | undefined;
        cardholder?: { name?: string | undefined; [key: string]: unknown } | undefined;
        [key: string]: unknown;
      }
    | undefined;
  refunds?: Refund[] | undefined;
  point_of_interaction?: PointOfInteraction | undefined;
  metadata?: Metadata | undefined;
  live_mode?: boolean | undefined;
  [key: string]: unknown;
}

/** A Pix payment's answer: `point_of_interaction.transaction_data` holds the QR code. */
export interface PixPayment extends Payment {
  point_of_interaction: PointOfInteraction & { transaction_data: PixTransactionData };
}

/** `GET /v1/payments/search`: filters as query parameters (any other payment field filters too). */
export interface PaymentSearchParams {
  sort?:
    | 'date_approved'
    | 'date_created'
    | 'date_last_updated'
    | 'id'
    | 'money_release_date'
    | undefined;
  criteria?: 'asc' | 'desc' | undefined;
  external_reference?: string | undefined;
  status?: PaymentStatus | undefined;
  /** The date field `begin_date`/`end_date` apply to. Default `date_created`. */
  range?: 'date_created' | 'date_last_updated' | 'date_approved' | 'money_release_date' | undefined;
  /** ISO 8601 or relative (`NOW-30DAYS`). Default `NOW-3MONTHS`. */
  begin_date?: string | undefined;
  end_date?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
  [key: string]: string | number | boolean | undefined;
}

export interface Paging {
  total: number;
  limit: number;
  offset: number;
}

/** A search page: `results` and `paging`. */
export interface SearchPage<T> {
  paging: Paging;
  results: T[];
  [key: string]: unknown;
}

export interface CaptureParams {
  /** Less than the authorized amount for a partial capture. Default: the whole amount. */
  transaction_amount?: number | undefined;
}

/** `POST /v1/payments/{id}/refunds`: no `amount` refunds what is left. */
export interface RefundCreateParams {
  amount?: number | undefined;
  metadata?: Metadata | undefined;
}

export interface Refund {
  id: number;
  payment_id: number;
  amount: number;
  status?: string | undefined;
  date_created?: string | undefined;
  source?: { id?: string; name?: string; type?: string; [key: string]: unknown } | undefined;
  unique_sequence_number?: string | null | undefined;
  refund_mode?: string | undefined;
  adjustment_amount?: number | undefined;
  reason?: string | null | undefined;
  amount_refunded_to_payer?: number | undefined;
  metadata?: Metadata | undefined;
  [key: string]: unknown;
}

export interface CustomerParams {
  email?: string | undefined;
  first_name?: string | undefined;
  last_name?: string | undefined;
  phone?: Phone | undefined;
  identification?: Identification | undefined;
  address?:
    | { zip_code?: string; street_name?: string; street_number?: string | number }
    | undefined;
  description?: string | undefined;
  date_registered?: string | undefined;
  default_address?: string | undefined;
  default_card?: string | undefined;
  metadata?: Metadata | undefined;
  [key: string]: unknown;
}

export interface CustomerCreateParams extends CustomerParams {
  email: string;
}

export interface CustomerSearchParams {
  email?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
  [key: string]: string | number | boolean | undefined;
}

export interface Card {
  id: string;
  customer_id?: string | undefined;
  expiration_month?: number | undefined;
  expiration_year?: number | undefined;
  first_six_digits?: string | undefined;
  last_four_digits?: string | undefined;
  payment_method?:
    | { id?: string; name?: string; payment_type_id?: string; [key: string]: unknown }
    | undefined;
  issuer?: { id?: number; name?: string } | undefined;
  cardholder?: { name?: string; identification?: Identification } | undefined;
  date_created?: string | undefined;
  date_last_updated?: string | undefined;
  [key: string]: unknown;
}

export interface Customer {
  id: string;
  email: string;
  first_name?: string | null | undefined;
  last_name?: string | null | undefined;
  phone?: Phone | undefined;
  identification?: Identification | undefined;
  description?: string | null | undefined;
  cards?: Card[] | undefined;
  addresses?: unknown[] | undefined;
  default_card?: string | null | undefined;
  date_created?: string | undefined;
  date_last_updated?: string | undefined;
  live_mode?: boolean | undefined;
  metadata?: Metadata | undefined;
  [key: string]: unknown;
}

export interface PreferenceItem {
  id?: string | undefined;
  title: string;
  quantity: number;
  /** A decimal in `currency_id`'s units. */
  unit_price: number;
  currency_id?: MercadoPagoCurrency | (string & {}) | undefined;
  description?: string | undefined;
  picture_url?: string | undefined;
  category_id?: string | undefined;
}

export interface PreferenceParams {
  items?: PreferenceItem[] | undefined;
  payer?:
    | {
        email?: string;
        name?: string;
        surname?: string;
        identification?: Identification;
        [key: string]: unknown;
      }
    | undefined;
  back_urls?: { success?: string; pending?: string; failure?: string } | undefined;
  auto_return?: 'approved' | 'all' | undefined;
  notification_url?: string | undefined;
  external_reference?: string | undefined;
  payment_methods?:
    | {
        excluded_payment_methods?: Array<{ id: string }>;
        excluded_payment_types?: Array<{ id: string }>;
        installments?: number;
        [key: string]: unknown;
      }
    | undefined;
  expires?: boolean | undefined;
  expiration_date_from?: string | undefined;
  expiration_date_to?: string | undefined;
  date_of_expiration?: string | undefined;
  statement_descriptor?: string | undefined;
  binary_mode?: boolean | undefined;
  metadata?: Metadata | undefined;
  marketplace_fee?: number | undefined;
  [key: string]: unknown;
}

/** `POST /checkout/preferences` (Checkout Pro): at least one item. */
export interface PreferenceCreateParams extends PreferenceParams {
  items: PreferenceItem[];
}

export interface Preference extends PreferenceParams {
  id: string;
  /** The checkout URL to send the buyer to. */
  init_point?: string | undefined;
  sandbox_init_point?: string | undefined;
  collector_id?: number | undefined;
  client_id?: string | undefined;
  date_created?: string | undefined;
  site_id?: string | undefined;
  [key: string]: unknown;
}

export interface PaymentMethod {
  id: string;
  name?: string | undefined;
  payment_type_id?: PaymentTypeId | undefined;
  status?: string | undefined;
  thumbnail?: string | undefined;
  min_allowed_amount?: number | undefined;
  max_allowed_amount?: number | undefined;
  accreditation_time?: number | undefined;
  [key: string]: unknown;
}

/** MercadoPago's error body. */
export interface MercadoPagoErrorBody {
  message?: string | undefined;
  /** A snake_case word: `bad_request`, `not_found`, `internal_error`. */
  error?: string | undefined;
  status?: number | undefined;
  cause?: MercadoPagoErrorCause[] | undefined;
  [key: string]: unknown;
}

export interface MercadoPagoErrorCause {
  /** E.g. 2067 (invalid identification number), 2018 (invalid action for the state). */
  code?: string | number | undefined;
  description?: string | undefined;
  data?: unknown;
  [key: string]: unknown;
}

/** A notification's body (Webhooks): the id of what changed, not the object. */
export interface MercadoPagoNotification {
  id?: number | string | undefined;
  live_mode?: boolean | undefined;
  /** The topic: `payment`, `merchant_order`, ... */
  type?: string | undefined;
  date_created?: string | undefined;
  user_id?: number | string | undefined;
  api_version?: string | undefined;
  /** `payment.created`, `payment.updated`, ... */
  action?: string | undefined;
  data?: { id?: string | undefined; [key: string]: unknown } | undefined;
  [key: string]: unknown;
}

/** The Brazilian documents whose check digits are verified before sending. */
export type BrazilianDocument = 'CPF' | 'CNPJ';

/** MercadoPago's error body on `error.details` of every `ApiError` from `@int/mercadopago`. */
export interface MercadoPagoErrorDetails {
  readonly message?: string | undefined;
  /** The first cause's code (`'2067'`), else the `error` word. */
  readonly code?: string | undefined;
  /** A snake_case word: `bad_request`, `not_found`, `internal_error`. */
  readonly error?: string | undefined;
  readonly status?: number | undefined;
  /** Every cause, as sent (empty when the body has none). */
  readonly cause: ReadonlyArray<MercadoPagoErrorCause>;
  readonly [key: string]: unknown;
}

/** An `ApiError` (or core subclass) raised by `@int/mercadopago`, with MercadoPago's body on `details`. */
export type MercadoPagoApiError = ApiError & { readonly details: MercadoPagoErrorDetails };
