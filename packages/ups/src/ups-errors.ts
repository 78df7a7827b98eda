import {
  ApiError,
  defaultErrorParser,
  type ErrorResponseInfo,
  type ProviderErrorDetails,
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

/** True for an `ApiError` this package threw, with UPS's errors on `error.details.errors`. */
export function isUPSApiError(value: unknown): value is UPSApiError {
  return (
    ApiError.isInstance(value) &&
    value.provider === 'ups' &&
    Array.isArray((value as { details?: { errors?: unknown } }).details?.errors)
  );
}
