import type { AuthStrategy } from '../auth-strategy.js';
import { utf8ToBase64 } from '../base64url.js';
import { ConfigurationError } from '../errors.js';

/** `Authorization: Basic base64(user:password)`, UTF-8 as RFC 7617 recommends. */
export function basicAuth(user: string, password: string): AuthStrategy {
  if (typeof user !== 'string' || typeof password !== 'string') {
    throw new ConfigurationError('basicAuth() needs a user and a password string.', {
      option: 'user',
    });
  }
  // RFC 7617: the first colon separates user from password, so a user cannot contain one.
  if (user.includes(':')) {
    throw new ConfigurationError('basicAuth() user must not contain ":".', { option: 'user' });
  }
  const header = `Basic ${utf8ToBase64(`${user}:${password}`)}`;
  return {
    apply(request) {
      request.headers.authorization = header;
    },
    // A server may echo the password or the pair ("Bad credentials for user:pw").
    secrets: () => [password, `${user}:${password}`],
  };
}
