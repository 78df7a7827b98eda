import type { FakeFault } from '@int/core/testing';

export const FAKE_PROVIDERS = ['stripe', 'fedex', 'hubspot', 'mercadopago', 'ups'] as const;
export type FakeProvider = (typeof FAKE_PROVIDERS)[number];

/**
 * A fault the sandbox control server injects into one fake: the same fields
 * for every provider (the fakes share `fail()` from core's fake toolkit).
 * Without `times` the fault holds until `DELETE /faults`.
 */
export interface FaultRequest {
  provider: FakeProvider;
  /** Only requests whose path contains this, e.g. `/rate/`. Default: every API request. */
  path?: string | undefined;
  method?: string | undefined;
  /** Default 503. */
  status?: number | undefined;
  times?: number | undefined;
  /** e.g. `{ "retry-after": "2" }`. */
  headers?: Record<string, string> | undefined;
  /** Wait before answering, in ms (at most 60 000). */
  delayMs?: number | undefined;
  /** `network`: a dropped connection instead of an answer. */
  error?: 'network' | undefined;
  /** The message and code in the provider's own error body (a FedEx daily quota: a message naming the quota). */
  message?: string | undefined;
  code?: string | undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const positiveInteger = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value > 0;

const FIELDS = new Set([
  'provider',
  'path',
  'method',
  'status',
  'times',
  'headers',
  'delayMs',
  'error',
  'message',
  'code',
]);

/** Every problem of a `POST /faults` body, or none. */
function problems(body: Record<string, unknown>): string | undefined {
  const unknown = Object.keys(body).filter((key) => !FIELDS.has(key));
  if (unknown.length > 0) return `unknown field ${unknown.join(', ')}`;
  if (!FAKE_PROVIDERS.includes(body.provider as FakeProvider)) {
    return `provider must be one of ${FAKE_PROVIDERS.join(', ')}`;
  }
  if (body.path !== undefined && (typeof body.path !== 'string' || body.path.length === 0)) {
    return 'path must be a non-empty string';
  }
  if (body.method !== undefined && typeof body.method !== 'string')
    return 'method must be a string';
  if (
    body.status !== undefined &&
    (!Number.isInteger(body.status) ||
      (body.status as number) < 400 ||
      (body.status as number) > 599)
  ) {
    return 'status must be an HTTP error status';
  }
  if (body.times !== undefined && !positiveInteger(body.times)) {
    return 'times must be a positive integer';
  }
  if (
    body.headers !== undefined &&
    (!isRecord(body.headers) ||
      !Object.values(body.headers).every((value) => typeof value === 'string'))
  ) {
    return 'headers must be an object of strings';
  }
  if (
    body.delayMs !== undefined &&
    (!Number.isInteger(body.delayMs) ||
      (body.delayMs as number) < 0 ||
      (body.delayMs as number) > 60_000)
  ) {
    return 'delayMs must be an integer from 0 to 60000';
  }
  if (body.error !== undefined && body.error !== 'network') return "error must be 'network'";
  for (const name of ['message', 'code'] as const) {
    if (body[name] !== undefined && typeof body[name] !== 'string')
      return `${name} must be a string`;
  }
  return undefined;
}

/** Checks a `POST /faults` body. */
export function parseFaultRequest(
  body: unknown,
): { ok: true; value: FaultRequest } | { ok: false; error: string } {
  if (!isRecord(body)) return { ok: false, error: 'body must be a JSON object' };
  const problem = problems(body);
  if (problem) return { ok: false, error: problem };
  return { ok: true, value: body as unknown as FaultRequest };
}

/** The request as the fakes' `fail()` takes it: without `times`, until cleared. */
export function toFakeFault(request: FaultRequest): FakeFault {
  const { provider: _provider, times, ...fault } = request;
  return { ...fault, times: times ?? Number.POSITIVE_INFINITY };
}
