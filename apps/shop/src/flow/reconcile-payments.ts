import type { ShopContext } from '../shop-context.js';
import { markPaidAndShip } from './mark-paid.js';
import { payWithPix } from './pay-with-pix.js';
import { settlePixPayment } from './settle-pix-payment.js';
import { describeError } from './tracked-call.js';
import { paymentMismatch } from './webhook-handlers.js';

/** Statuses whose PaymentIntent may have succeeded without the shop knowing. */
const UNSETTLED = new Set(['confirmed', 'pending_payment', 'payment_error']);

/**
 * Orders whose PaymentIntent may have succeeded without a
 * `payment_intent.succeeded` reaching us: `confirmed` ones (the shop was down
 * when the webhook was sent, and a sandbox fake does not redeliver as Stripe
 * does), and `pending_payment` / `payment_error` ones that have an intent (the
 * confirm's answer was lost, or the process died mid-payment). After
 * `minAgeMs`, the PaymentIntent is read back and a succeeded one is treated as
 * the webhook would have been. A Pix order whose create went unanswered is asked
 * again with the same idempotency key. Returns the ids moved to `paid`.
 */
export async function reconcilePayments(context: ShopContext, minAgeMs: number): Promise<string[]> {
  const cutoff = context.now() - minAgeMs;
  const stuck = context.orders
    .list(500)
    .filter((order) => UNSETTLED.has(order.status) && order.updatedAt <= cutoff);
  const moved: string[] = [];
  for (const order of stuck) {
    if (
      order.paymentMethod === 'pix' &&
      !order.pixPaymentId &&
      order.status === 'pending_payment'
    ) {
      // The create's answer was lost: the same idempotency key answers the payment made, if any.
      await payWithPix(context, order);
      continue;
    }
    if (order.pixPaymentId) {
      // MercadoPago redelivers notifications, but one may still be lost for good: read the payment.
      try {
        const paid = await settlePixPayment(context, order.pixPaymentId, {
          title: 'reconciliation',
          detail: 'no notification received',
          quietWhilePending: true,
        });
        if (paid) moved.push(paid);
      } catch (error) {
        context.logger.warn(
          { event: 'reconcile_failed', orderId: order.id, error: describeError(error) },
          'Could not read the Pix payment back',
        );
      }
      continue;
    }
    if (!order.paymentIntentId) continue;
    try {
      const intent = await context.clients.stripe.paymentIntents.retrieve(order.paymentIntentId!);
      if (intent.status !== 'succeeded') continue;
      const mismatch = paymentMismatch(order, intent);
      if (mismatch) {
        context.logger.warn(
          { event: 'reconcile_payment_mismatch', orderId: order.id, mismatch },
          'The PaymentIntent does not match its order; not marking it paid',
        );
        continue;
      }
      context.orders.addEvent({
        orderId: order.id,
        at: context.now(),
        kind: 'order',
        title: 'payment confirmed by reading the PaymentIntent (no webhook received)',
        detail: intent.id,
        ok: true,
        durationMs: undefined,
      });
      await markPaidAndShip(context, order);
      moved.push(order.id);
    } catch (error) {
      context.logger.warn(
        { event: 'reconcile_failed', orderId: order.id, error: describeError(error) },
        'Could not read the PaymentIntent back',
      );
    }
  }
  if (moved.length > 0) {
    context.logger.info(
      { event: 'payments_reconciled', orders: moved },
      'Paid orders found without a webhook',
    );
  }
  return moved;
}
