import { randomUUID } from 'node:crypto';
import { CardError } from '@int/stripe';
import type { ShopContext } from '../shop-context.js';
import type { Order } from '../store/order-types.js';
import type { CheckoutInput } from './checkout-input.js';
import { describeError, trackedCall } from './tracked-call.js';

export function newOrderId(): string {
  return `ord_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
}

/**
 * Stores the order, then pays it: a Stripe customer and a PaymentIntent (the
 * order id is the idempotency key, so a repeated request never charges
 * twice), confirmed with the given card. Shipping starts from the
 * `payment_intent.succeeded` webhook, not from here.
 */
export async function placeOrder(context: ShopContext, input: CheckoutInput): Promise<Order> {
  const { orders, clients } = context;
  const id = newOrderId();
  const amount = input.items.reduce((sum, item) => sum + item.unitAmount * item.quantity, 0);
  orders.create(
    {
      id,
      email: input.email,
      items: input.items,
      address: input.address,
      amount,
      currency: 'usd',
      paymentMethod: input.paymentMethod,
    },
    context.now(),
  );
  orders.addEvent({
    orderId: id,
    at: context.now(),
    kind: 'order',
    title: 'Order created',
    detail: `${input.items.length} line(s), $${(amount / 100).toFixed(2)}`,
    ok: true,
    durationMs: undefined,
  });
  context.logger.info({ event: 'order_created', orderId: id, amount }, 'Order created');

  try {
    const customer = await trackedCall(
      context,
      id,
      'stripe customers.create',
      () =>
        clients.stripe.customers.create(
          { email: input.email, name: input.address.name, metadata: { order_id: id } },
          { idempotencyKey: `${id}-customer` },
        ),
      (result) => result.id,
    );
    orders.update(id, { customerId: customer.id }, context.now());
    const intent = await trackedCall(
      context,
      id,
      'stripe paymentIntents.create',
      () =>
        clients.stripe.paymentIntents.create(
          {
            amount,
            currency: 'usd',
            customer: customer.id,
            payment_method_types: ['card'],
            receipt_email: input.email,
            metadata: { order_id: id },
          },
          { idempotencyKey: id },
        ),
      (result) => result.id,
    );
    orders.update(id, { paymentIntentId: intent.id }, context.now());
    const confirmed = await trackedCall(
      context,
      id,
      'stripe paymentIntents.confirm',
      () =>
        clients.stripe.paymentIntents.confirm(
          intent.id,
          { payment_method: input.paymentMethod },
          { idempotencyKey: `${id}-confirm` },
        ),
      (result) => `status ${result.status}`,
    );
    if (confirmed.status === 'succeeded') {
      orders.update(
        id,
        { status: 'confirmed', statusDetail: 'Waiting for the payment_intent.succeeded webhook' },
        context.now(),
      );
    } else {
      orders.update(
        id,
        { status: 'payment_error', statusDetail: `Payment needs more: status ${confirmed.status}` },
        context.now(),
      );
    }
  } catch (error) {
    if (CardError.isInstance(error)) {
      const reason = error.declineCode ? ` (${error.declineCode})` : '';
      orders.update(
        id,
        { status: 'declined', statusDetail: `${error.message}${reason}` },
        context.now(),
      );
      context.logger.info(
        { event: 'order_declined', orderId: id, declineCode: error.declineCode },
        'Card declined',
      );
    } else {
      orders.update(
        id,
        { status: 'payment_error', statusDetail: `Stripe: ${describeError(error)}` },
        context.now(),
      );
      context.logger.warn(
        { event: 'order_payment_error', orderId: id, error: describeError(error) },
        'Payment failed',
      );
    }
  }
  return orders.get(id)!;
}
