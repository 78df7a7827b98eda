import type { AuthStrategy } from '../auth-strategy.js';
import { ConfigurationError } from '../errors.js';

/** A token, or a function that returns the current one (read before every attempt). */
export type BearerTokenSource = string | (() => string | Promise<string>);

/**
 * `Authorization: Bearer <token>`. With a function, the token is read before
 * every attempt, so a rotated token is picked up without rebuilding the client.
 */
export function bearer(token: BearerTokenSource): AuthStrategy {
  if (typeof token !== 'function' && (typeof token !== 'string' || token.length === 0)) {
    throw new ConfigurationError('bearer() needs a non-empty token or a function returning one.', {
      option: 'token',
    });
  }
  let last: string | undefined = typeof token === 'string' ? token : undefined;
  return {
    async apply(request) {
      const value = typeof token === 'function' ? await token() : token;
      if (typeof value !== 'string' || value.length === 0) {
        throw new ConfigurationError('The bearer token function returned no token.', {
          option: 'token',
        });
      }
      last = value;
      request.headers.authorization = `Bearer ${value}`;
    },
    secrets: () => (last ? [last] : []),
  };
}
