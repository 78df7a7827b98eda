import {
  endpoint,
  type HttpMethod,
  isRecord,
  offsetPagination,
  type RequestOptions,
  type ValidationIssues,
} from '@int/core';
import type { SearchPage } from './mercadopago-types.js';

/** A JSON body or a query, as the endpoints receive it. */
export type Params = Record<string, unknown>;
type Rule = (params: Params, issues: ValidationIssues) => void;

/** One operation; `rule` checks its body (else its query) once it is an object. */
export const defineOperation = <T>(
  operation: string,
  method: HttpMethod,
  path: string,
  rule?: Rule,
) =>
  endpoint<T, T, Params>({
    operation,
    method,
    path,
    validate({ body, query }, issues) {
      const params = method === 'POST' || method === 'PUT' ? body : (query ?? {});
      if (!isRecord(params)) issues.add(['params'], 'must be an object');
      else rule?.(params, issues);
    },
  });

/** Search filters: scalars only, `limit` from 1, `offset` from 0. */
export const checkSearch: Rule = (query, issues) => {
  issues.integer(['limit'], query.limit, 1, Number.MAX_SAFE_INTEGER);
  issues.integer(['offset'], query.offset, 0, Number.MAX_SAFE_INTEGER);
  for (const [key, value] of Object.entries(query)) {
    const finite = typeof value !== 'number' || Number.isFinite(value);
    if (!['undefined', 'string', 'number', 'boolean'].includes(typeof value) || !finite) {
      issues.add([key], 'must be a string, a finite number or a boolean');
    }
  }
};

/** Search pages: `offset += results.length` until `paging.total`. */
export const searchPages = <T>() =>
  offsetPagination<SearchPage<T>, T>({
    items: (page) => (Array.isArray(page?.results) ? page.results : []),
    total: (page) => page?.paging?.total,
  });

/**
 * The kit's automatic keys cover POSTs; MercadoPago's docs also send `X-Idempotency-Key`
 * on the capture and cancel PUTs, so a retried capture is replayed, not refused.
 */
export function withKey(options: RequestOptions | undefined): RequestOptions | undefined {
  if (options !== undefined && !isRecord(options)) return options; // core refuses it
  const given: RequestOptions = options ?? {};
  return { ...given, idempotencyKey: given.idempotencyKey ?? globalThis.crypto.randomUUID() };
}

/** `{ ...extra, ...params }` for object (or no) params; anything else is left for `defineOperation` to refuse. */
export const bodyWith = (extra: Params, params: unknown): Params =>
  params === undefined || isRecord(params) ? { ...extra, ...params } : (params as Params);
