import { type AutoPaginatingPromise, autoPaginateList } from '../auto-pagination.js';
import { checkId } from '../param-validation.js';
import type { RequestOptions } from '../request-options.js';
import type { StripeRequester } from '../stripe-client.js';
import type { StripeEvent } from '../stripe-events.js';
import type { EventListParams, ListResult, RetrieveParams } from '../stripe-types.js';

export interface EventsResource {
  /** `GET /v1/events/:id` */
  retrieve(id: string, params?: RetrieveParams, options?: RequestOptions): Promise<StripeEvent>;
  /** `GET /v1/events` (the last 30 days); await for one page, iterate for all. */
  list(
    params?: EventListParams,
    options?: RequestOptions,
  ): AutoPaginatingPromise<ListResult<StripeEvent>, StripeEvent>;
}

const BASE = '/v1/events';

export function eventsResource(stripe: StripeRequester): EventsResource {
  return {
    async retrieve(id, params, options) {
      const operation = 'events.retrieve';
      const path = `${BASE}/${encodeURIComponent(checkId(id, 'id', operation))}`;
      return stripe.send({ method: 'GET', path, params, operation, options });
    },
    list(params, options) {
      const operation = 'events.list';
      return autoPaginateList<StripeEvent>(
        params,
        async (page) =>
          stripe.send({ method: 'GET', path: BASE, params: page, operation, options }),
        operation,
      );
    },
  };
}
