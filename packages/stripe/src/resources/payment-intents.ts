import {
  type AutoPaginatingPromise,
  autoPaginateList,
  autoPaginateSearch,
} from '../auto-pagination.js';
import { checkId, validateParams } from '../param-validation.js';
import type { RequestOptions } from '../request-options.js';
import type { StripeRequester } from '../stripe-client.js';
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

export interface PaymentIntentsResource {
  /** `POST /v1/payment_intents` */
  create(params: PaymentIntentCreateParams, options?: RequestOptions): Promise<PaymentIntent>;
  /** `GET /v1/payment_intents/:id` */
  retrieve(
    id: string,
    params?: RetrieveParams & { client_secret?: string },
    options?: RequestOptions,
  ): Promise<PaymentIntent>;
  /** `POST /v1/payment_intents/:id` */
  update(
    id: string,
    params?: PaymentIntentUpdateParams,
    options?: RequestOptions,
  ): Promise<PaymentIntent>;
  /** `POST /v1/payment_intents/:id/confirm` */
  confirm(
    id: string,
    params?: PaymentIntentConfirmParams,
    options?: RequestOptions,
  ): Promise<PaymentIntent>;
  /** `POST /v1/payment_intents/:id/capture` */
  capture(
    id: string,
    params?: PaymentIntentCaptureParams,
    options?: RequestOptions,
  ): Promise<PaymentIntent>;
  /** `POST /v1/payment_intents/:id/cancel` */
  cancel(
    id: string,
    params?: PaymentIntentCancelParams,
    options?: RequestOptions,
  ): Promise<PaymentIntent>;
  /** `GET /v1/payment_intents`; await for one page, iterate for all. */
  list(
    params?: PaymentIntentListParams,
    options?: RequestOptions,
  ): AutoPaginatingPromise<ListResult<PaymentIntent>, PaymentIntent>;
  /** `GET /v1/payment_intents/search`; await for one page, iterate for all. */
  search(
    params: SearchParams,
    options?: RequestOptions,
  ): AutoPaginatingPromise<SearchResult<PaymentIntent>, PaymentIntent>;
}

const BASE = '/v1/payment_intents';

export function paymentIntentsResource(stripe: StripeRequester): PaymentIntentsResource {
  const path = (id: unknown, operation: string, suffix = '') =>
    `${BASE}/${encodeURIComponent(checkId(id, 'id', operation))}${suffix}`;
  return {
    async create(params, options) {
      const operation = 'paymentIntents.create';
      validateParams(
        params,
        { required: ['amount', 'currency'], amounts: ['amount'] },
        { operation },
      );
      return stripe.send({ method: 'POST', path: BASE, params, operation, options });
    },
    async retrieve(id, params, options) {
      const operation = 'paymentIntents.retrieve';
      return stripe.send({ method: 'GET', path: path(id, operation), params, operation, options });
    },
    async update(id, params, options) {
      const operation = 'paymentIntents.update';
      validateParams(params, { amounts: ['amount'] }, { operation });
      return stripe.send({ method: 'POST', path: path(id, operation), params, operation, options });
    },
    async confirm(id, params, options) {
      const operation = 'paymentIntents.confirm';
      validateParams(params, {}, { operation });
      return stripe.send({
        method: 'POST',
        path: path(id, operation, '/confirm'),
        params,
        operation,
        options,
      });
    },
    async capture(id, params, options) {
      const operation = 'paymentIntents.capture';
      validateParams(params, { amounts: ['amount_to_capture'] }, { operation });
      return stripe.send({
        method: 'POST',
        path: path(id, operation, '/capture'),
        params,
        operation,
        options,
      });
    },
    async cancel(id, params, options) {
      const operation = 'paymentIntents.cancel';
      validateParams(params, {}, { operation });
      return stripe.send({
        method: 'POST',
        path: path(id, operation, '/cancel'),
        params,
        operation,
        options,
      });
    },
    list(params, options) {
      const operation = 'paymentIntents.list';
      return autoPaginateList<PaymentIntent>(
        params,
        async (page) =>
          stripe.send({ method: 'GET', path: BASE, params: page, operation, options }),
        operation,
      );
    },
    search(params, options) {
      const operation = 'paymentIntents.search';
      return autoPaginateSearch<PaymentIntent>(
        params,
        async (page) => {
          validateParams(page, { required: ['query'] }, { operation });
          return stripe.send({
            method: 'GET',
            path: `${BASE}/search`,
            params: page,
            operation,
            options,
          });
        },
        operation,
      );
    },
  };
}
