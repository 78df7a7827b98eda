import { type StripeApi, stripeEndpoint } from '../stripe-client.js';
import type { ListMethod, ObjectMethod } from '../stripe-methods.js';
import type { Charge, ChargeCaptureParams, ChargeListParams, ListResult } from '../stripe-types.js';

export interface ChargesResource {
  /** `GET /v1/charges/:id` */
  retrieve: ObjectMethod<Charge>;
  /** `GET /v1/charges` */
  list: ListMethod<Charge, ChargeListParams>;
  /** `POST /v1/charges/:id/capture` (an uncaptured charge) */
  capture: ObjectMethod<Charge, ChargeCaptureParams>;
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
