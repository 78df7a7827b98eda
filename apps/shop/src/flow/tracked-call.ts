import type { ShopContext } from '../shop-context.js';

/** One line for a timeline: the error's class and its (already redacted) message. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Runs one provider call and writes it on the order's timeline with its
 * duration and outcome, so the order page shows every call it cost.
 */
export async function trackedCall<T>(
  context: ShopContext,
  orderId: string,
  title: string,
  call: () => Promise<T>,
  describe?: (result: T) => string | undefined,
): Promise<T> {
  const started = performance.now();
  try {
    const result = await call();
    context.orders.addEvent({
      orderId,
      at: context.now(),
      kind: 'call',
      title,
      detail: describe?.(result),
      ok: true,
      durationMs: performance.now() - started,
    });
    return result;
  } catch (error) {
    context.orders.addEvent({
      orderId,
      at: context.now(),
      kind: 'call',
      title,
      detail: describeError(error),
      ok: false,
      durationMs: performance.now() - started,
    });
    throw error;
  }
}
