import { ApiError, defaultErrorParser, type ErrorResponseInfo, isRecord } from '@int/core';
import type { MercadoPagoApiError, MercadoPagoErrorCause } from './mercadopago-types.js';

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** `cause` is a list in the reference; some endpoints send one object. */
const causesOf = (body: Record<string, unknown>): MercadoPagoErrorCause[] =>
  [body.cause ?? []].flat().filter(isRecord);

/** Core's `parseError` hook: `message`, and the first cause's code (else `error`) as the code. */
export function parseMercadoPagoError(response: ErrorResponseInfo) {
  if (!isRecord(response.body)) return defaultErrorParser(response);
  const body = response.body;
  const first = causesOf(body)[0];
  const code = typeof first?.code === 'number' ? String(first.code) : text(first?.code);
  return {
    message: text(body.message) ?? text(first?.description) ?? text(body.error),
    code: code ?? text(body.error),
  };
}

/** Core's `errorDetails` hook: `error`, `status` and every `cause`, from the redacted body. */
export function mercadoPagoErrorDetails(response: ErrorResponseInfo): Record<string, unknown> {
  const body = isRecord(response.body) ? response.body : {};
  const status = typeof body.status === 'number' ? body.status : undefined;
  return { error: text(body.error), status, cause: causesOf(body) };
}

/** True for any `ApiError` raised by `@int/mercadopago`. */
export const isMercadoPagoApiError = (value: unknown): value is MercadoPagoApiError =>
  ApiError.isInstance(value) && value.provider === 'mercadopago';
