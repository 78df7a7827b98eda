import {
  ApiError,
  asRecord,
  asText,
  type ErrorResponseInfo,
  type ProviderErrorDetails,
  type RetryHint,
} from '@int/core';
import type { HubSpotApiError, HubSpotErrorBody, HubSpotErrorDetails } from './hubspot-types.js';

/** Reads HubSpot's JSON error body (and the RFC 6749 shape of the OAuth endpoints). */
export function parseHubSpotError(response: ErrorResponseInfo): ProviderErrorDetails {
  const body = asRecord(response.body) as HubSpotErrorBody | undefined;
  if (!body) {
    const raw = asText(response.body);
    // HubSpot sometimes answers with an HTML page: keep the message short.
    return { message: raw && !raw.trimStart().startsWith('<') ? raw.slice(0, 200) : undefined };
  }
  return {
    message:
      asText(body.message) ?? asText(body.error_description) ?? asText(body.errors?.[0]?.message),
    code: asText(body.category) ?? asText(body.policyName) ?? asText(body.error),
    requestId: asText(body.correlationId),
  };
}

/** The `details` of an error body (the pipeline hands it redacted). */
export function hubSpotErrorDetails(body: unknown): HubSpotErrorDetails {
  const fields = asRecord(body) as HubSpotErrorBody | undefined;
  return {
    correlationId: asText(fields?.correlationId),
    category: asText(fields?.category),
    subCategory: asText(fields?.subCategory),
    errors: Array.isArray(fields?.errors) ? fields.errors : [],
    context: asRecord(fields?.context),
    policyName: asText(fields?.policyName),
  };
}

/** The 429 policy, from the body (HubSpot's documented field). */
export const rateLimitPolicy = (body: unknown): string | undefined =>
  asText(asRecord(body)?.policyName);

/**
 * 429 TEN_SECONDLY_ROLLING and SECONDLY are waited out and retried; DAILY is
 * not (it resets at midnight). 477 (account migration) sends Retry-After.
 */
export function hubSpotRetryHint(response: ErrorResponseInfo): RetryHint {
  if (response.status === 429) {
    return rateLimitPolicy(response.body) === 'DAILY' ? 'no-retry' : 'retry';
  }
  return response.status === 477 ? 'retry' : undefined;
}

/** True when `error` is an `ApiError` from HubSpot (HubSpot's fields on `details`). */
export function isHubSpotApiError(error: unknown): error is HubSpotApiError {
  return (
    ApiError.isInstance(error) &&
    error.provider === 'hubspot' &&
    Array.isArray(error.details?.errors)
  );
}
