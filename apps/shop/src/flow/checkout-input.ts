import { ValidationError, type ValidationIssue } from '@int/core';
import { productBySku } from '../store/catalog.js';
import type { OrderItem, ShippingAddress } from '../store/order-types.js';

export interface CheckoutInput {
  email: string;
  items: OrderItem[];
  address: ShippingAddress;
  /** A Stripe PaymentMethod id; in sandbox a test card such as `pm_card_visa`. */
  paymentMethod: string;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const COUNTRY = /^[A-Z]{2}$/;
const PAYMENT_METHOD = /^pm_[A-Za-z0-9_]{1,200}$/;
const MAX_QUANTITY = 20;

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

  const email = text(input.email);
  if (!EMAIL.test(email) || email.length > 254) {
    issues.push({ path: ['email'], message: 'must be an email address' });
  }

  const items: OrderItem[] = [];
  if (!Array.isArray(input.items) || input.items.length === 0) {
    issues.push({ path: ['items'], message: 'must list at least one item' });
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
          unitAmount: product.unitAmount,
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
    if (address[field].length === 0 || address[field].length > 100) {
      issues.push({ path: ['address', field], message: 'is required (at most 100 characters)' });
    }
  }
  if (!/^[0-9+()\-. ]{7,20}$/.test(address.phone)) {
    issues.push({ path: ['address', 'phone'], message: 'must be a phone number' });
  }
  if (!COUNTRY.test(address.country)) {
    issues.push({ path: ['address', 'country'], message: 'must be a two-letter country code' });
  }
  if ((address.country === 'US' || address.country === 'CA') && !/^[A-Z]{2}$/.test(address.state)) {
    issues.push({ path: ['address', 'state'], message: 'must be a two-letter state code' });
  }

  const paymentMethod = text(input.paymentMethod) || 'pm_card_visa';
  if (!PAYMENT_METHOD.test(paymentMethod)) {
    issues.push({ path: ['paymentMethod'], message: 'must be a PaymentMethod id (pm_...)' });
  }

  if (issues.length > 0) throw new ValidationError(issues, { operation: 'orders.create' });
  return { email, items, address, paymentMethod };
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
