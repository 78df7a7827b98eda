import type { AuthStrategy } from '../auth-strategy.js';
import type { Clock } from '../clock.js';
import { apiErrorClassFor } from '../error-classification.js';
import { AuthenticationError, ResponseParseError } from '../errors.js';
import { createHttpClient, type HttpClient } from '../http-client.js';
import { type Logger, silentLogger } from '../logger.js';
import { redactValue, SecretScrubber } from '../redaction.js';
import type { RetryOptions } from '../retry-policy.js';
import type { StoredToken } from './token-store.js';

/**
 * How the client proves itself to the token endpoint (RFC 6749 §2.3.1):
 * `basic` sends `Authorization: Basic` (the method every server must accept),
 * `body` sends `client_id` and `client_secret` as form fields.
 */
export type ClientAuthMethod = 'basic' | 'body';

/** Options every OAuth 2.0 strategy shares for talking to its token endpoint. */
export interface TokenEndpointOptions {
  /** Token endpoint, an absolute https:// URL. */
  tokenURL: string;
  clientId: string;
  /** Omit for a public client (PKCE only). */
  clientSecret?: string | undefined;
  /** Default `basic`; `body` when the provider wants the secret as form fields. */
  clientAuth?: ClientAuthMethod | undefined;
  /** Provider name used in logs and errors. Default `oauth2`. */
  name?: string | undefined;
  /** A `fetch` implementation. Default: the global one. */
  fetch?: typeof fetch | undefined;
  /** Default: silent. Token endpoint traffic is logged redacted like any call. */
  logger?: Logger | undefined;
  /** Injected time, for tests. Default: the system clock. */
  clock?: Clock | undefined;
  /** Per-attempt timeout of a token request. Default 60 000 ms (the HTTP client's). */
  timeoutMs?: number | undefined;
  /** Allow `http://` token URLs to non-loopback hosts. Default false. */
  allowInsecureHttp?: boolean | undefined;
  /** Retry settings of token requests. Default: the HTTP client's (a POST is retried only when nothing was sent). */
  retry?: RetryOptions | undefined;
}

export interface TokenEndpoint {
  /** Posts a grant and reads the token answer (RFC 6749 §5.1). */
  requestToken(grantType: string, params: Record<string, string | undefined>): Promise<StoredToken>;
  readonly name: string;
  readonly clock: Clock;
  readonly logger: Logger;
}

// RFC 6749 §5.2 codes that mean the credentials or grant are no good.
const AUTHENTICATION_CODES = new Set(['invalid_client', 'invalid_grant', 'unauthorized_client']);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/** Form-urlencodes one value as RFC 6749 §2.3.1 asks before Basic encoding. */
function formEncode(value: string): string {
  return new URLSearchParams([['v', value]]).toString().slice(2);
}

export function createTokenEndpoint(options: TokenEndpointOptions, clock: Clock): TokenEndpoint {
  const name = options.name ?? 'oauth2';
  const logger = options.logger ?? silentLogger;
  const clientAuth = options.clientAuth ?? 'basic';
  // With Basic client auth the secret is not in the body, so the HTTP
  // client cannot know it; a server echoing it back must not leak it.
  const scrubber = new SecretScrubber();
  scrubber.add(options.clientSecret);
  // The client secret as a strategy: the pipeline scrubs it (in every
  // encoding) from its own logs, hooks and metrics too.
  const clientAuthentication: AuthStrategy = {
    apply(request) {
      if (options.clientSecret !== undefined && clientAuth === 'basic') {
        const credentials = `${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`;
        request.headers.authorization = `Basic ${btoa(credentials)}`;
      }
    },
    secrets: () => (options.clientSecret ? [options.clientSecret] : []),
  };
  const http: HttpClient = createHttpClient({
    name,
    baseURL: options.tokenURL,
    auth: clientAuthentication,
    // A token request never follows a redirect: it would hand the client
    // secret (or a code, or a refresh token) to wherever the 3xx points,
    // and take a token back from there.
    redirect: 'error',
    fetch: options.fetch,
    logger,
    clock,
    timeoutMs: options.timeoutMs,
    allowInsecureHttp: options.allowInsecureHttp,
    retry: options.retry,
    // RFC 6749 errors carry both the code and the description in the message.
    createError: (context) => {
      const body = context.body as Record<string, unknown> | undefined;
      const code = text(body?.error);
      const description = text(body?.error_description);
      const request = context.requestId ? ` [request ${context.requestId}]` : '';
      const message = code
        ? `${name} token request failed with ${context.status}: ${code}${description ? ` (${description.slice(0, 300)})` : ''}${request}`
        : context.message;
      const ErrorClass =
        code && AUTHENTICATION_CODES.has(code)
          ? AuthenticationError
          : apiErrorClassFor(context.status);
      return new ErrorClass(scrubber.scrub(message), {
        ...context,
        body: redactValue(context.body, scrubber),
        code: code ?? context.code,
        retryable: context.status >= 500 || context.status === 429,
      });
    },
  });

  return {
    name,
    clock,
    logger,
    async requestToken(grantType, params) {
      const body: Record<string, string | undefined> = { grant_type: grantType, ...params };
      if (options.clientSecret === undefined || clientAuth !== 'basic') {
        body.client_id = options.clientId;
        if (options.clientSecret !== undefined) body.client_secret = options.clientSecret;
      }
      const obtainedAt = clock.now();
      const operation = 'oauth2.token';
      const response = await http.requestWithResponse<unknown>({
        method: 'POST',
        path: options.tokenURL,
        body,
        bodyEncoding: 'form',
        operation,
      });
      const data = response.data as Record<string, unknown> | undefined;
      const accessToken = text(data?.access_token);
      if (!data || typeof data !== 'object' || !accessToken) {
        throw new ResponseParseError(
          `${name} token endpoint answered ${response.status} without an access_token.`,
          { provider: name, operation, status: response.status, requestId: response.requestId },
        );
      }
      // Some servers send expires_in as a string.
      const expiresIn = Number(data.expires_in);
      const token: StoredToken = {
        accessToken,
        refreshToken: text(data.refresh_token),
        expiresAt:
          Number.isFinite(expiresIn) && expiresIn > 0 ? obtainedAt + expiresIn * 1000 : undefined,
        obtainedAt,
        tokenType: text(data.token_type),
        scope: text(data.scope),
      };
      logger.debug(
        {
          event: 'auth.token',
          provider: name,
          operation,
          grantType,
          expiresAt: token.expiresAt,
          scope: token.scope,
        },
        `${name} obtained a token (${grantType})`,
      );
      return token;
    },
  };
}

/** Joins scopes the way RFC 6749 §3.3 wants them: space-delimited. */
export function scopeParam(scope: string | ReadonlyArray<string> | undefined): string | undefined {
  if (scope === undefined) return undefined;
  const joined = typeof scope === 'string' ? scope : scope.join(' ');
  return joined.length > 0 ? joined : undefined;
}
