import type { Payment } from '@int/mercadopago';
import { toMinorUnits } from '@int/mercadopago';
import type { ShopContext } from '../shop-context.js';
import type { Order } from '../store/order-types.js';
import { markPaidAndShip } from './mark-paid.js';

/**
 * Why an approved MercadoPago payment does not pay this order, if it does not:
 * a notification names only a payment id, so the payment read back must be
 * the order's (its `external_reference`, and the id the shop created when it
 * has one), for exactly the order's amount, in reais.
 */
export function pixPaymentMismatch(order: Order, payment: Payment): string | undefined {
  if (payment.external_reference !== order.id) {
    return `payment ${payment.id} belongs to ${payment.external_reference ?? 'no order'}`;
  }
  if (order.paymentMethod !== 'pix' || order.currency !== 'brl') {
    return 'the order is not paid with Pix';
  }
  let cents: number | undefined;
  try {
    cents = toMinorUnits(payment.transaction_amount, 'BRL');
  } catch {
    cents = undefined;
  }
  if (cents !== order.amount) {
    return `amount ${String(payment.transaction_amount)} differs from the order's ${(order.amount / 100).toFixed(2)}`;
  }
  if ((payment.currency_id ?? '').toUpperCase() !== 'BRL') {
    return `currency ${String(payment.currency_id)} differs from the order's BRL`;
  }
  if (order.pixPaymentId !== undefined && String(payment.id) !== order.pixPaymentId) {
    return `payment ${payment.id} is not the order's (${order.pixPaymentId})`;
  }
  return undefined;
}

/** Where the news of a payment came from, for the timeline. */
export interface PixSource {
  /** `webhook payment.updated` or `reconciliation`. */
  title: string;
  detail: string;
  /** Writes nothing for a payment still pending (the reconciler asks every few seconds). */
  quietWhilePending?: boolean | undefined;
}

/**
 * Reads a MercadoPago payment back (the notification's body is not signed; its
 * id is) and, when it is approved and matches its order, marks the order paid
 * and queues shipping (once: the job id is the order's). Returns the order id
 * it paid, if any.
 */
export async function settlePixPayment(
  context: ShopContext,
  paymentId: string,
  source: PixSource,
  signal?: AbortSignal | undefined,
): Promise<string | undefined> {
  const payment = await context.clients.mercadopago.payments.get(paymentId, {
    ...(signal ? { signal } : {}),
  });
  const reference = payment.external_reference ?? undefined;
  const order = reference ? context.orders.get(reference) : undefined;
  if (!order) {
    context.logger.info(
      { event: 'webhook_without_order', paymentId, source: source.title },
      'MercadoPago payment names no order of this shop',
    );
    return undefined;
  }
  const event = (title: string, ok: boolean, detail: string) =>
    context.orders.addEvent({
      orderId: order.id,
      at: context.now(),
      kind: 'webhook',
      title,
      detail,
      ok,
      durationMs: undefined,
    });
  if (payment.status !== 'approved') {
    if (source.quietWhilePending && payment.status === 'pending') return undefined;
    event(
      `${source.title}: payment ${payment.status}`,
      payment.status !== 'rejected' && payment.status !== 'cancelled',
      `${source.detail}: payment ${payment.id} ${payment.status} (${payment.status_detail})`,
    );
    return undefined;
  }
  const mismatch = pixPaymentMismatch(order, payment);
  if (mismatch) {
    // Kept and shown, never retried: the same payment will not start to match.
    event(
      `${source.title} ignored: the payment does not match the order`,
      false,
      `${source.detail}: ${mismatch}`,
    );
    context.logger.warn(
      { event: 'webhook_payment_mismatch', orderId: order.id, paymentId, mismatch },
      'An approved MercadoPago payment does not match its order; not marking it paid',
    );
    return undefined;
  }
  event(`${source.title}: Pix approved`, true, `${source.detail}: payment ${payment.id}`);
  await markPaidAndShip(context, order);
  return order.id;
}
