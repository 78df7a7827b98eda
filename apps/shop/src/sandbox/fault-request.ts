import type { FedExFakeFault } from '@int/fedex/testing';

/** A fault the sandbox control server injects into a fake. */
export type FaultRequest =
  | { provider: 'fedex'; fault: FedExFakeFault; times?: number; operations?: string[] }
  | { provider: 'hubspot'; status: number; times: number };

const FEDEX_FAULTS = new Set<string>(['outage', 'rate-limit', 'daily-quota']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const positiveInteger = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value > 0;

/** Checks a `POST /faults` body. */
export function parseFaultRequest(
  body: unknown,
): { ok: true; value: FaultRequest } | { ok: false; error: string } {
  if (!isRecord(body)) return { ok: false, error: 'body must be a JSON object' };
  if (body.times !== undefined && !positiveInteger(body.times)) {
    return { ok: false, error: 'times must be a positive integer' };
  }
  if (body.provider === 'fedex') {
    if (typeof body.fault !== 'string' || !FEDEX_FAULTS.has(body.fault)) {
      return { ok: false, error: 'fault must be one of outage, rate-limit, daily-quota' };
    }
    const operations = body.operations;
    if (
      operations !== undefined &&
      !(Array.isArray(operations) && operations.every((item) => typeof item === 'string'))
    ) {
      return { ok: false, error: 'operations must be an array of strings' };
    }
    return {
      ok: true,
      value: {
        provider: 'fedex',
        fault: body.fault as FedExFakeFault,
        ...(body.times !== undefined ? { times: body.times as number } : {}),
        ...(operations ? { operations: operations as string[] } : {}),
      },
    };
  }
  if (body.provider === 'hubspot') {
    if (typeof body.status !== 'number' || body.status < 400 || body.status > 599) {
      return { ok: false, error: 'status must be an HTTP error status' };
    }
    if (!positiveInteger(body.times)) return { ok: false, error: 'times is required for hubspot' };
    return { ok: true, value: { provider: 'hubspot', status: body.status, times: body.times } };
  }
  return { ok: false, error: 'provider must be fedex or hubspot' };
}
