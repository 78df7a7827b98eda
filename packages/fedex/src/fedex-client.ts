import {
  checkProviderOptions,
  checkText,
  createProviderClient,
  lazyAuth,
  lazySecrets,
  memoryRateLimiter,
  type OptionCheck,
  toClock,
} from '@int/core';
import { createAddresses } from './addresses.js';
import { fedexAuth, GRANT_TYPES } from './fedex-auth.js';
import type { FedEx, FedExContext } from './fedex-client-types.js';
import {
  createFedExError,
  fedexErrorDetails,
  fedexRetryHint,
  parseFedExError,
} from './fedex-errors.js';
import type { FedExEnvironment, FedExOptions, RequestOptions } from './fedex-option-types.js';
import { createRates } from './rates.js';
import { createShipments } from './shipments.js';
import { createTracking } from './tracking.js';
import { USER_AGENT } from './version.js';

export const FEDEX_BASE_URLS: Record<FedExEnvironment, string> = {
  sandbox: 'https://apis-sandbox.fedex.com',
  production: 'https://apis.fedex.com',
};

const isPositiveInteger = (value: unknown) => Number.isInteger(value) && Number(value) > 0;
const isNonEmpty = (value: unknown) => typeof value === 'string' && value !== '';
const oneOf = (list: ReadonlyArray<unknown>) => (value: unknown) => list.includes(value);
const hasMethod = (name: string) => (value: unknown) =>
  typeof (value as Record<string, unknown> | null)?.[name] === 'function';

/** FedEx's own options, checked when the client is created: each is absent or passes. */
const CHECKS: ReadonlyArray<OptionCheck<FedExOptions>> = [
  ['environment', "'sandbox' or 'production'", oneOf(['sandbox', 'production'])],
  ['trackingConcurrency', 'a positive integer', isPositiveInteger],
  ['locale', 'a locale such as en_US', isNonEmpty],
  ['childKey', 'a non-empty string', isNonEmpty],
  ['childSecret', 'a non-empty string', isNonEmpty],
  ['grantType', GRANT_TYPES.join(', '), oneOf(GRANT_TYPES)],
  ['tokenGuard', 'an object with acquire()', hasMethod('acquire')],
  ['tokenStore', 'a TokenStore', hasMethod('withLock')],
];

/**
 * A FedEx REST client. Nothing is read from the environment and no token is
 * fetched until the first call.
 */
export function createFedEx(options: FedExOptions = {}): FedEx {
  checkProviderOptions('fedex', 'createFedEx', options, CHECKS);
  const { environment = 'sandbox', locale } = options;
  const clock = toClock(options.clock);
  // Read at the first call that needs them, from the option or else the environment.
  const secrets = lazySecrets('fedex', options, {
    clientId: ['FEDEX_CLIENT_ID', 'FedEx client id (API key)'],
    clientSecret: ['FEDEX_CLIENT_SECRET', 'FedEx client secret'],
    accountNumber: ['FEDEX_ACCOUNT_NUMBER', 'FedEx account number'],
  });
  // Built at the first call: the credentials are read then, never before.
  const auth = lazyAuth(() =>
    fedexAuth({
      ...options,
      baseURL: client.baseURL,
      environment,
      clientId: secrets.clientId(),
      clientSecret: secrets.clientSecret(),
      clock: client.clock,
    }),
  );
  const client = createProviderClient<RequestOptions>(
    {
      name: 'fedex',
      defaultBaseURL: FEDEX_BASE_URLS[environment],
      userAgent: USER_AGENT,
      auth,
      rateLimiter:
        options.rateLimiter === false
          ? undefined
          : memoryRateLimiter({ limit: 1400, intervalMs: 10_000, clock }),
      retryHint: fedexRetryHint,
      parseError: parseFedExError,
      errorDetails: fedexErrorDetails,
      createError: createFedExError(clock),
      requestOptions: {
        check: ({ customerTransactionId: id }, issues) =>
          checkText(issues, ['options', 'customerTransactionId'], id),
        headers: ({ customerTransactionId }) => ({
          'x-customer-transaction-id': customerTransactionId ?? globalThis.crypto.randomUUID(),
          'x-locale': locale,
        }),
      },
      prepare: () => void [secrets.clientId(), secrets.clientSecret()],
    },
    { ...options, rateLimiter: options.rateLimiter || undefined },
  );
  const context: FedExContext = {
    client,
    accountNumber: secrets.accountNumber,
    trackingConcurrency: options.trackingConcurrency ?? 3,
  };
  return {
    rates: createRates(context),
    shipments: createShipments(context),
    tracking: createTracking(context),
    addresses: createAddresses(context),
  };
}
