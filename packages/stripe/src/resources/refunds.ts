import type { PagePromise } from '@int/core';
import { type RequestOptions, type StripeApi, stripeEndpoint } from '../stripe-client.js';
import type {
  ListResult,
  Refund,
  RefundCancelParams,
  RefundCreateParams,
  RefundListParams,
  RefundUpdateParams,
  RetrieveParams,
} from '../stripe-types.js';

export interface RefundsResource {
  /** `POST /v1/refunds`: needs `payment_intent` or `charge`; `amount` defaults to what is left. */
  create(params: RefundCreateParams, options?: RequestOptions): Promise<Refund>;
  /** `GET /v1/refunds/:id` */
  retrieve(id: string, params?: RetrieveParams, options?: RequestOptions): Promise<Refund>;
  /** `POST /v1/refunds/:id` (metadata only) */
  update(id: string, params?: RefundUpdateParams, options?: RequestOptions): Promise<Refund>;
  /** `POST /v1/refunds/:id/cancel` (only a refund in `requires_action`) */
  cancel(id: string, params?: RefundCancelParams, options?: RequestOptions): Promise<Refund>;
  /** `GET /v1/refunds`; await for one page, iterate for all. */
  list(
    params?: RefundListParams,
    options?: RequestOptions,
  ): PagePromise<ListResult<Refund>, Refund>;
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
