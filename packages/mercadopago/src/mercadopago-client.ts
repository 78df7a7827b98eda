import { bearer, ConfigurationError, createProviderClient, lazySecret } from '@int/core';
import { customersResource } from './customers.js';
import type { MercadoPago, MercadoPagoOptions } from './mercadopago-client-types.js';
import { mercadoPagoErrorDetails, parseMercadoPagoError } from './mercadopago-errors.js';
import { defineOperation } from './mercadopago-params.js';
import type { PaymentMethod } from './mercadopago-types.js';
import { CURRENCY_DECIMALS } from './money.js';
import { paymentsResources } from './payments.js';
import { preferencesResource } from './preferences.js';
import { VERSION } from './version.js';

const listPaymentMethods = defineOperation<PaymentMethod[]>(
  'paymentMethods.list',
  'GET',
  '/v1/payment_methods',
);

function checkOptions(options: MercadoPagoOptions): void {
  const { accessToken: token, currency } = options ?? {};
  const fail = (option: string, message: string) => {
    throw new ConfigurationError(`${option} ${message} when given.`, {
      option,
      provider: 'mercadopago',
    });
  };
  if (token !== undefined && (typeof token !== 'string' || token.trim() === '')) {
    fail('accessToken', 'must be a non-empty string');
  }
  // A non-string key would be converted (an array holding a symbol throws a TypeError).
  const known = typeof currency === 'string' && Object.hasOwn(CURRENCY_DECIMALS, currency);
  if (currency !== undefined && !known) {
    fail('currency', `must be one of ${Object.keys(CURRENCY_DECIMALS).join(', ')}`);
  }
}

/**
 * A MercadoPago client on the int pipeline. Creating it reads nothing: the Access
 * Token (option or `MERCADOPAGO_ACCESS_TOKEN`) is read at the first API call.
 */
export function createMercadoPago(options: MercadoPagoOptions = {}): MercadoPago {
  checkOptions(options);
  const accessToken = lazySecret({
    provider: 'mercadopago',
    option: 'accessToken',
    envVar: 'MERCADOPAGO_ACCESS_TOKEN',
    label: 'MercadoPago access token',
    value: options?.accessToken,
  });
  const client = createProviderClient(
    {
      name: 'mercadopago',
      defaultBaseURL: 'https://api.mercadopago.com',
      auth: bearer(accessToken),
      userAgent: `int-mercadopago/${VERSION}`,
      idempotencyKeys: 'auto',
      idempotencyHeader: 'X-Idempotency-Key',
      requestIdHeaders: ['x-request-id'],
      parseError: parseMercadoPagoError,
      errorDetails: mercadoPagoErrorDetails,
      // A missing token fails here, before anything is sent or logged.
      prepare: () => void accessToken(),
    },
    options,
  );
  const decimals = options?.currency ? CURRENCY_DECIMALS[options.currency] : 2;
  return {
    ...paymentsResources(client, decimals),
    customers: customersResource(client),
    preferences: preferencesResource(client, decimals),
    paymentMethods: {
      list: (requestOptions) => client.call(listPaymentMethods, {}, requestOptions),
    },
  };
}
