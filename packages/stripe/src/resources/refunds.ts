import { ValidationError } from '@int/core';
import { type AutoPaginatingPromise, autoPaginateList } from '../auto-pagination.js';
import { checkId, validateParams } from '../param-validation.js';
import type { RequestOptions } from '../request-options.js';
import type { StripeRequester } from '../stripe-client.js';
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
  ): AutoPaginatingPromise<ListResult<Refund>, Refund>;
}

const BASE = '/v1/refunds';

export function refundsResource(stripe: StripeRequester): RefundsResource {
  const path = (id: unknown, operation: string, suffix = '') =>
    `${BASE}/${encodeURIComponent(checkId(id, 'id', operation))}${suffix}`;
  return {
    async create(params, options) {
      const operation = 'refunds.create';
      validateParams(params, { amounts: ['amount'] }, { operation });
      if (!params?.payment_intent && !params?.charge) {
        throw new ValidationError(
          [{ path: ['payment_intent'], message: 'a refund needs `payment_intent` or `charge`' }],
          { provider: 'stripe', operation },
        );
      }
      return stripe.send({ method: 'POST', path: BASE, params, operation, options });
    },
    async retrieve(id, params, options) {
      const operation = 'refunds.retrieve';
      return stripe.send({ method: 'GET', path: path(id, operation), params, operation, options });
    },
    async update(id, params, options) {
      const operation = 'refunds.update';
      validateParams(params, {}, { operation });
      return stripe.send({ method: 'POST', path: path(id, operation), params, operation, options });
    },
    async cancel(id, params, options) {
      const operation = 'refunds.cancel';
      return stripe.send({
        method: 'POST',
        path: path(id, operation, '/cancel'),
        params,
        operation,
        options,
      });
    },
    list(params, options) {
      const operation = 'refunds.list';
      return autoPaginateList<Refund>(
        params,
        async (page) =>
          stripe.send({ method: 'GET', path: BASE, params: page, operation, options }),
        operation,
      );
    },
  };
}
