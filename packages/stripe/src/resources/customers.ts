import {
  type AutoPaginatingPromise,
  autoPaginateList,
  autoPaginateSearch,
} from '../auto-pagination.js';
import { checkId, validateParams } from '../param-validation.js';
import type { RequestOptions } from '../request-options.js';
import type { StripeRequester } from '../stripe-client.js';
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
  ): AutoPaginatingPromise<ListResult<Customer>, Customer>;
  /** `GET /v1/customers/search`; await for one page, iterate for all. */
  search(
    params: SearchParams,
    options?: RequestOptions,
  ): AutoPaginatingPromise<SearchResult<Customer>, Customer>;
}

const BASE = '/v1/customers';

export function customersResource(stripe: StripeRequester): CustomersResource {
  const path = (id: unknown, operation: string) =>
    `${BASE}/${encodeURIComponent(checkId(id, 'id', operation))}`;
  return {
    async create(params, options) {
      const operation = 'customers.create';
      validateParams(params, {}, { operation });
      return stripe.send({ method: 'POST', path: BASE, params, operation, options });
    },
    async retrieve(id, params, options) {
      const operation = 'customers.retrieve';
      return stripe.send({ method: 'GET', path: path(id, operation), params, operation, options });
    },
    async update(id, params, options) {
      const operation = 'customers.update';
      validateParams(params, {}, { operation });
      return stripe.send({ method: 'POST', path: path(id, operation), params, operation, options });
    },
    async del(id, params, options) {
      const operation = 'customers.del';
      return stripe.send({
        method: 'DELETE',
        path: path(id, operation),
        params,
        operation,
        options,
      });
    },
    list(params, options) {
      const operation = 'customers.list';
      return autoPaginateList<Customer>(
        params,
        async (page) =>
          stripe.send({ method: 'GET', path: BASE, params: page, operation, options }),
        operation,
      );
    },
    search(params, options) {
      const operation = 'customers.search';
      return autoPaginateSearch<Customer>(
        params,
        async (page) => {
          validateParams(page, { required: ['query'] }, { operation });
          return stripe.send({
            method: 'GET',
            path: `${BASE}/search`,
            params: page,
            operation,
            options,
          });
        },
        operation,
      );
    },
  };
}
