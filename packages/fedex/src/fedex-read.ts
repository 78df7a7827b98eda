import { endpoint } from '@int/core';

/**
 * A FedEx read. FedEx takes its queries (rates, tracking, address checks) as
 * POSTs that change nothing, so each is marked safe to repeat like a GET.
 */
export const fedexRead = <Result = unknown>(
  operation: string,
  path: string,
  map?: (raw: unknown) => Result,
) => endpoint<unknown, Result>({ operation, method: 'POST', path, idempotent: true, map });
