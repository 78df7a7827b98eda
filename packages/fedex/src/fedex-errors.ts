import {
  ApiError,
  type ApiErrorContext,
  asRecord,
  asRecords,
  asText,
  dailyQuotaError,
  defaultErrorParser,
  type ErrorResponseInfo,
  type ProviderErrorDetails,
  pickTexts,
  type RetryHint,
} from '@int/core';
import { transactionIdOf } from './payload-helpers.js';
import type { FedExApiError, FedExErrorDetails, FedExErrorItem } from './types.js';

/** FedEx's `errors[]` from a body, leniently. */
export const errorItemsOf = (body: unknown): FedExErrorItem[] =>
  asRecords(asRecord(body)?.errors).map((entry) => ({
    ...entry,
    code: asText(entry.code) ?? 'UNKNOWN',
  }));

/** `{ transactionId, errors: [{ code, message }] }`; a body without `errors` as core reads any. */
export function parseFedExError(response: ErrorResponseInfo): ProviderErrorDetails {
  const first = errorItemsOf(response.body)[0];
  const requestId = transactionIdOf(response.body);
  if (!first) return { ...defaultErrorParser(response), requestId };
  const message = [first.code, asText(first.message)].filter(Boolean).join(': ');
  return { message, code: first.code, requestId };
}

/** The `errorDetails` hook: core hands it the body with every known secret scrubbed. */
export const fedexErrorDetails = ({ body }: ErrorResponseInfo): FedExErrorDetails => ({
  ...pickTexts(asRecord(body) ?? {}, ['transactionId', 'customerTransactionId']),
  errors: errorItemsOf(body),
});

/** All text FedEx put in a 429 body (its two kinds differ only in wording). */
function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  const parts = [asText(asRecord(body)?.message)];
  for (const item of errorItemsOf(body)) parts.push(item.code, asText(item.message));
  return parts.filter(Boolean).join(' ');
}

/** A daily (organization or per-project) quota 429, as opposed to the 10-second window. */
export const isDailyQuota = (status: number, body: unknown): boolean =>
  status === 429 && /quota/i.test(bodyText(body));

/** The quota 429 is never worth repeating today; the window 429 is (core's default). */
export const fedexRetryHint = (response: ErrorResponseInfo): RetryHint =>
  isDailyQuota(response.status, response.body) ? 'no-retry' : undefined;

export const NOT_RETRIED_NOTE =
  'Not retried: repeating shipments.create can create and charge a second shipment.';

/** The daily quota 429 is a `QuotaExceededError` resetting at 00:00 GMT; else core's class. */
export function createFedExError(clock: { now(): number }) {
  return (context: ApiErrorContext): ApiError | undefined =>
    isDailyQuota(context.status, context.body)
      ? dailyQuotaError(context, { now: clock.now() })
      : undefined;
}

/** True for an `ApiError` this package threw, with FedEx's details on `error.details`. */
export function isFedExApiError(value: unknown): value is FedExApiError {
  return (
    ApiError.isInstance(value) &&
    value.provider === 'fedex' &&
    Array.isArray((value as { details?: { errors?: unknown } }).details?.errors)
  );
}
