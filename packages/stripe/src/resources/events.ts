import { type StripeApi, stripeEndpoint } from '../stripe-client.js';
import type { StripeEvent } from '../stripe-events.js';
import type { ListMethod, ObjectMethod } from '../stripe-methods.js';
import type { EventListParams, ListResult } from '../stripe-types.js';

export interface EventsResource {
  /** `GET /v1/events/:id` */
  retrieve: ObjectMethod<StripeEvent>;
  /** `GET /v1/events` (the last 30 days) */
  list: ListMethod<StripeEvent, EventListParams>;
}

const retrieve = stripeEndpoint<StripeEvent>('events.retrieve', 'GET', '/v1/events/{id}');
const list = stripeEndpoint<ListResult<StripeEvent>>('events.list', 'GET', '/v1/events');

export const eventsResource = (api: StripeApi): EventsResource => ({
  retrieve: (id, params, options) => api.call(retrieve, params, options, id),
  list: (params, options) => api.list(list, params, options),
});
