import { JOB_NAMES, type ShopContext } from '../shop-context.js';
import type { Order } from '../store/order-types.js';

/**
 * An order's payment is confirmed (a verified webhook, or the payment read back):
 * paid, and shipping queued once — the job id is the order's, so a redelivered
 * event or a second reader enqueues nothing new.
 */
export async function markPaidAndShip(context: ShopContext, order: Order): Promise<void> {
  context.orders.update(
    order.id,
    { status: 'paid', statusDetail: undefined, paidAt: order.paidAt ?? context.now() },
    context.now(),
  );
  await context.queue.enqueue(
    JOB_NAMES.shipOrder,
    { orderId: order.id },
    { jobId: `${JOB_NAMES.shipOrder}:${order.id}` },
  );
}
