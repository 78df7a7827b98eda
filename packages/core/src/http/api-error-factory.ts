import {
  type ApiErrorContext,
  apiErrorClassFor,
  type ErrorResponseInfo,
  type ProviderErrorDetails,
} from '../error-classification.js';
import type { ApiError } from '../errors.js';
import {
  redactHeaders,
  redactUrl,
  redactValue,
  type SecretScrubber,
  scrubValue,
} from '../redaction.js';
import { parseRetryAfter, type RetryHint } from '../retry-policy.js';
import type { ClientSettings } from './client-settings.js';
import { parseErrorBody, requestIdOf, scrubHeaders } from './response-parsing.js';
import { type RepeatabilityInput, repeatStop } from './retry-decision.js';
import type { ResponseOutcome, UnfollowedRedirect } from './send-attempt.js';

/** The call a failed answer belongs to. */
export interface FailedCall {
  operation: string | undefined;
  method: string;
  url: URL;
  attempts: number;
  /** Holds every secret of the call, already collected. */
  scrubber: SecretScrubber;
  /** The request's side of the retry rules, for the error's `retryable`. */
  repeatability: Omit<RepeatabilityInput, 'failure'>;
}

/** A failed answer, read: the typed error and what it says about retrying. */
export interface ReadFailure {
  error: ApiError;
  hint: RetryHint;
  retryAfterMs: number | undefined;
}

/** What the error is built from, besides the parser's reading. */
interface ErrorParts {
  /** Key-redacted copies for the error's own fields. */
  body: unknown;
  headers: Record<string, string>;
  redirect: UnfollowedRedirect | undefined;
  retryAfterMs: number | undefined;
  retryable: boolean;
  /** The `errorDetails` hook's fields, scrubbed. */
  extraDetails: Record<string, unknown> | undefined;
}

/** Fields without a value are left out, so `details` says only what is known. */
function definedFields(...sources: ReadonlyArray<object | undefined>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const source of sources) {
    for (const [name, value] of Object.entries(source ?? {})) {
      if (value !== undefined) fields[name] = value;
    }
  }
  return fields;
}

function errorMessage(
  settings: ClientSettings,
  info: ErrorResponseInfo,
  call: FailedCall,
  said: { message?: string | undefined; requestId: string | undefined },
  redirect: UnfollowedRedirect | undefined,
): string {
  const what = call.operation ?? `${call.method} ${call.url.pathname}`;
  const text = said.message ? `: ${said.message}` : '';
  const where = redirect
    ? ` (redirect${redirect.location ? ` to ${redactUrl(redirect.location, call.scrubber)}` : ''} not followed: ${redirect.reason})`
    : '';
  const id = said.requestId ? ` [request ${said.requestId}]` : '';
  return call.scrubber.scrub(
    `${settings.provider} ${what} failed with ${info.status}${text}${where}${id}`,
  );
}

function buildApiError(
  settings: ClientSettings,
  info: ErrorResponseInfo,
  call: FailedCall,
  parts: ErrorParts,
): ApiError {
  const parsed = scrubValue(settings.parseError(info), call.scrubber) as ProviderErrorDetails;
  const requestId = parsed.requestId ?? requestIdOf(info.headers, settings.requestIdHeaders);
  const message = errorMessage(settings, info, call, { ...parsed, requestId }, parts.redirect);
  const context: ApiErrorContext = {
    message,
    details: definedFields(parsed, parts.extraDetails) as ApiErrorContext['details'],
    status: info.status,
    body: parts.body,
    headers: parts.headers,
    requestId,
    code: parsed.code,
    attempts: call.attempts,
    retryAfterMs: parts.retryAfterMs,
    provider: settings.provider,
    operation: call.operation,
    retryable: parts.retryable,
  };
  const custom = settings.options.createError?.(context);
  if (custom) return custom;
  const ErrorClass = apiErrorClassFor(info.status);
  return new ErrorClass(message, context);
}

/**
 * Reads a non-2xx answer into its typed error. Secrets under sensitive keys
 * of the body are learnt first; then parsers, hints and `errorDetails` see the
 * body and headers with every known secret scrubbed, so nothing they build
 * can carry one.
 */
export function readFailedAnswer(
  settings: ClientSettings,
  outcome: ResponseOutcome,
  call: FailedCall,
): ReadFailure {
  const { scrubber } = call;
  const { options } = settings;
  const parsedBody = parseErrorBody(outcome.text, scrubber);
  const redactedBody = redactValue(parsedBody, scrubber);
  const redactedHeaders = redactHeaders(outcome.headers, scrubber);
  const info: ErrorResponseInfo = {
    status: outcome.status,
    headers: scrubHeaders(outcome.headers, scrubber),
    body: scrubValue(parsedBody, scrubber),
  };
  const retryAfterMs = parseRetryAfter(outcome.headers, settings.clock.now());
  const hint = options.retryHint?.(info);
  const failure = { kind: 'status' as const, status: outcome.status, hint };
  const retryable = repeatStop({ ...call.repeatability, failure }) === undefined;
  const extra = options.errorDetails?.({ ...info, body: redactedBody });
  const error = buildApiError(settings, info, call, {
    body: redactedBody,
    headers: redactedHeaders,
    redirect: outcome.redirect,
    retryAfterMs,
    retryable,
    extraDetails: extra ? (scrubValue(extra, scrubber) as Record<string, unknown>) : undefined,
  });
  return { error, hint, retryAfterMs };
}
