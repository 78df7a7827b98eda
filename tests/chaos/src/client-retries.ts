import { AsyncLocalStorage } from 'node:async_hooks';
import type { RetryInfo } from '@int/core';

/** Why the client gave up on one attempt and sent another. */
export interface ClientRetry {
  status: number | undefined;
  errorName: string;
  delayMs: number;
}

/**
 * The client's side of each logical call: every retry it decided on, from
 * the pipeline's `onRetry`, tied to the call by AsyncLocalStorage. The server
 * alone cannot tell a repeat after an error the client received (a bug) from
 * a repeat after the client's own timeout fired before the answer arrived
 * (correct, and common on a loaded machine where client and server share one
 * event loop).
 */
export interface ClientRetryLog {
  withCall<T>(callId: string, call: () => Promise<T>): Promise<T>;
  onRetry(info: RetryInfo): void;
  /** Index k: why the client's attempt k + 1 was retried. */
  retriesOf(callId: string): ReadonlyArray<ClientRetry>;
}

export function createClientRetryLog(): ClientRetryLog {
  const current = new AsyncLocalStorage<string>();
  const retries = new Map<string, ClientRetry[]>();
  return {
    withCall: (callId, call) => current.run(callId, call),
    onRetry(info) {
      const callId = current.getStore();
      if (callId === undefined) return;
      const list = retries.get(callId) ?? [];
      list.push({ status: info.status, errorName: info.error.name, delayMs: info.delayMs });
      retries.set(callId, list);
    },
    retriesOf: (callId) => retries.get(callId) ?? [],
  };
}
