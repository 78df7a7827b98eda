import { randomUUID } from 'node:crypto';
import { ConflictError, ValidationError } from '@int/core';
import { CardError } from '@int/stripe';
import { IDEMPOTENCY_KEY } from '../server/input-patterns.js';
import type { ShopContext } from '../shop-context.js';
import type { Order } from '../store/order-types.js';
import { type CheckoutInput, PIX } from './checkout-input.js';
import { payWithPix } from './pay-with-pix.js';
import { describeError, trackedCall } from './tracked-call.js';

export function newOrderId(): string {
  return `ord_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
}

/** Checks a client's idempotency key (visible ASCII, 8 to 255 characters) before anything is stored. */
export function checkIdempotencyKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (key.length > 255 || !IDEMPOTENCY_KEY.test(key)) {
    throw new ValidationError(
      [{ path: ['idempotencyKey'], message: 'must be 8 to 255 visible ASCII characters' }],
      { operation: 'orders.create' },
    );
  }
  return key;
}

/** The same checkout as the order already stored under the key? */
function sameCheckout(order: Order, input: CheckoutInput): boolean {
  return (
    order.email === input.email &&
    order.paymentMethod === input.paymentMethod &&
    order.deliveryOption === input.deliveryOption &&
    JSON.stringify(order.items) === JSON.stringify(input.items) &&
    JSON.stringify(order.address) === JSON.stringify(input.address)
  );
}

export interface PlacedOrder {
  order: Order;
  /** False when the idempotency key named an order placed before: nothing was sent again. */
  created: boolean;
}

/**
 * Stores the order (once per idempotency key), then pays it: by card (Stripe)
 * or by Pix (MercadoPago, see `pay-with-pix.ts`). Shipping starts from the
 * provider's verified webhook, not from here.
 */
export async function placeOrder(
  context: ShopContext,
  input: CheckoutInput,
  options: { idempotencyKey?: string | undefined } = {},
): Promise<PlacedOrder> {
  const { orders } = context;
  const idempotencyKey = checkIdempotencyKey(options.idempotencyKey);
  const amount = input.items.reduce((sum, item) => sum + item.unitAmount * item.quantity, 0);
  const pix = input.paymentMethod === PIX;
  const currency = pix ? 'brl' : 'usd';
  const stored = orders.create(
    {
      id: newOrderId(),
      email: input.email,
      items: input.items,
      address: input.address,
      amount,
      currency,
      paymentMethod: input.paymentMethod,
      deliveryOption: input.deliveryOption,
      idempotencyKey,
    },
    context.now(),
  );
  if (!stored.created) {
    // A double submit or a client's retry: the first request pays; this one reports it.
    if (!sameCheckout(stored.order, input)) {
      throw new ConflictError(
        'This idempotency key was used for a different order; use a new key for a new order.',
        { status: 409, provider: 'shop', operation: 'orders.create' },
      );
    }
    context.logger.info(
      { event: 'order_repeat', orderId: stored.order.id },
      'Repeated checkout: returning the order placed before',
    );
    return { order: stored.order, created: false };
  }
  const id = stored.order.id;
  orders.addEvent({
    orderId: id,
    at: context.now(),
    kind: 'order',
    title: 'Order created',
    detail: `${input.items.length} line(s), ${pix ? 'R$' : '$'}${(amount / 100).toFixed(2)}, ${input.deliveryOption} delivery`,
    ok: true,
    durationMs: undefined,
  });
  context.logger.info({ event: 'order_created', orderId: id, amount, currency }, 'Order created');
  if (pix) {
    await payWithPix(context, stored.order);
  } else {
    await payWithCard(context, stored.order, input);
  }
  return { order: orders.get(id)!, created: true };
}

/**
 * A Stripe customer and a PaymentIntent (the order id is the idempotency key,
 * so a repeated request never charges twice), confirmed with the given card.
 */
async function payWithCard(context: ShopContext, order: Order, input: CheckoutInput) {
  const { orders, clients } = context;
  const { id, amount } = order;
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
}
