import type { PagePromise } from '@int/core';
import { type RequestOptions, type StripeApi, stripeEndpoint } from '../stripe-client.js';
import type {
  ListResult,
  PaymentIntent,
  PaymentIntentCancelParams,
  PaymentIntentCaptureParams,
  PaymentIntentConfirmParams,
  PaymentIntentCreateParams,
  PaymentIntentListParams,
  PaymentIntentUpdateParams,
  RetrieveParams,
  SearchParams,
  SearchResult,
} from '../stripe-types.js';

type Intent = PaymentIntent;

export interface PaymentIntentsResource {
  /** `POST /v1/payment_intents` */
  create(params: PaymentIntentCreateParams, options?: RequestOptions): Promise<Intent>;
  /** `GET /v1/payment_intents/:id` */
  retrieve(
    id: string,
    params?: RetrieveParams & { client_secret?: string },
    options?: RequestOptions,
  ): Promise<Intent>;
  /** `POST /v1/payment_intents/:id` */
  update(id: string, params?: PaymentIntentUpdateParams, options?: RequestOptions): Promise<Intent>;
  /** `POST /v1/payment_intents/:id/confirm` */
  confirm(
    id: string,
    params?: PaymentIntentConfirmParams,
    options?: RequestOptions,
  ): Promise<Intent>;
  /** `POST /v1/payment_intents/:id/capture` */
  capture(
    id: string,
    params?: PaymentIntentCaptureParams,
    options?: RequestOptions,
  ): Promise<Intent>;
  /** `POST /v1/payment_intents/:id/cancel` */
  cancel(id: string, params?: PaymentIntentCancelParams, options?: RequestOptions): Promise<Intent>;
  /** `GET /v1/payment_intents`; await for one page, iterate for all. */
  list(
    params?: PaymentIntentListParams,
    options?: RequestOptions,
  ): PagePromise<ListResult<Intent>, Intent>;
  /** `GET /v1/payment_intents/search`; await for one page, iterate for all. */
  search(params: SearchParams, options?: RequestOptions): PagePromise<SearchResult<Intent>, Intent>;
}

const BASE = '/v1/payment_intents';
const ONE = `${BASE}/{id}`;
const create = stripeEndpoint<Intent>('paymentIntents.create', 'POST', BASE, {
  required: ['amount', 'currency'],
  amounts: ['amount'],
});
const retrieve = stripeEndpoint<Intent>('paymentIntents.retrieve', 'GET', ONE);
const update = stripeEndpoint<Intent>('paymentIntents.update', 'POST', ONE, {
  amounts: ['amount'],
});
const confirm = stripeEndpoint<Intent>('paymentIntents.confirm', 'POST', `${ONE}/confirm`, {});
const capture = stripeEndpoint<Intent>('paymentIntents.capture', 'POST', `${ONE}/capture`, {
  amounts: ['amount_to_capture'],
});
const cancel = stripeEndpoint<Intent>('paymentIntents.cancel', 'POST', `${ONE}/cancel`, {});
const list = stripeEndpoint<ListResult<Intent>>('paymentIntents.list', 'GET', BASE);
const search = stripeEndpoint<SearchResult<Intent>>(
  'paymentIntents.search',
  'GET',
  `${BASE}/search`,
  {
    required: ['query'],
  },
);

export const paymentIntentsResource = (api: StripeApi): PaymentIntentsResource => ({
  create: (params, options) => api.call(create, params, options),
  retrieve: (id, params, options) => api.call(retrieve, params, options, id),
  update: (id, params, options) => api.call(update, params, options, id),
  confirm: (id, params, options) => api.call(confirm, params, options, id),
  capture: (id, params, options) => api.call(capture, params, options, id),
  cancel: (id, params, options) => api.call(cancel, params, options, id),
  list: (params, options) => api.list(list, params, options),
  search: (params, options) => api.search(search, params, options),
});
