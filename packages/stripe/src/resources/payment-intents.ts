import { type StripeApi, stripeEndpoint } from '../stripe-client.js';
import type { CreateMethod, ListMethod, ObjectMethod, SearchMethod } from '../stripe-methods.js';
import type {
  PaymentIntent as Intent,
  ListResult,
  PaymentIntentCancelParams,
  PaymentIntentCaptureParams,
  PaymentIntentConfirmParams,
  PaymentIntentCreateParams,
  PaymentIntentListParams,
  PaymentIntentUpdateParams,
  RetrieveParams,
  SearchResult,
} from '../stripe-types.js';

export interface PaymentIntentsResource {
  /** `POST /v1/payment_intents` */
  create: CreateMethod<Intent, PaymentIntentCreateParams>;
  /** `GET /v1/payment_intents/:id` */
  retrieve: ObjectMethod<Intent, RetrieveParams & { client_secret?: string }>;
  /** `POST /v1/payment_intents/:id` */
  update: ObjectMethod<Intent, PaymentIntentUpdateParams>;
  /** `POST /v1/payment_intents/:id/confirm` */
  confirm: ObjectMethod<Intent, PaymentIntentConfirmParams>;
  /** `POST /v1/payment_intents/:id/capture` */
  capture: ObjectMethod<Intent, PaymentIntentCaptureParams>;
  /** `POST /v1/payment_intents/:id/cancel` */
  cancel: ObjectMethod<Intent, PaymentIntentCancelParams>;
  /** `GET /v1/payment_intents` */
  list: ListMethod<Intent, PaymentIntentListParams>;
  /** `GET /v1/payment_intents/search` */
  search: SearchMethod<Intent>;
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
type Found = SearchResult<Intent>;
const search = stripeEndpoint<Found>('paymentIntents.search', 'GET', `${BASE}/search`, {
  required: ['query'],
});

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
