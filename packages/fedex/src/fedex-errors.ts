import {
  type ApiError,
  type ApiErrorContext,
  apiErrorClassFor,
  type ErrorResponseInfo,
  type ProviderErrorDetails,
  QuotaExceededError,
  type RetryHint,
} from '@int/core';
import type { FedExErrorItem } from './types.js';

/** What FedEx adds to every core `ApiError` this package throws. */
export interface FedExErrorFields {
  /** FedEx's own id of the transaction (`transactionId` in every body). */
  readonly transactionId: string | undefined;
  /** The `x-customer-transaction-id` this call sent. */
  readonly customerTransactionId: string | undefined;
  /** FedEx's `errors[]`, as sent but with every known secret scrubbed. */
  readonly errors: ReadonlyArray<FedExErrorItem>;
}

/** A core `ApiError` (or subclass) carrying FedEx's details. */
export type FedExApiError = ApiError & FedExErrorFields;

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

const asText = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/** FedEx's `errors[]` from a body, leniently. */
export function errorItemsOf(body: unknown): FedExErrorItem[] {
  const record = asRecord(body);
  if (!record || !Array.isArray(record.errors)) return [];
  return record.errors.flatMap((item): FedExErrorItem[] => {
    const entry = asRecord(item);
    if (!entry) return [];
    return [{ ...entry, code: asText(entry.code) ?? 'UNKNOWN' } as FedExErrorItem];
  });
}

/** What `parseFedExError` reads; `errors` travels to `createError` in `details`. */
export interface FedExErrorDetails extends ProviderErrorDetails {
  errors: FedExErrorItem[];
}

/** Reads `{ transactionId, errors: [{ code, message }] }`; the message is the first code and message. */
export function parseFedExError(response: ErrorResponseInfo): FedExErrorDetails {
  const body = asRecord(response.body);
  if (!body) {
    const text = asText(response.body);
    return { message: text ? text.slice(0, 200) : undefined, errors: [] };
  }
  // Core hands parsers the body with every known secret scrubbed (field names
  // kept), so errors[] on the error never carries a token the server echoed.
  const errors = errorItemsOf(body);
  const first = errors[0];
  const message = first
    ? [first.code, asText(first.message)].filter(Boolean).join(': ')
    : (asText(body.message) ?? asText(body.error_description) ?? asText(body.error));
  return {
    message,
    code: first?.code ?? asText(body.code),
    requestId: asText(body.transactionId),
    errors,
  };
}

/** All text FedEx put in a 429 body (its two kinds differ only in wording). */
function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  const record = asRecord(body);
  if (!record) return '';
  const parts = [asText(record.message)];
  for (const item of errorItemsOf(record)) parts.push(item.code, asText(item.message));
  return parts.filter(Boolean).join(' ');
}

/** A daily (organization or per-project) quota 429, as opposed to the 10-second window. */
export function isDailyQuota(status: number, body: unknown): boolean {
  return status === 429 && /quota/i.test(bodyText(body));
}

/** FedEx's daily quotas reset at 00:00 GMT. */
export function nextMidnightUtc(now: number): Date {
  const date = new Date(now);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1));
}

/** The quota 429 is never worth repeating today; the window 429 is. */
export function fedexRetryHint(response: ErrorResponseInfo): RetryHint {
  if (response.status === 429) return isDailyQuota(429, response.body) ? 'no-retry' : 'retry';
  return undefined;
}

export const NOT_RETRIED_NOTE =
  'Not retried: repeating shipments.create can create and charge a second shipment.';

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

/** Adds FedEx's fields to a core error in place. */
export function attachFedExFields<T extends object>(
  error: T,
  fields: { transactionId?: string; customerTransactionId?: string; errors?: FedExErrorItem[] },
): T & FedExErrorFields {
  // Configurable: a retried call's wrapper may see the same error object twice.
  Object.defineProperties(error, {
    transactionId: { value: fields.transactionId, enumerable: true, configurable: true },
    customerTransactionId: {
      value: fields.customerTransactionId,
      enumerable: true,
      configurable: true,
    },
    errors: { value: fields.errors ?? [], enumerable: true, configurable: true },
  });
  return error as T & FedExErrorFields;
}

/**
 * Builds core's status class, or `QuotaExceededError` (with `resetAt` at the
 * next 00:00 GMT) for the daily quota 429. FedEx's ids and `errors[]` are
 * attached by the caller, which knows the customer transaction id.
 */
export function createFedExErrorFactory(now: () => number) {
  return (context: ApiErrorContext): ApiError => {
    let message = context.message;
    if (
      context.operation === 'shipments.create' &&
      (context.status >= 500 || context.status === 429)
    ) {
      message = `${message}. ${NOT_RETRIED_NOTE}`;
    }
    let error: ApiError;
    if (isDailyQuota(context.status, context.body)) {
      error = new QuotaExceededError(message, { ...context, resetAt: nextMidnightUtc(now()) });
    } else {
      const ErrorClass = apiErrorClassFor(context.status);
      error = new ErrorClass(message, { ...context, retryable: RETRYABLE.has(context.status) });
    }
    const body = asRecord(context.body);
    return attachFedExFields(error, {
      transactionId: asText(body?.transactionId) ?? context.requestId,
      customerTransactionId: asText(body?.customerTransactionId),
      errors: (context.details as Partial<FedExErrorDetails>).errors ?? errorItemsOf(context.body),
    });
  };
}

/** True for an error this package threw with FedEx's details attached. */
export function isFedExApiError(value: unknown): value is FedExApiError {
  return (
    value instanceof Error &&
    'status' in value &&
    'errors' in value &&
    Array.isArray((value as { errors?: unknown }).errors)
  );
}
