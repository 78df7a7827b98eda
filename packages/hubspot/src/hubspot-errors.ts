import {
  type ApiError,
  type ApiErrorContext,
  apiErrorClassFor,
  type ErrorResponseInfo,
  type ProviderErrorDetails,
  QuotaExceededError,
  type RetryHint,
} from '@int/core';

/** One entry of a HubSpot error body's `errors` list. */
export interface HubSpotErrorDetail {
  message?: string;
  code?: string;
  in?: string;
  subCategory?: string;
  context?: Record<string, unknown>;
  [key: string]: unknown;
}

/** HubSpot's error body; HubSpot says to treat every field as optional. */
export interface HubSpotErrorBody {
  status?: string;
  message?: string;
  correlationId?: string;
  category?: string;
  subCategory?: string;
  errors?: HubSpotErrorDetail[];
  context?: Record<string, unknown>;
  links?: Record<string, string>;
  /** On 429s: `TEN_SECONDLY_ROLLING`, `SECONDLY` or `DAILY`. */
  policyName?: string;
  errorType?: string;
  [key: string]: unknown;
}

/** The fields this package puts on every HubSpot `ApiError`. */
export interface HubSpotErrorFields {
  correlationId: string | undefined;
  category: string | undefined;
  subCategory: string | undefined;
  errors: HubSpotErrorDetail[];
  context: Record<string, unknown> | undefined;
  /** The 429 policy, when HubSpot named one. */
  policyName: string | undefined;
}

export type HubSpotApiError = ApiError & HubSpotErrorFields;

const record = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

export function readErrorBody(body: unknown): HubSpotErrorBody | undefined {
  return record(body) as HubSpotErrorBody | undefined;
}

/** Reads HubSpot's JSON error body (and the RFC 6749 shape of the OAuth endpoints). */
export function parseHubSpotError(response: ErrorResponseInfo): ProviderErrorDetails {
  const body = readErrorBody(response.body);
  if (!body) {
    const raw = text(response.body);
    // HubSpot sometimes answers with an HTML page: keep the message short.
    return { message: raw && !raw.trimStart().startsWith('<') ? raw.slice(0, 200) : undefined };
  }
  return {
    message: text(body.message) ?? text(body.error_description) ?? text(body.errors?.[0]?.message),
    code: text(body.category) ?? text(body.policyName) ?? text(body.error),
    requestId: text(body.correlationId),
  };
}

/** The 429 policy, from the body (HubSpot's documented field). */
export function rateLimitPolicy(body: unknown): string | undefined {
  return text(readErrorBody(body)?.policyName);
}

/**
 * 429 TEN_SECONDLY_ROLLING and SECONDLY are waited out and retried; DAILY is
 * not (it resets at midnight). 477 (account migration) sends Retry-After.
 */
export function hubSpotRetryHint(response: ErrorResponseInfo): RetryHint {
  if (response.status === 429) {
    const policy = rateLimitPolicy(response.body);
    return policy === 'DAILY' ? 'no-retry' : 'retry';
  }
  if (response.status === 477) return 'retry';
  return undefined;
}

/** The next midnight in `timeZone` (HubSpot resets daily limits at the account's midnight). */
export function nextMidnight(now: number, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(now));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const wallNow = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  const offset = wallNow - Math.floor(now / 1000) * 1000;
  const wallMidnight = Date.UTC(get('year'), get('month') - 1, get('day') + 1);
  return new Date(wallMidnight - offset);
}

export function createHubSpotErrorFactory(options: {
  dailyResetTimeZone: string;
  now: () => number;
}): (context: ApiErrorContext) => ApiError {
  return (context) => {
    const body = readErrorBody(context.body);
    const policyName = text(body?.policyName);
    let error: ApiError;
    if (context.status === 429 && policyName === 'DAILY') {
      error = new QuotaExceededError(context.message, {
        ...context,
        resetAt: nextMidnight(options.now(), options.dailyResetTimeZone),
      });
    } else {
      const ErrorClass = apiErrorClassFor(context.status);
      const retryable =
        context.status === 429 ||
        context.status === 477 ||
        context.status === 408 ||
        context.status >= 500;
      error = new ErrorClass(context.message, { ...context, retryable });
    }
    const fields: HubSpotErrorFields = {
      correlationId: text(body?.correlationId) ?? context.requestId,
      category: text(body?.category),
      subCategory: text(body?.subCategory),
      errors: Array.isArray(body?.errors) ? (body.errors as HubSpotErrorDetail[]) : [],
      context: record(body?.context),
      policyName,
    };
    return Object.assign(error, fields);
  };
}

/** True when `error` is an `ApiError` built by this package (with HubSpot's fields). */
export function isHubSpotApiError(error: unknown): error is HubSpotApiError {
  return (
    typeof error === 'object' &&
    error !== null &&
    'status' in error &&
    'correlationId' in error &&
    'category' in error
  );
}
