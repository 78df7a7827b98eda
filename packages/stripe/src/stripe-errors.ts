import {
  ApiError,
  type ApiErrorContext,
  type ApiErrorOptions,
  asRecord,
  asText,
  brandErrorClass,
  pickTexts,
  RateLimitError,
} from '@int/core';
import type { StripeErrorObject } from './stripe-types.js';

/** Stripe's error object, flat, on `error.details` of every `ApiError` from `@int/stripe`. */
export interface StripeErrorDetails {
  readonly message?: string | undefined;
  /** Stripe's `code`, else its `type`. */
  readonly code?: string | undefined;
  /** `card_error`, `invalid_request_error`, `idempotency_error`, `api_error`. */
  readonly type?: string | undefined;
  /** The parameter at fault, when Stripe names one. */
  readonly param?: string | undefined;
  /** The issuer's reason, e.g. `insufficient_funds`. */
  readonly decline_code?: string | undefined;
  readonly doc_url?: string | undefined;
  /** A message Stripe says is safe to show to the customer. */
  readonly user_message?: string | undefined;
  /** The failed charge, e.g. `ch_...`. */
  readonly charge?: string | undefined;
  /** The PaymentIntent's id (the whole object stays on `error.body`). */
  readonly payment_intent?: string | undefined;
  readonly request_log_url?: string | undefined;
  readonly [key: string]: unknown;
}

/** The typed accessors of `CardError` and `IdempotencyError`. */
export interface StripeErrorFields {
  /** Stripe's `error.type`. */
  readonly rawType: string | undefined;
  /** The `error` object of Stripe's body, as received (redacted). */
  readonly raw: StripeErrorObject | undefined;
  readonly param: string | undefined;
  readonly declineCode: string | undefined;
  readonly docUrl: string | undefined;
  readonly userMessage: string | undefined;
  readonly chargeId: string | undefined;
  readonly paymentIntentId: string | undefined;
}

/** An `ApiError` (or core subclass) raised by `@int/stripe`, with Stripe's fields on `details`. */
export type StripeApiError = ApiError & { readonly details: StripeErrorDetails | undefined };

/** Stripe's `{ error: { ... } }` object from a parsed body, when there is one. */
export function stripeErrorObject(body: unknown): StripeErrorObject | undefined {
  return asRecord(asRecord(body)?.error) as StripeErrorObject | undefined;
}

const DETAIL_FIELDS = ['type', 'param', 'decline_code', 'doc_url', 'user_message', 'charge'];

/** Core's `errorDetails` hook: Stripe's error fields, flat, from the redacted body. */
export function stripeErrorDetails(response: { body?: unknown }): StripeErrorDetails | undefined {
  const raw = stripeErrorObject(response.body);
  if (!raw) return undefined;
  const intent = asText(raw.payment_intent) ?? asText(asRecord(raw.payment_intent)?.id);
  return {
    ...pickTexts(raw, [...DETAIL_FIELDS, 'request_log_url']),
    ...(intent ? { payment_intent: intent } : {}),
  };
}

/** Whether Stripe's answer says "slow down": a 429, or `code: rate_limit` on any status. */
export function isRateLimited(status: number, raw: StripeErrorObject | undefined): boolean {
  return status === 429 || raw?.code === 'rate_limit';
}

/** Stripe's fields as typed accessors, from core's `details` (what `errorDetails` read) and the body. */
abstract class StripeFieldsError extends ApiError implements StripeErrorFields {
  declare readonly details: StripeErrorDetails | undefined;
  readonly rawType: string | undefined;
  readonly raw: StripeErrorObject | undefined;
  readonly param: string | undefined;
  readonly declineCode: string | undefined;
  readonly docUrl: string | undefined;
  readonly userMessage: string | undefined;
  readonly chargeId: string | undefined;
  readonly paymentIntentId: string | undefined;
  constructor(message: string, options: ApiErrorOptions) {
    super(message, options);
    const details = this.details ?? {};
    this.rawType = details.type;
    this.raw = stripeErrorObject(options.body);
    this.param = details.param;
    this.declineCode = details.decline_code;
    this.docUrl = details.doc_url;
    this.userMessage = details.user_message;
    this.chargeId = details.charge;
    this.paymentIntentId = details.payment_intent;
  }
}

/** 402, or `error.type: card_error`: the card was declined or could not be charged. Never retried. */
export class CardError extends StripeFieldsError {
  // Brands like core's, so `isInstance` holds across duplicated package copies.
  static override readonly brand = /* @__PURE__ */ brandErrorClass(this, 'stripe', 'CardError');
}

/**
 * `error.type: idempotency_error`: an `Idempotency-Key` was reused with
 * different parameters (or while its first request was still running).
 */
export class IdempotencyError extends StripeFieldsError {
  static override readonly brand = /* @__PURE__ */ brandErrorClass(
    this,
    'stripe',
    'IdempotencyError',
  );
}

/**
 * Core's `createError` hook: Stripe's classes by `error.type` and status;
 * `undefined` leaves core's class for the status. Core decided `retryable`.
 */
export function createStripeError(context: ApiErrorContext): ApiError | undefined {
  const raw = stripeErrorObject(context.body);
  if (context.status === 402 || raw?.type === 'card_error') {
    return new CardError(context.message, context);
  }
  if (raw?.type === 'idempotency_error') return new IdempotencyError(context.message, context);
  if (isRateLimited(context.status, raw)) return new RateLimitError(context.message, context);
  return undefined;
}

/** True for any `ApiError` raised by `@int/stripe`. */
export function isStripeApiError(value: unknown): value is StripeApiError {
  return ApiError.isInstance(value) && value.provider === 'stripe';
}
