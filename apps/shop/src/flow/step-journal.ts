import { ApiError, ConnectionError, IntegrationError } from '@int/core';
import type { ShopContext } from '../shop-context.js';
import { describeError } from './tracked-call.js';

/**
 * True when a failed call may still have acted at the provider: no answer in
 * time, the connection lost after the request left, a 5xx (the provider may
 * have failed after acting), an abort mid-call, or a 2xx we could not read.
 * A 4xx or a check before sending means nothing happened.
 */
export function isOutcomeUnknown(error: unknown): boolean {
  if (ConnectionError.isInstance(error)) return error.beforeRequestSent !== true;
  if (ApiError.isInstance(error)) return error.status >= 500;
  if (IntegrationError.isInstance(error)) {
    return ['TimeoutError', 'AbortError', 'ResponseParseError'].includes(error.name);
  }
  return false;
}

/** What a step's effect learns, and may report, about the state it runs in. */
export interface StepRun {
  /** A previous attempt was cut short (killed) or failed with an unknown outcome. */
  readonly interrupted: boolean;
  /**
   * Whether a failure of this attempt leaves the outcome unknown regardless of
   * the error: starts as `interrupted`; the effect clears it once it has found
   * out what the earlier attempt did (e.g. looked the effect up).
   */
  uncertain: boolean;
}

/**
 * Runs a provider side effect at most once per order as far as this shop
 * knows: a step found `done` returns its journalled result without a call; a
 * step found `started` (a crash mid-call) or `failed` with an unknown outcome
 * is passed to `effect` as `interrupted`, so the caller looks the effect up
 * before redoing it. A failure is journalled with whether its outcome is unknown.
 */
export async function journalledStep<T>(
  context: ShopContext,
  orderId: string,
  step: string,
  effect: (run: StepRun) => Promise<T>,
): Promise<T> {
  const previous = context.orders.step(orderId, step);
  if (previous?.state === 'done') return previous.result as T;
  const interrupted =
    previous?.state === 'started' || (previous?.state === 'failed' && previous.outcomeUnknown);
  context.orders.startStep(orderId, step, context.now());
  const run: StepRun = { interrupted, uncertain: interrupted };
  let result: T;
  try {
    result = await effect(run);
  } catch (error) {
    context.orders.failStep(
      orderId,
      step,
      { error: describeError(error), outcomeUnknown: run.uncertain || isOutcomeUnknown(error) },
      context.now(),
    );
    throw error;
  }
  context.orders.finishStep(orderId, step, result, context.now());
  return result;
}
