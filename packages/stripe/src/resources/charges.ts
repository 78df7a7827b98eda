import { type AutoPaginatingPromise, autoPaginateList } from '../auto-pagination.js';
import { checkId, validateParams } from '../param-validation.js';
import type { RequestOptions } from '../request-options.js';
import type { StripeRequester } from '../stripe-client.js';
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
  ): AutoPaginatingPromise<ListResult<Charge>, Charge>;
  /** `POST /v1/charges/:id/capture` (an uncaptured charge) */
  capture(id: string, params?: ChargeCaptureParams, options?: RequestOptions): Promise<Charge>;
}

const BASE = '/v1/charges';

export function chargesResource(stripe: StripeRequester): ChargesResource {
  const path = (id: unknown, operation: string, suffix = '') =>
    `${BASE}/${encodeURIComponent(checkId(id, 'id', operation))}${suffix}`;
  return {
    async retrieve(id, params, options) {
      const operation = 'charges.retrieve';
      return stripe.send({ method: 'GET', path: path(id, operation), params, operation, options });
    },
    list(params, options) {
      const operation = 'charges.list';
      return autoPaginateList<Charge>(
        params,
        async (page) =>
          stripe.send({ method: 'GET', path: BASE, params: page, operation, options }),
        operation,
      );
    },
    async capture(id, params, options) {
      const operation = 'charges.capture';
      validateParams(params, { amounts: ['amount'] }, { operation });
      return stripe.send({
        method: 'POST',
        path: path(id, operation, '/capture'),
        params,
        operation,
        options,
      });
    },
  };
}
