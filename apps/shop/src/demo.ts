import { ConfigurationError } from '@int/core';
import { parseCheckoutInput } from './flow/checkout-input.js';
import { placeOrder } from './flow/place-order.js';
import type { ShopContext } from './shop-context.js';
import type { Order } from './store/order-types.js';

const CUSTOMERS = [
  {
    email: 'grace@example.com',
    name: 'Grace Hopper',
    street: '1 Navy Way',
    city: 'Arlington',
    state: 'VA',
    postalCode: '22202',
  },
  {
    email: 'alan@example.com',
    name: 'Alan Turing',
    street: '9 Bletchley Rd',
    city: 'Princeton',
    state: 'NJ',
    postalCode: '08540',
  },
  {
    email: 'katherine@example.com',
    name: 'Katherine Johnson',
    street: '1 NASA Dr',
    city: 'Hampton',
    state: 'VA',
    postalCode: '23666',
  },
  {
    email: 'linus@example.com',
    name: 'Linus Pauling',
    street: '1200 E California Blvd',
    city: 'Pasadena',
    state: 'CA',
    postalCode: '91125',
  },
  {
    email: 'barbara@example.com',
    name: 'Barbara Liskov',
    street: '32 Vassar St',
    city: 'Cambridge',
    state: 'MA',
    postalCode: '02139',
  },
];

/**
 * A handful of orders so the dashboard has something to show: most succeed,
 * one card is declined, and both carriers have a short outage at once (their
 * fakes answer 503 to the next rate quotes), which the ship-order jobs ride
 * out with retries: with one carrier down, rate shopping would simply use
 * the other.
 */
export async function runDemo(context: ShopContext): Promise<Order[]> {
  if (
    !context.sandbox ||
    context.config.fedex.mode !== 'sandbox' ||
    context.config.ups.mode !== 'sandbox'
  ) {
    throw new ConfigurationError(
      'The demo runs in sandbox mode only (it injects a carrier outage).',
      {
        option: 'FEDEX_CLIENT_ID',
      },
    );
  }
  const orders: Order[] = [];
  const place = async (index: number, paymentMethod: string, skus: string[]) => {
    const customer = CUSTOMERS[index % CUSTOMERS.length]!;
    const input = parseCheckoutInput({
      email: customer.email,
      paymentMethod,
      items: skus.map((sku, position) => ({ sku, quantity: position + 1 })),
      address: { ...customer, phone: '2125550100', country: 'US' },
    });
    orders.push((await placeOrder(context, input)).order);
  };
  await place(0, 'pm_card_visa', ['MUG-01', 'TEE-01']);
  await place(1, 'pm_card_chargeDeclined', ['LAMP-01']);
  // Six failed quotes at each carrier: two orders' first attempts fail, then both are back.
  await context.sandbox.applyFault({
    provider: 'fedex',
    status: 503,
    times: 6,
    path: '/rate/',
  });
  await context.sandbox.applyFault({
    provider: 'ups',
    status: 503,
    times: 6,
    path: '/api/rating/',
  });
  await place(2, 'pm_card_visa', ['BAG-01']);
  await place(3, 'pm_card_mastercard', ['TEE-01', 'MUG-01']);
  await place(4, 'pm_card_visa', ['LAMP-01', 'BAG-01']);
  context.logger.info(
    { event: 'demo_started', orders: orders.map((order) => order.id) },
    'Demo orders placed',
  );
  return orders;
}
