import {
  bearer,
  type RequestOptions as CoreRequestOptions,
  checkProviderOptions,
  createProviderClient,
  cursorPagination,
  endpoint as declare,
  type Endpoint,
  type HttpMethod,
  isRecord,
  lazySecrets,
  type OptionCheck,
  type ProviderOptions,
  type QueryValue,
  type RetryOptions,
  type ValidationIssues,
} from '@int/core';
import { checkParams, type ParamRules } from './param-validation.js';
import { createStripeError, stripeErrorDetails } from './stripe-errors.js';
import { STRIPE_RETRY_DEFAULTS, stripeRetryHint } from './stripe-retry.js';
import type { ListResult, SearchResult } from './stripe-types.js';
import { DEFAULT_API_VERSION, VERSION } from './version.js';

/** Settings of `createStripe`: core's `ProviderOptions` plus Stripe's own. Every field is optional. */
export interface StripeOptions extends ProviderOptions {
  /**
   * Secret (`sk_...`) or restricted (`rk_...`) key, sent as `Authorization: Bearer`.
   * Default: the `STRIPE_SECRET_KEY` environment variable, read at the first
   * API call (never at import or construction).
   */
  secretKey?: string | undefined;
  /** Sent as `Stripe-Version` on every call. Default `2026-10-28.endive`. */
  apiVersion?: string | undefined;
  /** A connected account (`acct_...`) to act on, sent as `Stripe-Account`. Default: none. */
  stripeAccount?: string | undefined;
  /** Per-attempt timeout in ms. Default 80 000 (Stripe's). */
  timeoutMs?: number | undefined;
  /**
   * Default: 2 retries, full-jitter backoff from 500 ms up to 5 s, `Retry-After`
   * honoured; retried: `Stripe-Should-Retry: true`, 409, 429, 5xx, connection
   * errors and timeouts; never a 402.
   */
  retry?: RetryOptions | undefined;
}

/** Per-call options, the last argument of every method: core's plus Stripe's two. */
export interface RequestOptions extends CoreRequestOptions {
  /** Act on a connected account (`acct_...`): sent as `Stripe-Account`. Default: the client's. */
  stripeAccount?: string | undefined;
  /** Sent as `Stripe-Version`. Default: the client's `apiVersion`. */
  apiVersion?: string | undefined;
}

/** Stripe's limit on `Idempotency-Key`. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

type Params = Record<string, unknown>;
/** A Stripe endpoint: form-encoded, params in the body of a POST and in the query otherwise. */
export type StripeEndpoint<T> = Endpoint<T, T, Params>;

/**
 * Declares one Stripe operation. `rules` are checked before anything is sent;
 * an id never holds a slash (no Stripe id has one).
 */
export function stripeEndpoint<T>(
  operation: string,
  method: HttpMethod,
  path: string,
  rules?: (ParamRules & { check?: (params: Params, issues: ValidationIssues) => void }) | undefined,
): StripeEndpoint<T> {
  return declare<T, T, Params>({
    operation,
    method,
    path,
    encoding: 'form',
    // The id's rules (one path segment, no "/") are the kit's, in fillPath.
    validate(call, issues) {
      if (!rules) return;
      const params = method === 'POST' ? call.body : call.query;
      checkParams(params, rules, issues);
      if (isRecord(params)) rules.check?.(params, issues);
    },
  });
}

const nonEmpty = (value: unknown) => typeof value === 'string' && value.trim().length > 0;
const CHECKS: ReadonlyArray<OptionCheck<StripeOptions>> = [
  ['secretKey', 'a non-empty string', nonEmpty],
  ['apiVersion', 'a non-empty string', nonEmpty],
  ['stripeAccount', 'a non-empty string', nonEmpty],
];

/**
 * v1 lists page with `starting_after` = the last id while `has_more`; given
 * only `ending_before`, backwards (`ending_before` = the first id), items in reverse.
 */
function listPagination<T extends { id: string }>(params: unknown) {
  const given = isRecord(params) ? params : {};
  const backwards = given.ending_before !== undefined && given.starting_after === undefined;
  return cursorPagination<ListResult<T>, T>({
    items: (page) => (backwards ? [...page.data].reverse() : page.data),
    cursor: (page) =>
      page.has_more ? (backwards ? page.data[0] : page.data.at(-1))?.id : undefined,
    param: backwards ? 'ending_before' : 'starting_after',
  });
}

/** The Stripe client on core's provider kit: what every resource method calls, in one line. */
export function createStripeApi(options: StripeOptions = {}) {
  checkProviderOptions('stripe', 'createStripe', options, CHECKS);
  const { secretKey } = lazySecrets('stripe', options, {
    secretKey: ['STRIPE_SECRET_KEY', 'Stripe secret key'],
  });
  const apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
  const client = createProviderClient<RequestOptions>(
    {
      name: 'stripe',
      defaultBaseURL: 'https://api.stripe.com',
      versionPrefix: '/v1',
      timeoutMs: 80_000,
      retry: STRIPE_RETRY_DEFAULTS,
      retryHint: stripeRetryHint,
      auth: bearer(secretKey),
      userAgent: `int-stripe/${VERSION}`,
      requestIdHeaders: ['request-id'],
      queryArrayFormat: 'indices',
      errorDetails: stripeErrorDetails,
      createError: createStripeError,
      idempotencyKeys: 'auto',
      maxIdempotencyKeyLength: MAX_IDEMPOTENCY_KEY_LENGTH,
      requestOptions: {
        check(perCall, issues) {
          issues.optionalString(['options', 'stripeAccount'], perCall.stripeAccount);
          issues.optionalString(['options', 'apiVersion'], perCall.apiVersion);
        },
        headers: (perCall) => ({
          'Stripe-Version': perCall.apiVersion ?? apiVersion,
          'Stripe-Account': perCall.stripeAccount ?? options.stripeAccount,
        }),
      },
      // A missing key fails here, before anything is sent or logged.
      prepare: () => void secretKey(),
    },
    options,
  );
  const where = (endpoint: { method: string }, params: unknown) =>
    endpoint.method === 'POST'
      ? { body: (params ?? {}) as Params }
      : { query: params as Record<string, QueryValue> | undefined };
  return {
    call: <T>(
      endpoint: StripeEndpoint<T>,
      params: unknown,
      perCall?: RequestOptions,
      id?: unknown,
    ) => client.call(endpoint, { path: { id }, ...where(endpoint, params) }, perCall),
    list: <T extends { id: string }>(
      endpoint: StripeEndpoint<ListResult<T>>,
      params: unknown,
      perCall?: RequestOptions,
    ) => client.list(endpoint, where(endpoint, params), listPagination<T>(params), perCall),
    /** Search pages with `page` = the previous `next_page`. */
    search: <T>(
      endpoint: StripeEndpoint<SearchResult<T>>,
      params: unknown,
      perCall?: RequestOptions,
    ) =>
      client.list(
        endpoint,
        where(endpoint, params),
        cursorPagination<SearchResult<T>, T>({
          items: (page) => page.data,
          cursor: (page) => (page.has_more ? (page.next_page ?? undefined) : undefined),
          param: 'page',
        }),
        perCall,
      ),
  };
}

export type StripeApi = ReturnType<typeof createStripeApi>;
