import { ValidationError } from '../errors.js';
import { encodeForm } from '../form-encoding.js';
import { hasDotSegment } from '../path-segment.js';
import { checkRedirectPolicy } from '../redirect-policy.js';
import { checkMaxResponseBytes } from '../response-size-limit.js';
import { type ResolvedRetryOptions, resolveRetryOptions } from '../retry-policy.js';
import { appendQuery, joinUrl, parseServiceUrl } from '../url.js';
import { type ClientSettings, checkTimeout } from './client-settings.js';
import type { HttpMethod, HttpRequest } from './http-client-types.js';
import type { TransferLimits } from './send-attempt.js';

/** A request checked and encoded: what every attempt sends (before auth). */
export interface PreparedRequest {
  method: HttpMethod;
  operation: string | undefined;
  /** With the query. */
  url: URL;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string | undefined;
  /** Per-attempt timeout. */
  timeoutMs: number;
  transfer: TransferLimits;
  /** Undefined when this request is never retried (`retry: false`). */
  retry: ResolvedRetryOptions | undefined;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

type Issue = { path: string[]; message: string };

function bodyIssues(request: HttpRequest): Issue[] {
  const issues: Issue[] = [];
  if (request.body !== undefined && (request.method === 'GET' || request.method === 'HEAD')) {
    issues.push({ path: ['body'], message: `a ${request.method} request cannot carry a body` });
  }
  if (
    request.bodyEncoding === 'form' &&
    request.body !== undefined &&
    typeof request.body !== 'string' &&
    (request.body === null || typeof request.body !== 'object' || Array.isArray(request.body))
  ) {
    issues.push({ path: ['body'], message: 'form encoding needs a plain object' });
  }
  return issues;
}

function requestIssues(request: HttpRequest): Issue[] {
  const issues: Issue[] = [];
  if (typeof request.method !== 'string' || !METHODS.has(request.method)) {
    issues.push({ path: ['method'], message: `must be one of ${[...METHODS].join(', ')}` });
  }
  if (typeof request.path !== 'string' || request.path.length === 0) {
    issues.push({ path: ['path'], message: 'must be a non-empty string' });
  } else if (hasDotSegment(request.path)) {
    // An id of `..` would make `DELETE /v1/customers/..` a `DELETE /v1/`.
    issues.push({
      path: ['path'],
      message: 'must not contain a `.` or `..` segment (an id of "." or ".." climbs the URL path)',
    });
  }
  issues.push(...bodyIssues(request));
  if (
    request.idempotencyKey !== undefined &&
    (typeof request.idempotencyKey !== 'string' || request.idempotencyKey.length === 0)
  ) {
    issues.push({ path: ['idempotencyKey'], message: 'must be a non-empty string' });
  }
  return issues;
}

/** Throws `ValidationError` (or `ConfigurationError` for a bad limit) before anything is sent. */
export function validateRequest(request: HttpRequest, provider: string): void {
  const operation = request?.operation;
  if (!request || typeof request !== 'object') {
    throw new ValidationError([{ path: [], message: 'request must be an object' }], {
      provider,
      operation,
    });
  }
  const issues = requestIssues(request);
  if (issues.length > 0) throw new ValidationError(issues, { provider, operation });
  checkMaxResponseBytes(request.maxResponseBytes, provider);
  checkRedirectPolicy(request.redirect, provider);
}

/**
 * Request data that cannot be encoded, as a ValidationError naming where. The
 * form encoder's own ValidationError keeps its issues (paths under `part`).
 */
function unencodable(
  part: 'query' | 'body',
  cause: unknown,
  provider: string,
  operation: string | undefined,
): ValidationError {
  const issues = ValidationError.isInstance(cause)
    ? cause.issues.map((issue) => ({ path: [part, ...issue.path], message: issue.message }))
    : [{ path: [part], message: `cannot be encoded: ${(cause as Error)?.message}` }];
  return new ValidationError(issues, { provider, operation, cause });
}

function buildUrl(settings: ClientSettings, request: HttpRequest): URL {
  const { baseURL, provider, allowInsecureHttp } = settings;
  const url = joinUrl(baseURL, request.path);
  if (url.origin !== baseURL.origin)
    parseServiceUrl(url.toString(), 'path', { provider, allowInsecureHttp });
  try {
    appendQuery(url, request.query, settings.queryArrayFormat);
  } catch (cause) {
    // A lone UTF-16 surrogate cannot be percent-encoded: the caller's data, not a bug.
    throw unencodable('query', cause, provider, request.operation);
  }
  return url;
}

/** The encoded body; sets its content type in `headers`. */
function encodeBody(
  request: HttpRequest,
  headers: Record<string, string>,
  provider: string,
): string | undefined {
  if (request.body === undefined) return undefined;
  if (typeof request.body === 'string') return request.body;
  try {
    if (request.bodyEncoding === 'form') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      return encodeForm(request.body as Record<string, unknown>);
    }
    headers['content-type'] = 'application/json';
    return JSON.stringify(request.body);
  } catch (cause) {
    // A BigInt or a cycle in the body: the caller's data, reported before anything is sent.
    throw unencodable('body', cause, provider, request.operation);
  }
}

function buildHeaders(
  settings: ClientSettings,
  request: HttpRequest,
): { headers: Record<string, string>; body: string | undefined } {
  const headers: Record<string, string> = { ...settings.defaultHeaders };
  const body = encodeBody(request, headers, settings.provider);
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  if (request.idempotencyKey) headers[settings.idempotencyHeader] = request.idempotencyKey;
  return { headers, body };
}

/** Checks and encodes a request; throws before anything is sent. */
export function prepareRequest(settings: ClientSettings, request: HttpRequest): PreparedRequest {
  const { provider } = settings;
  validateRequest(request, provider);
  const timeoutMs = checkTimeout(request.timeoutMs, 'timeoutMs', provider) ?? settings.timeoutMs;
  const transfer: TransferLimits = {
    maxResponseBytes: request.maxResponseBytes ?? settings.maxResponseBytes,
    redirect: request.redirect ?? settings.redirectPolicy,
  };
  let retry: ResolvedRetryOptions | undefined;
  if (request.retry !== false) {
    retry = request.retry
      ? resolveRetryOptions(request.retry, settings.retryDefaults)
      : settings.retryDefaults;
  }
  const url = buildUrl(settings, request);
  const { headers, body } = buildHeaders(settings, request);
  return {
    method: request.method,
    operation: request.operation,
    url,
    headers,
    body,
    timeoutMs,
    transfer,
    retry,
  };
}
