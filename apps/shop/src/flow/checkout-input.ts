import { ValidationError, type ValidationIssue } from '@int/core';
import {
  COUNTRY_CODE,
  isEmailAddress,
  MAX_EMAIL_LENGTH,
  PAYMENT_METHOD,
  PHONE,
  STATE_CODE,
} from '../server/input-patterns.js';
import { productBySku } from '../store/catalog.js';
import {
  DELIVERY_OPTIONS,
  type DeliveryOption,
  type OrderItem,
  type ShippingAddress,
} from '../store/order-types.js';

/** The payment method that pays with Pix through MercadoPago instead of a card through Stripe. */
export const PIX = 'pix';

export interface CheckoutInput {
  email: string;
  items: OrderItem[];
  address: ShippingAddress;
  /** A Stripe PaymentMethod id (in sandbox a test card such as `pm_card_visa`), or `pix`. */
  paymentMethod: string;
  /** Default `standard`. */
  deliveryOption: DeliveryOption;
}

const MAX_QUANTITY = 20;
/** Lines in one order; the catalog is small, so anything past this is not a real basket. */
const MAX_ITEMS = 20;
const MAX_TEXT_LENGTH = 100;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/**
 * Checks an order as the JSON API or the form sends it, before anything is
 * stored or sent to a provider. Prices and weights come from the catalog,
 * never from the request.
 */
export function parseCheckoutInput(body: unknown): CheckoutInput {
  const issues: ValidationIssue[] = [];
  const input = isRecord(body) ? body : {};
  if (!isRecord(body)) issues.push({ path: [], message: 'must be a JSON object' });

  // Length first: no pattern ever sees a long field.
  const email = text(input.email);
  if (email.length > MAX_EMAIL_LENGTH) {
    issues.push({ path: ['email'], message: `must be at most ${MAX_EMAIL_LENGTH} characters` });
  } else if (!isEmailAddress(email)) {
    issues.push({ path: ['email'], message: 'must be an email address' });
  }

  const paymentMethod = text(input.paymentMethod) || 'pm_card_visa';
  const pix = paymentMethod === PIX;
  const items: OrderItem[] = [];
  if (!Array.isArray(input.items) || input.items.length === 0) {
    issues.push({ path: ['items'], message: 'must list at least one item' });
  } else if (input.items.length > MAX_ITEMS) {
    issues.push({ path: ['items'], message: `must list at most ${MAX_ITEMS} items` });
  } else {
    input.items.forEach((raw: unknown, index) => {
      const item = isRecord(raw) ? raw : {};
      const product = productBySku(text(item.sku));
      const quantity = Number(item.quantity ?? 1);
      if (!product) issues.push({ path: ['items', index, 'sku'], message: 'unknown product' });
      if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
        issues.push({
          path: ['items', index, 'quantity'],
          message: `must be a whole number from 1 to ${MAX_QUANTITY}`,
        });
      }
      if (product && Number.isInteger(quantity) && quantity >= 1 && quantity <= MAX_QUANTITY) {
        items.push({
          sku: product.sku,
          name: product.name,
          quantity,
          unitAmount: pix ? product.unitAmountBrl : product.unitAmount,
          weightLb: product.weightLb,
        });
      }
    });
  }

  const rawAddress = isRecord(input.address) ? input.address : {};
  if (!isRecord(input.address)) issues.push({ path: ['address'], message: 'is required' });
  const address: ShippingAddress = {
    name: text(rawAddress.name),
    phone: text(rawAddress.phone),
    street: text(rawAddress.street),
    city: text(rawAddress.city),
    state: text(rawAddress.state).toUpperCase(),
    postalCode: text(rawAddress.postalCode),
    country: (text(rawAddress.country) || 'US').toUpperCase(),
  };
  for (const field of ['name', 'street', 'city', 'postalCode'] as const) {
    if (address[field].length === 0 || address[field].length > MAX_TEXT_LENGTH) {
      issues.push({
        path: ['address', field],
        message: `is required (at most ${MAX_TEXT_LENGTH} characters)`,
      });
    }
  }
  if (address.phone.length > 20 || !PHONE.test(address.phone)) {
    issues.push({ path: ['address', 'phone'], message: 'must be a phone number' });
  }
  if (address.country.length !== 2 || !COUNTRY_CODE.test(address.country)) {
    issues.push({ path: ['address', 'country'], message: 'must be a two-letter country code' });
  }
  if (
    (address.country === 'US' || address.country === 'CA') &&
    (address.state.length !== 2 || !STATE_CODE.test(address.state))
  ) {
    issues.push({ path: ['address', 'state'], message: 'must be a two-letter state code' });
  }
  if (address.state.length > MAX_TEXT_LENGTH) {
    issues.push({
      path: ['address', 'state'],
      message: `must be at most ${MAX_TEXT_LENGTH} characters`,
    });
  }

  if (!pix && (paymentMethod.length > 203 || !PAYMENT_METHOD.test(paymentMethod))) {
    issues.push({ path: ['paymentMethod'], message: 'must be a PaymentMethod id (pm_...) or pix' });
  }

  const deliveryOption = (text(input.deliveryOption) || 'standard') as DeliveryOption;
  if (!DELIVERY_OPTIONS.includes(deliveryOption)) {
    issues.push({
      path: ['deliveryOption'],
      message: `must be one of ${DELIVERY_OPTIONS.join(', ')}`,
    });
  }

  if (issues.length > 0) throw new ValidationError(issues, { operation: 'orders.create' });
  return { email, items, address, paymentMethod, deliveryOption };
}

/** The form posts flat fields; this turns them into the JSON API's shape. */
export function checkoutBodyFromForm(
  form: Record<string, string | File | (string | File)[]>,
): unknown {
  const field = (name: string): string => {
    const value = form[name];
    const one = Array.isArray(value) ? value[0] : value;
    return typeof one === 'string' ? one : '';
  };
  const items = Object.keys(form)
    .filter((name) => name.startsWith('qty_'))
    .map((name) => ({ sku: name.slice(4), quantity: Number(field(name) || 0) }))
    .filter((item) => item.quantity > 0);
  return {
    email: field('email'),
    items,
    paymentMethod: field('paymentMethod'),
    deliveryOption: field('deliveryOption'),
    address: {
      name: field('name'),
      phone: field('phone'),
      street: field('street'),
      city: field('city'),
      state: field('state'),
      postalCode: field('postalCode'),
      country: field('country'),
    },
  };
}
