import type { WebhookEvent, WebhookHandlers } from '@int/core';
import { JOB_NAMES, type ShopContext } from '../shop-context.js';

interface IntentPayload {
  data?: { object?: { id?: string; metadata?: Record<string, string>; status?: string } };
}

function orderOf(context: ShopContext, event: WebhookEvent) {
  const intent = (event.payload as IntentPayload).data?.object;
  const orderId = intent?.metadata?.order_id;
  const order = orderId ? context.orders.get(orderId) : undefined;
  if (!order) {
    // A payment made outside this shop (or for a wiped data folder): nothing to do.
    context.logger.info(
      { event: 'webhook_without_order', eventId: event.id, type: event.type },
      'Webhook names no order of this shop',
    );
  }
  return order;
}

/** What the inbox runs for each stored Stripe event, from the queue, with retries. */
export function webhookHandlers(context: ShopContext): WebhookHandlers {
  return {
    stripe: {
      'payment_intent.succeeded': async (event) => {
        const order = orderOf(context, event);
        if (!order) return;
        context.orders.addEvent({
          orderId: order.id,
          at: context.now(),
          kind: 'webhook',
          title: 'webhook payment_intent.succeeded',
          detail: event.id,
          ok: true,
          durationMs: undefined,
        });
        context.orders.update(
          order.id,
          { status: 'paid', statusDetail: undefined, paidAt: order.paidAt ?? context.now() },
          context.now(),
        );
        // The job id makes a redelivered event (or a replay) enqueue nothing new.
        await context.queue.enqueue(
          JOB_NAMES.shipOrder,
          { orderId: order.id },
          { jobId: `${JOB_NAMES.shipOrder}:${order.id}` },
        );
      },
      'payment_intent.payment_failed': async (event) => {
        const order = orderOf(context, event);
        if (!order) return;
        context.orders.addEvent({
          orderId: order.id,
          at: context.now(),
          kind: 'webhook',
          title: 'webhook payment_intent.payment_failed',
          detail: event.id,
          ok: false,
          durationMs: undefined,
        });
      },
    },
  };
}
