import {
  ApiError,
  type ApiErrorContext,
  type ApiErrorOptions,
  apiErrorClassFor,
  type ErrorResponseInfo,
  type ProviderErrorDetails,
  RateLimitError,
} from '@int/core';
import type { StripeErrorObject } from './stripe-types.js';

/** What every `ApiError` thrown by `@int/stripe` carries besides the core fields. */
export interface StripeErrorFields {
  /** Stripe's `error.type`: `card_error`, `invalid_request_error`, `idempotency_error`, `api_error`. */
  readonly rawType: string | undefined;
  /** The `error` object of Stripe's body, as received (redacted). */
  readonly raw: StripeErrorObject | undefined;
  /** The parameter at fault, when Stripe names one. */
  readonly param: string | undefined;
  readonly declineCode: string | undefined;
  readonly docUrl: string | undefined;
  /** A message Stripe says is safe to show to the customer. */
  readonly userMessage: string | undefined;
  readonly chargeId: string | undefined;
  readonly paymentIntentId: string | undefined;
}

/** An `ApiError` (or core subclass) raised by `@int/stripe`, with Stripe's details. */
export type StripeApiError = ApiError & StripeErrorFields;

// Brands like core's, so `isInstance` holds across duplicated package copies.
function register(errorClass: { prototype: object }, name: string): void {
  const brand = Symbol.for(`@int/stripe/error/${name}`);
  Object.defineProperty(errorClass, 'brand', { value: brand });
  Object.defineProperty(errorClass.prototype, brand, { value: true });
  Object.defineProperty(errorClass.prototype, 'name', {
    value: name,
    writable: true,
    configurable: true,
  });
}

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
const asText = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/** Stripe's `{ error: { ... } }` object from a parsed body, when there is one. */
export function stripeErrorObject(body: unknown): StripeErrorObject | undefined {
  const error = asRecord(asRecord(body)?.error);
  return error as StripeErrorObject | undefined;
}

function fieldsOf(raw: StripeErrorObject | undefined): StripeErrorFields {
  const intent = raw?.payment_intent as unknown;
  return {
    rawType: asText(raw?.type),
    raw,
    param: asText(raw?.param),
    declineCode: asText(raw?.decline_code),
    docUrl: asText(raw?.doc_url),
    userMessage: asText(raw?.user_message),
    chargeId: asText(raw?.charge),
    paymentIntentId: asText(intent) ?? asText(asRecord(intent)?.id),
  };
}

export interface StripeApiErrorOptions extends ApiErrorOptions {
  raw?: StripeErrorObject | undefined;
}

/** 402, or `error.type: card_error`: the card was declined or could not be charged. Never retried. */
export class CardError extends ApiError implements StripeErrorFields {
  readonly rawType: string | undefined;
  readonly raw: StripeErrorObject | undefined;
  readonly param: string | undefined;
  /** The issuer's reason, e.g. `insufficient_funds`. */
  readonly declineCode: string | undefined;
  readonly docUrl: string | undefined;
  readonly userMessage: string | undefined;
  /** The failed charge, e.g. `ch_...`. */
  readonly chargeId: string | undefined;
  readonly paymentIntentId: string | undefined;
  constructor(message: string, options: StripeApiErrorOptions) {
    super(message, { ...options, retryable: false });
    const fields = fieldsOf(options.raw);
    this.rawType = fields.rawType;
    this.raw = fields.raw;
    this.param = fields.param;
    this.declineCode = fields.declineCode;
    this.docUrl = fields.docUrl;
    this.userMessage = fields.userMessage;
    this.chargeId = fields.chargeId;
    this.paymentIntentId = fields.paymentIntentId;
  }
}
register(CardError, 'CardError');

/**
 * `error.type: idempotency_error`: an `Idempotency-Key` was reused with
 * different parameters (or while its first request was still running).
 */
export class IdempotencyError extends ApiError implements StripeErrorFields {
  readonly rawType: string | undefined;
  readonly raw: StripeErrorObject | undefined;
  readonly param: string | undefined;
  readonly declineCode: string | undefined;
  readonly docUrl: string | undefined;
  readonly userMessage: string | undefined;
  readonly chargeId: string | undefined;
  readonly paymentIntentId: string | undefined;
  constructor(message: string, options: StripeApiErrorOptions) {
    super(message, { ...options, retryable: false });
    const fields = fieldsOf(options.raw);
    this.rawType = fields.rawType;
    this.raw = fields.raw;
    this.param = fields.param;
    this.declineCode = fields.declineCode;
    this.docUrl = fields.docUrl;
    this.userMessage = fields.userMessage;
    this.chargeId = fields.chargeId;
    this.paymentIntentId = fields.paymentIntentId;
  }
}
register(IdempotencyError, 'IdempotencyError');

/** Reads Stripe's error body for core: the message, and `code` (falling back to `type`). */
export function parseStripeError(response: ErrorResponseInfo): ProviderErrorDetails {
  const raw = stripeErrorObject(response.body);
  if (!raw) {
    const text = asText(response.body);
    return { message: text ? text.slice(0, 200) : undefined };
  }
  return { message: asText(raw.message), code: asText(raw.code) ?? asText(raw.type) };
}

/** Whether Stripe's answer says "slow down": a 429, or `code: rate_limit` on any status. */
export function isRateLimited(status: number, raw: StripeErrorObject | undefined): boolean {
  return status === 429 || raw?.code === 'rate_limit';
}

/**
 * Core's `createError` hook: picks the class by Stripe's `error.type` and
 * the status, and puts Stripe's details on every error.
 */
export function createStripeError(
  context: ApiErrorContext,
  retryableStatuses: ReadonlySet<number>,
): ApiError {
  const raw = stripeErrorObject(context.body);
  const status = context.status;
  const options: StripeApiErrorOptions = { ...context, raw };
  let error: ApiError;
  if (status === 402 || raw?.type === 'card_error') {
    error = new CardError(context.message, options);
  } else if (raw?.type === 'idempotency_error') {
    error = new IdempotencyError(context.message, options);
  } else if (isRateLimited(status, raw)) {
    error = new RateLimitError(context.message, { ...options, retryable: true });
  } else {
    const ErrorClass = apiErrorClassFor(status);
    error = new ErrorClass(context.message, {
      ...options,
      retryable: retryableStatuses.has(status),
    });
  }
  if (!CardError.isInstance(error) && !IdempotencyError.isInstance(error)) {
    // Core classes get the same detail fields, read-only like the rest.
    for (const [name, value] of Object.entries(fieldsOf(raw))) {
      Object.defineProperty(error, name, { value, enumerable: true });
    }
  }
  return error;
}

/** True for any `ApiError` raised by `@int/stripe` (they all carry `rawType` and `raw`). */
export function isStripeApiError(value: unknown): value is StripeApiError {
  return ApiError.isInstance(value) && 'rawType' in value;
}
