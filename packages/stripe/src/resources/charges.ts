import type { PagePromise } from '@int/core';
import { type RequestOptions, type StripeApi, stripeEndpoint } from '../stripe-client.js';
import type {
  Charge,
  ChargeCaptureParams,
  ChargeListParams,
  ListResult,
  RetrieveParams,
} from '../stripe-types.js';

export interface ChargesResource {
  /** `GET /v1/charges/:id` */
  retrieve(id: string, params?: RetrieveParams, options?: RequestOptions): Promise<Charge>;
  /** `GET /v1/charges`; await for one page, iterate for all. */
  list(
    params?: ChargeListParams,
    options?: RequestOptions,
  ): PagePromise<ListResult<Charge>, Charge>;
  /** `POST /v1/charges/:id/capture` (an uncaptured charge) */
  capture(id: string, params?: ChargeCaptureParams, options?: RequestOptions): Promise<Charge>;
}

const retrieve = stripeEndpoint<Charge>('charges.retrieve', 'GET', '/v1/charges/{id}');
const list = stripeEndpoint<ListResult<Charge>>('charges.list', 'GET', '/v1/charges');
const capture = stripeEndpoint<Charge>('charges.capture', 'POST', '/v1/charges/{id}/capture', {
  amounts: ['amount'],
});

export const chargesResource = (api: StripeApi): ChargesResource => ({
  retrieve: (id, params, options) => api.call(retrieve, params, options, id),
  list: (params, options) => api.list(list, params, options),
  capture: (id, params, options) => api.call(capture, params, options, id),
});
