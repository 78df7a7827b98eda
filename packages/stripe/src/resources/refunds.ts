import { type StripeApi, stripeEndpoint } from '../stripe-client.js';
import type { CreateMethod, ListMethod, ObjectMethod } from '../stripe-methods.js';
import type {
  ListResult,
  Refund,
  RefundCancelParams,
  RefundCreateParams,
  RefundListParams,
  RefundUpdateParams,
} from '../stripe-types.js';

export interface RefundsResource {
  /** `POST /v1/refunds`: needs `payment_intent` or `charge`; `amount` defaults to what is left. */
  create: CreateMethod<Refund, RefundCreateParams>;
  /** `GET /v1/refunds/:id` */
  retrieve: ObjectMethod<Refund>;
  /** `POST /v1/refunds/:id` (metadata only) */
  update: ObjectMethod<Refund, RefundUpdateParams>;
  /** `POST /v1/refunds/:id/cancel` (only a refund in `requires_action`) */
  cancel: ObjectMethod<Refund, RefundCancelParams>;
  /** `GET /v1/refunds` */
  list: ListMethod<Refund, RefundListParams>;
}

const create = stripeEndpoint<Refund>('refunds.create', 'POST', '/v1/refunds', {
  amounts: ['amount'],
  check(params, issues) {
    if (!params.payment_intent && !params.charge) {
      issues.add(['payment_intent'], 'a refund needs `payment_intent` or `charge`');
    }
  },
});
const retrieve = stripeEndpoint<Refund>('refunds.retrieve', 'GET', '/v1/refunds/{id}');
const update = stripeEndpoint<Refund>('refunds.update', 'POST', '/v1/refunds/{id}', {});
const cancel = stripeEndpoint<Refund>('refunds.cancel', 'POST', '/v1/refunds/{id}/cancel');
const list = stripeEndpoint<ListResult<Refund>>('refunds.list', 'GET', '/v1/refunds');

export const refundsResource = (api: StripeApi): RefundsResource => ({
  create: (params, options) => api.call(create, params, options),
  retrieve: (id, params, options) => api.call(retrieve, params, options, id),
  update: (id, params, options) => api.call(update, params, options, id),
  cancel: (id, params, options) => api.call(cancel, params, options, id),
  list: (params, options) => api.list(list, params, options),
});
