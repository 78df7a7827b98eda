import type {
  RequestOptions as CoreRequestOptions,
  PagePromise,
  ProviderOptions,
  RetryOptions,
} from '@int/core';
import type {
  CaptureParams,
  Card,
  Customer,
  CustomerCreateParams,
  CustomerParams,
  CustomerSearchParams,
  MercadoPagoCurrency,
  Payment,
  PaymentCreateParams,
  PaymentMethod,
  PaymentSearchParams,
  PaymentUpdateParams,
  PixPayment,
  PixPaymentCreateParams,
  Preference,
  PreferenceCreateParams,
  PreferenceParams,
  Refund,
  RefundCreateParams,
  SearchPage,
} from './mercadopago-types.js';

/** Settings of `createMercadoPago`: core's `ProviderOptions` plus MercadoPago's own. Every field is optional. */
export interface MercadoPagoOptions extends ProviderOptions {
  /**
   * The Access Token (`APP_USR-...` or `TEST-...`), sent as `Authorization: Bearer`.
   * Default: the `MERCADOPAGO_ACCESS_TOKEN` environment variable, read at the first API call.
   */
  accessToken?: string | undefined;
  /**
   * The account's currency. Payments carry no currency (the seller's site decides), so amounts
   * are checked against this one's decimals when given. Default: none (at most 2 decimals).
   */
  currency?: MercadoPagoCurrency | undefined;
  /** Default: 2 retries, full-jitter backoff from 500 ms to 8 s, `Retry-After` honoured; 408, 429, 500, 502, 503, 504. */
  retry?: RetryOptions | undefined;
}

/** Per-call options, the last argument of every method (core's: `signal`, `timeoutMs`, `maxRetries`, `idempotencyKey`, `headers`). */
export type RequestOptions = CoreRequestOptions;

export interface Payments {
  /** `POST /v1/payments` with `X-Idempotency-Key`. A declined card is a result (`status: 'rejected'`), not an error. */
  create(params: PixPaymentCreateParams, options?: RequestOptions): Promise<PixPayment>;
  create(params: PaymentCreateParams, options?: RequestOptions): Promise<Payment>;
  /** `GET /v1/payments/{id}` */
  get(id: number | string, options?: RequestOptions): Promise<Payment>;
  /** `GET /v1/payments/search`: await the first page, iterate for every payment. */
  search(
    params?: PaymentSearchParams,
    options?: RequestOptions,
  ): PagePromise<SearchPage<Payment>, Payment>;
  /** `PUT /v1/payments/{id}` */
  update(
    id: number | string,
    params: PaymentUpdateParams,
    options?: RequestOptions,
  ): Promise<Payment>;
  /** `PUT /v1/payments/{id}` `{ status: 'cancelled' }`: a pending, in-process or authorized payment. */
  cancel(id: number | string, options?: RequestOptions): Promise<Payment>;
  /** `PUT /v1/payments/{id}` `{ capture: true, transaction_amount? }`: an authorized payment. */
  capture(id: number | string, params?: CaptureParams, options?: RequestOptions): Promise<Payment>;
}

export interface Refunds {
  /** `POST /v1/payments/{id}/refunds`: full without `amount`, partial with it. */
  create(
    paymentId: number | string,
    params?: RefundCreateParams,
    options?: RequestOptions,
  ): Promise<Refund>;
  /** `GET /v1/payments/{id}/refunds` */
  list(paymentId: number | string, options?: RequestOptions): Promise<Refund[]>;
  /** `GET /v1/payments/{id}/refunds/{refund_id}` */
  get(
    paymentId: number | string,
    refundId: number | string,
    options?: RequestOptions,
  ): Promise<Refund>;
}

export interface CustomerCards {
  /** `POST /v1/customers/{id}/cards` with a card token. */
  create(customerId: string, params: { token: string }, options?: RequestOptions): Promise<Card>;
  /** `GET /v1/customers/{id}/cards` */
  list(customerId: string, options?: RequestOptions): Promise<Card[]>;
  /** `GET /v1/customers/{id}/cards/{card_id}` */
  get(customerId: string, cardId: string, options?: RequestOptions): Promise<Card>;
  /** `DELETE /v1/customers/{id}/cards/{card_id}` */
  delete(customerId: string, cardId: string, options?: RequestOptions): Promise<Card>;
}

export interface Customers {
  /** `POST /v1/customers` */
  create(params: CustomerCreateParams, options?: RequestOptions): Promise<Customer>;
  /** `GET /v1/customers/{id}` */
  get(id: string, options?: RequestOptions): Promise<Customer>;
  /** `GET /v1/customers/search` (`email`, `limit`, `offset`): await the first page, iterate for all. */
  search(
    params?: CustomerSearchParams,
    options?: RequestOptions,
  ): PagePromise<SearchPage<Customer>, Customer>;
  /** `PUT /v1/customers/{id}` */
  update(id: string, params: CustomerParams, options?: RequestOptions): Promise<Customer>;
  cards: CustomerCards;
}

export interface Preferences {
  /** `POST /checkout/preferences`: `init_point` is the checkout URL. */
  create(params: PreferenceCreateParams, options?: RequestOptions): Promise<Preference>;
  /** `GET /checkout/preferences/{id}` */
  get(id: string, options?: RequestOptions): Promise<Preference>;
  /** `PUT /checkout/preferences/{id}` */
  update(id: string, params: PreferenceParams, options?: RequestOptions): Promise<Preference>;
}

export interface PaymentMethods {
  /** `GET /v1/payment_methods` */
  list(options?: RequestOptions): Promise<PaymentMethod[]>;
}

/** A MercadoPago client: resources named as in MercadoPago's API. */
export interface MercadoPago {
  payments: Payments;
  refunds: Refunds;
  customers: Customers;
  preferences: Preferences;
  paymentMethods: PaymentMethods;
}
