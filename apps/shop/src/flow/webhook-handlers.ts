import type { WebhookEvent, WebhookHandlers } from '@int/core';
import type { MercadoPagoNotification } from '@int/mercadopago';
import type { ShopContext } from '../shop-context.js';
import type { Order } from '../store/order-types.js';
import { markPaidAndShip } from './mark-paid.js';
import { settlePixPayment } from './settle-pix-payment.js';

interface IntentObject {
  id?: string;
  amount?: number;
  currency?: string;
  metadata?: Record<string, string>;
  status?: string;
}

interface IntentPayload {
  data?: { object?: IntentObject };
}

/**
 * Why a `payment_intent.succeeded` does not pay this order, if it does not:
 * the metadata only names the order, so the intent must be the one the order
 * created, for the order's amount and currency.
 */
export function paymentMismatch(
  order: Order,
  intent: IntentObject | undefined,
): string | undefined {
  if (!intent?.id || intent.id !== order.paymentIntentId) {
    return `PaymentIntent ${intent?.id ?? '(none)'} is not the order's (${order.paymentIntentId ?? 'none recorded'})`;
  }
  if (intent.amount !== order.amount) {
    return `amount ${String(intent.amount)} differs from the order's ${order.amount}`;
  }
  if (typeof intent.currency !== 'string' || intent.currency.toLowerCase() !== order.currency) {
    return `currency ${String(intent.currency)} differs from the order's ${order.currency}`;
  }
  return undefined;
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

/** What the inbox runs for each stored Stripe or MercadoPago event, from the queue, with retries. */
export function webhookHandlers(context: ShopContext): WebhookHandlers {
  return {
    mercadopago: {
      // Every payment notification (`payment.created`, `payment.updated`): the id is signed, the
      // body is not, so the payment is read back and only what MercadoPago answers counts.
      '*': async (event, { signal }) => {
        const notification = event.payload as MercadoPagoNotification;
        const dataId = notification.data?.id;
        if (notification.type !== 'payment' || !dataId) {
          context.logger.info(
            { event: 'webhook_ignored', eventId: event.id, type: event.type },
            'MercadoPago notification about something other than a payment',
          );
          return;
        }
        await settlePixPayment(
          context,
          String(dataId),
          { title: `webhook ${event.type}`, detail: event.id },
          signal,
        );
      },
    },
    stripe: {
      'payment_intent.succeeded': async (event) => {
        const order = orderOf(context, event);
        if (!order) return;
        const mismatch = paymentMismatch(order, (event.payload as IntentPayload).data?.object);
        if (mismatch) {
          // Stored and shown, never retried: the same event will not start to match.
          context.orders.addEvent({
            orderId: order.id,
            at: context.now(),
            kind: 'webhook',
            title: 'webhook payment_intent.succeeded ignored: it does not match the order',
            detail: `${event.id}: ${mismatch}`,
            ok: false,
            durationMs: undefined,
          });
          context.logger.warn(
            { event: 'webhook_payment_mismatch', eventId: event.id, orderId: order.id, mismatch },
            'A succeeded PaymentIntent does not match its order; not marking it paid',
          );
          return;
        }
        context.orders.addEvent({
          orderId: order.id,
          at: context.now(),
          kind: 'webhook',
          title: 'webhook payment_intent.succeeded',
          detail: event.id,
          ok: true,
          durationMs: undefined,
        });
        await markPaidAndShip(context, order);
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
