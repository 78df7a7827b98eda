import type { ShopContext } from '../shop-context.js';

/**
 * Runs a provider side effect at most once per order as far as this shop
 * knows: a step found `done` returns its journalled result without a call; a
 * step found `started` (a crash mid-call) is passed to `effect` as
 * `interrupted`, so the caller can look the effect up before redoing it.
 */
export async function journalledStep<T>(
  context: ShopContext,
  orderId: string,
  step: string,
  effect: (state: { interrupted: boolean }) => Promise<T>,
): Promise<T> {
  const previous = context.orders.step(orderId, step);
  if (previous?.state === 'done') return previous.result as T;
  const interrupted = previous?.state === 'started';
  context.orders.startStep(orderId, step, context.now());
  const result = await effect({ interrupted });
  context.orders.finishStep(orderId, step, result, context.now());
  return result;
}
