import {
  CircuitOpenError,
  ConnectionError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '@int/core';
import { toAmount } from '@int/mercadopago';
import type { ShopContext } from '../shop-context.js';
import type { Order } from '../store/order-types.js';
import { describeError, trackedCall } from './tracked-call.js';

/** The MercadoPago idempotency key of an order's Pix payment: a re-run finds the first one. */
export const pixIdempotencyKey = (orderId: string) => `${orderId}-pix`;

function payerOf(order: Order) {
  const [first = '', ...rest] = order.address.name.trim().split(/\s+/);
  return { email: order.email, first_name: first, last_name: rest.join(' ') || undefined };
}

/**
 * Creates the order's Pix payment at MercadoPago (keyed by the order id, so a
 * repeated request answers the same payment instead of a second one) and keeps
 * its QR code for the order page. The order stays `pending_payment` until a
 * verified notification shows the payment approved (`settle-pix-payment.ts`).
 */
export async function payWithPix(context: ShopContext, order: Order): Promise<void> {
  const { orders, clients, config } = context;
  const id = order.id;
  // MercadoPago calls only a public https URL; the sandbox fake is told where the shop is instead.
  const notificationUrl =
    config.mercadopago.mode === 'live' && config.publicUrl.startsWith('https://')
      ? `${config.publicUrl}/webhooks/mercadopago`
      : undefined;
  try {
    const payment = await trackedCall(
      context,
      id,
      'mercadopago payments.create (pix)',
      () =>
        clients.mercadopago.payments.create(
          {
            transaction_amount: toAmount(order.amount, 'BRL'),
            payment_method_id: 'pix',
            description: `Shop order ${id}`,
            external_reference: id,
            payer: payerOf(order),
            metadata: { order_id: id },
            ...(notificationUrl ? { notification_url: notificationUrl } : {}),
          },
          { idempotencyKey: pixIdempotencyKey(id) },
        ),
      (result) => `payment ${result.id}, status ${result.status}`,
    );
    const data = payment.point_of_interaction?.transaction_data;
    orders.update(
      id,
      {
        pixPaymentId: String(payment.id),
        pixQrCode: data?.qr_code ?? undefined,
        pixQrCodeBase64: data?.qr_code_base64 ?? undefined,
        statusDetail:
          'Waiting for the Pix payment: scan the QR code or paste the code in your bank app',
      },
      context.now(),
    );
  } catch (error) {
    if (outcomeUnknown(error)) {
      // MercadoPago may have made the payment: the reconciler asks again with the same key,
      // which answers that payment (or makes it now), so the order is never left without one.
      orders.update(
        id,
        {
          statusDetail: `MercadoPago did not answer (${describeError(error)}): asking again shortly`,
        },
        context.now(),
      );
      context.logger.warn(
        { event: 'order_payment_retry', orderId: id, error: describeError(error) },
        'Pix payment outcome unknown; the reconciler asks again with the same key',
      );
      return;
    }
    orders.update(
      id,
      { status: 'payment_error', statusDetail: `MercadoPago: ${describeError(error)}` },
      context.now(),
    );
    context.logger.warn(
      { event: 'order_payment_error', orderId: id, error: describeError(error) },
      'Pix payment could not be created',
    );
  }
}

/** A failure after which the payment may or may not exist: no answer, or the provider unwell. */
function outcomeUnknown(error: unknown): boolean {
  return (
    TimeoutError.isInstance(error) ||
    ConnectionError.isInstance(error) ||
    ServerError.isInstance(error) ||
    RateLimitError.isInstance(error) ||
    CircuitOpenError.isInstance(error)
  );
}
