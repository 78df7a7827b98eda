import type { PagePromise } from '@int/core';
import { type RequestOptions, type StripeApi, stripeEndpoint } from '../stripe-client.js';
import type {
  Customer,
  CustomerCreateParams,
  CustomerListParams,
  CustomerUpdateParams,
  DeletedCustomer,
  ListResult,
  RetrieveParams,
  SearchParams,
  SearchResult,
} from '../stripe-types.js';

export interface CustomersResource {
  /** `POST /v1/customers` */
  create(params?: CustomerCreateParams, options?: RequestOptions): Promise<Customer>;
  /** `GET /v1/customers/:id`; a deleted customer comes back as `{ id, deleted: true }`. */
  retrieve(
    id: string,
    params?: RetrieveParams,
    options?: RequestOptions,
  ): Promise<Customer | DeletedCustomer>;
  /** `POST /v1/customers/:id` */
  update(id: string, params?: CustomerUpdateParams, options?: RequestOptions): Promise<Customer>;
  /** `DELETE /v1/customers/:id` */
  del(
    id: string,
    params?: Record<string, unknown>,
    options?: RequestOptions,
  ): Promise<DeletedCustomer>;
  /** `GET /v1/customers`; await for one page, iterate for all. */
  list(
    params?: CustomerListParams,
    options?: RequestOptions,
  ): PagePromise<ListResult<Customer>, Customer>;
  /** `GET /v1/customers/search`; await for one page, iterate for all. */
  search(
    params: SearchParams,
    options?: RequestOptions,
  ): PagePromise<SearchResult<Customer>, Customer>;
}

const BASE = '/v1/customers';
const create = stripeEndpoint<Customer>('customers.create', 'POST', BASE, {});
const retrieve = stripeEndpoint<Customer | DeletedCustomer>(
  'customers.retrieve',
  'GET',
  `${BASE}/{id}`,
);
const update = stripeEndpoint<Customer>('customers.update', 'POST', `${BASE}/{id}`, {});
const del = stripeEndpoint<DeletedCustomer>('customers.del', 'DELETE', `${BASE}/{id}`);
const list = stripeEndpoint<ListResult<Customer>>('customers.list', 'GET', BASE);
const search = stripeEndpoint<SearchResult<Customer>>('customers.search', 'GET', `${BASE}/search`, {
  required: ['query'],
});

export const customersResource = (api: StripeApi): CustomersResource => ({
  create: (params, options) => api.call(create, params, options),
  retrieve: (id, params, options) => api.call(retrieve, params, options, id),
  update: (id, params, options) => api.call(update, params, options, id),
  del: (id, params, options) => api.call(del, params, options, id),
  list: (params, options) => api.list(list, params, options),
  search: (params, options) => api.search(search, params, options),
});
