import { describeProviderConformance } from '@int/core/testing';
import { createMercadoPago, type MercadoPago } from '../src/index.js';
import { createMercadoPagoFake } from '../src/testing/index.js';

// Core's provider conformance suite against the MercadoPago client and its fake.
await describeProviderConformance<MercadoPago>({
  name: 'mercadopago',
  secretOption: 'accessToken',
  envVar: 'MERCADOPAGO_ACCESS_TOKEN',
  secret: 'TEST-conformance-0123456789',
  baseURL: 'https://api.mercadopago.com',
  idempotencyHeader: 'X-Idempotency-Key',
  create: (options) => createMercadoPago(options),
  fake: () => createMercadoPagoFake(),
  read: (mercadoPago, options) => mercadoPago.paymentMethods.list(options),
  write: (mercadoPago, options) =>
    mercadoPago.preferences.create(
      { items: [{ title: 'Conformance', quantity: 1, unit_price: 10 }] },
      options,
    ),
  list: (mercadoPago) => mercadoPago.customers.search(),
  withId: (mercadoPago, id) => mercadoPago.payments.get(id),
});
