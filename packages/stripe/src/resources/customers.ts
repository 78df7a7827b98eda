import type { RequestOptions } from '../stripe-client.js';
import { type StripeApi, stripeEndpoint } from '../stripe-client.js';
import type { ListMethod, ObjectMethod, SearchMethod } from '../stripe-methods.js';
import type {
  Customer,
  CustomerCreateParams,
  CustomerListParams,
  CustomerUpdateParams,
  DeletedCustomer,
  ListResult,
  SearchResult,
} from '../stripe-types.js';

export interface CustomersResource {
  /** `POST /v1/customers` */
  create(params?: CustomerCreateParams, options?: RequestOptions): Promise<Customer>;
  /** `GET /v1/customers/:id`; a deleted customer comes back as `{ id, deleted: true }`. */
  retrieve: ObjectMethod<Customer | DeletedCustomer>;
  /** `POST /v1/customers/:id` */
  update: ObjectMethod<Customer, CustomerUpdateParams>;
  /** `DELETE /v1/customers/:id` */
  del: ObjectMethod<DeletedCustomer, Record<string, unknown>>;
  /** `GET /v1/customers` */
  list: ListMethod<Customer, CustomerListParams>;
  /** `GET /v1/customers/search` */
  search: SearchMethod<Customer>;
}

const BASE = '/v1/customers';
const create = stripeEndpoint<Customer>('customers.create', 'POST', BASE, {});
type Retrieved = Customer | DeletedCustomer;
const retrieve = stripeEndpoint<Retrieved>('customers.retrieve', 'GET', `${BASE}/{id}`);
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
