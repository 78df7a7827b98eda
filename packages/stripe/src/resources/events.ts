import type { PagePromise } from '@int/core';
import { type RequestOptions, type StripeApi, stripeEndpoint } from '../stripe-client.js';
import type { StripeEvent } from '../stripe-events.js';
import type { EventListParams, ListResult, RetrieveParams } from '../stripe-types.js';

export interface EventsResource {
  /** `GET /v1/events/:id` */
  retrieve(id: string, params?: RetrieveParams, options?: RequestOptions): Promise<StripeEvent>;
  /** `GET /v1/events` (the last 30 days); await for one page, iterate for all. */
  list(
    params?: EventListParams,
    options?: RequestOptions,
  ): PagePromise<ListResult<StripeEvent>, StripeEvent>;
}

const retrieve = stripeEndpoint<StripeEvent>('events.retrieve', 'GET', '/v1/events/{id}');
const list = stripeEndpoint<ListResult<StripeEvent>>('events.list', 'GET', '/v1/events');

export const eventsResource = (api: StripeApi): EventsResource => ({
  retrieve: (id, params, options) => api.call(retrieve, params, options, id),
  list: (params, options) => api.list(list, params, options),
});
