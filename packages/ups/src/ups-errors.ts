import {
  ApiError,
  type ApiErrorContext,
  ConnectionError,
  defaultApiError,
  defaultErrorParser,
  type ErrorResponseInfo,
  type ProviderErrorDetails,
  TimeoutError,
} from '@int/core';
import { at, list, text } from './ups-answers.js';
import type { UPSApiError, UPSErrorDetails, UPSErrorItem } from './ups-types.js';

/** UPS's `{ response: { errors: [{ code, message }] } }`, leniently. */
const errorsOf = (body: unknown): UPSErrorItem[] =>
  list(at(body, 'response', 'errors')).map((item) => ({
    ...item,
    code: text(item.code) ?? 'UNKNOWN',
    message: text(item.message),
  }));

/** The first error's code and message; any other body as core reads it. */
export function parseUPSError(response: ErrorResponseInfo): ProviderErrorDetails {
  const first = errorsOf(response.body)[0];
  if (!first) return defaultErrorParser(response);
  return { message: [first.code, first.message].filter(Boolean).join(': '), code: first.code };
}

/** Core hands this hook the body with every known secret scrubbed. */
export const upsErrorDetails = ({ body }: ErrorResponseInfo): UPSErrorDetails => ({
  errors: errorsOf(body),
});

export const NOT_RETRIED_NOTE =
  'Not retried: repeating shipments.create can ship and bill twice; look it up with tracking.byReference first.';

/**
 * A ship request UPS failed with a 5xx may have shipped: its error says it was not
 * repeated. A 429 is a refusal (nothing shipped), so it carries no note; everything
 * else is core's class.
 */
export function createUPSError(context: ApiErrorContext): ApiError | undefined {
  if (context.operation !== 'shipments.create' || context.status < 500) return undefined;
  return defaultApiError({ ...context, message: `${context.message}. ${NOT_RETRIED_NOTE}` });
}

/**
 * A ship request that timed out or lost its connection after sending may have
 * shipped too: the same note, and core has already made it not retryable.
 */
export function withNotRetriedNote(error: unknown): unknown {
  if (TimeoutError.isInstance(error)) {
    return new TimeoutError(`${error.message} ${NOT_RETRIED_NOTE}`, {
      provider: error.provider,
      operation: error.operation,
      timeoutMs: error.timeoutMs,
      attempts: error.attempts,
      retryable: false,
      cause: error,
    });
  }
  if (ConnectionError.isInstance(error) && !error.beforeRequestSent) {
    return new ConnectionError(`${error.message} ${NOT_RETRIED_NOTE}`, {
      provider: error.provider,
      operation: error.operation,
      beforeRequestSent: false,
      code: error.code,
      attempts: error.attempts,
      retryable: false,
      cause: error,
    });
  }
  return error;
}

/** True for an `ApiError` this package threw, with UPS's errors on `error.details.errors`. */
export function isUPSApiError(value: unknown): value is UPSApiError {
  return (
    ApiError.isInstance(value) &&
    value.provider === 'ups' &&
    Array.isArray((value as { details?: { errors?: unknown } }).details?.errors)
  );
}
