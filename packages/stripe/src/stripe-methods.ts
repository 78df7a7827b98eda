import type { PagePromise } from '@int/core';
import type { RequestOptions } from './stripe-client.js';
import type {
  ListParams,
  ListResult,
  RetrieveParams,
  SearchParams,
  SearchResult,
} from './stripe-types.js';

// The method shapes of every resource, as in stripe-node: options always last.

/** `(params, options)`: a create. */
export type CreateMethod<T, Params> = (params: Params, options?: RequestOptions) => Promise<T>;
/** `(id, params, options)`: a call on one object. */
export type ObjectMethod<T, Params = RetrieveParams> = (
  id: string,
  params?: Params,
  options?: RequestOptions,
) => Promise<T>;
/** Await for the first page, iterate for every item. */
export type ListMethod<T, Params = ListParams> = (
  params?: Params,
  options?: RequestOptions,
) => PagePromise<ListResult<T>, T>;
/** Await for the first page, iterate for every item. */
export type SearchMethod<T> = (
  params: SearchParams,
  options?: RequestOptions,
) => PagePromise<SearchResult<T>, T>;
