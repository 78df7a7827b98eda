import type { HttpMethod, HttpResponse } from '../http-client.js';
import { pathSegment } from '../path-segment.js';
import type { QueryValue } from '../url.js';
import type { StandardSchemaV1 } from './response-validation.js';
import type { ValidationIssues } from './validation-issues.js';

/** What one method call hands its endpoint. */
export interface EndpointCall<Body = unknown> {
  /** Values of the path template's `{name}` placeholders. */
  path?: Record<string, unknown> | undefined;
  query?: Record<string, QueryValue> | undefined;
  body?: Body | undefined;
  headers?: Record<string, string | undefined> | undefined;
}

/**
 * One API operation, declared once: a provider method is one line that hands
 * its arguments to the client with it. Everything the pipeline needs to send,
 * retry, validate and type the call is here.
 */
export interface Endpoint<Raw = unknown, Output = Raw, Body = unknown> {
  /** Stable name for logs, metrics, spans and errors, e.g. `customers.retrieve`. */
  readonly operation: string;
  readonly method: HttpMethod;
  /** `/v1/customers/{id}`: each placeholder is filled from the call, validated as one segment and encoded. */
  readonly path: string;
  /** How `body` is sent: `json` (default) or Stripe's bracket `form`. */
  readonly encoding?: 'json' | 'form' | undefined;
  /** A POST safe to repeat without a key: a search, a rate quote, an upsert by unique id. */
  readonly idempotent?: boolean | undefined;
  /** `false`: never retried, even after a 5xx (a create the provider cannot deduplicate). */
  readonly retry?: false | undefined;
  /**
   * With `retry: false`: said on every failure the provider may have acted on (a 5xx, a timeout, a
   * connection lost after sending, a 429 not declared a refusal), e.g. how to look before a re-run.
   */
  readonly notRetriedNote?: string | undefined;
  /** Input rules, checked before anything is sent; every issue is reported at once. */
  readonly validate?: ((call: EndpointCall<Body>, issues: ValidationIssues) => void) | undefined;
  /** A Standard Schema of the answer, checked per the client's `validateResponses`. */
  readonly response?: StandardSchemaV1 | undefined;
  /** Turns the provider's answer into the method's result. Default: the body as is. */
  readonly map?: ((raw: Raw, response: HttpResponse<Raw>) => Output) | undefined;
  readonly responseType?: 'json' | 'text' | undefined;
  /** Units of rate-limit budget. Default 1. */
  readonly rateLimitCost?: number | undefined;
}

/** Declares an endpoint with its types: `endpoint<Customer>({ ... })`. */
export function endpoint<Raw = unknown, Output = Raw, Body = unknown>(
  definition: Endpoint<Raw, Output, Body>,
): Endpoint<Raw, Output, Body> {
  return definition;
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * The path with every placeholder filled. Each value must be a valid single
 * segment (`pathSegment`'s rules), else its issue is recorded under `path.<name>`.
 */
export function fillPath(
  template: string,
  values: Record<string, unknown> | undefined,
  issues: ValidationIssues,
): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = values?.[name];
    // One placeholder is one segment: an encoded slash is decoded again by some proxies.
    if (typeof value === 'string' && /[/\\]/.test(value)) {
      issues.add([name], 'must not contain "/" or "\\": an id is one path segment');
      return '_';
    }
    try {
      return pathSegment(value, name);
    } catch (error) {
      const message = (error as { issues?: Array<{ message: string }> }).issues?.[0]?.message;
      issues.add([name], message ?? 'is not a valid path segment');
      return '_';
    }
  });
}
