import type { AuthStrategy } from '../auth-strategy.js';
import { ConfigurationError } from '../errors.js';

/** Where a single API key goes. */
export type ApiKeyPlacement = { header: string } | { query: string };

/** Several headers at once, e.g. a key and a secret. */
export interface ApiKeyHeaders {
  headers: Record<string, string>;
}

/**
 * An API key in a header (`apiKey({ header: 'x-api-key' }, key)`), in a query
 * parameter (`apiKey({ query: 'api_key' }, key)`), or several headers
 * (`apiKey({ headers: { 'x-key': key, 'x-secret': secret } })`).
 */
export function apiKey(placement: ApiKeyPlacement, value: string): AuthStrategy;
export function apiKey(placement: ApiKeyHeaders): AuthStrategy;
export function apiKey(placement: ApiKeyPlacement | ApiKeyHeaders, value?: string): AuthStrategy {
  if (placement && typeof placement === 'object' && 'headers' in placement) {
    const entries = Object.entries(placement.headers ?? {}).map(
      ([name, headerValue]) => [name.toLowerCase(), headerValue] as const,
    );
    if (entries.length === 0) {
      throw new ConfigurationError('apiKey({ headers }) needs at least one header.', {
        option: 'headers',
      });
    }
    for (const [name, headerValue] of entries) {
      if (typeof headerValue !== 'string' || headerValue.length === 0) {
        throw new ConfigurationError(`apiKey header ${name} has no value.`, { option: 'headers' });
      }
    }
    return {
      apply(request) {
        for (const [name, headerValue] of entries) request.headers[name] = headerValue;
      },
      secrets: () => entries.map(([, headerValue]) => headerValue),
    };
  }
  if (typeof value !== 'string' || value.length === 0) {
    throw new ConfigurationError('apiKey() needs a non-empty key value.', { option: 'value' });
  }
  if (
    placement &&
    'header' in placement &&
    typeof placement.header === 'string' &&
    placement.header
  ) {
    const name = placement.header.toLowerCase();
    return {
      apply(request) {
        request.headers[name] = value;
      },
      secrets: () => [value],
    };
  }
  if (placement && 'query' in placement && typeof placement.query === 'string' && placement.query) {
    const name = placement.query;
    return {
      apply(request) {
        request.url.searchParams.set(name, value);
      },
      secrets: () => [value],
    };
  }
  throw new ConfigurationError('apiKey() needs { header }, { query } or { headers }.', {
    option: 'placement',
  });
}
