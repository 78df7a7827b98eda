// Shared by the inbox and HTTP handler tests (not a test file itself).

import type { TestClock } from '../src/testing/index.js';
import { signStandardWebhook } from '../src/webhooks/standard-webhooks.js';

export const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

export async function signedDelivery(
  clock: TestClock,
  id: string,
  body: Record<string, unknown>,
): Promise<{ rawBody: string; headers: Record<string, string> }> {
  const rawBody = JSON.stringify(body);
  const headers = await signStandardWebhook({
    id,
    payload: rawBody,
    secret: SECRET,
    now: clock.now,
  });
  return { rawBody, headers: { ...headers, 'content-type': 'application/json' } };
}

export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}

export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
