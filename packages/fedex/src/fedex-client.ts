import {
  type AuthStrategy,
  ConfigurationError,
  createProviderClient,
  describeValue,
  lazySecret,
  memoryRateLimiter,
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
import { checkString, isRecord } from './validation.js';
import { USER_AGENT } from './version.js';

export const FEDEX_BASE_URLS: Record<FedExEnvironment, string> = {
  sandbox: 'https://apis-sandbox.fedex.com',
  production: 'https://apis.fedex.com',
};

const isPositiveInteger = (value: unknown) => Number.isInteger(value) && Number(value) > 0;
const oneOf = (list: ReadonlyArray<unknown>) => (value: unknown) => list.includes(value);
const hasMethod = (name: string) => (value: unknown) =>
  typeof (value as Record<string, unknown> | null)?.[name] === 'function';

/** FedEx's own options, checked when the client is created: each is absent or passes. */
const CHECKS: ReadonlyArray<[keyof FedExOptions, string, (value: unknown) => boolean]> = [
  ['environment', "'sandbox' or 'production'", oneOf(['sandbox', 'production'])],
  ['trackingConcurrency', 'a positive integer', isPositiveInteger],
  ['locale', 'a locale such as en_US', (value) => typeof value === 'string' && value !== ''],
  ['grantType', GRANT_TYPES.join(', '), oneOf(GRANT_TYPES)],
  ['tokenGuard', 'an object with acquire()', hasMethod('acquire')],
  ['tokenStore', 'a TokenStore', hasMethod('withLock')],
];

const SECRETS = {
  clientId: ['FEDEX_CLIENT_ID', 'FedEx client id (API key)'],
  clientSecret: ['FEDEX_CLIENT_SECRET', 'FedEx client secret'],
  accountNumber: ['FEDEX_ACCOUNT_NUMBER', 'FedEx account number'],
} as const;

/** Read at the first call that needs it, from the option or else the environment. */
const secret = (options: FedExOptions, option: keyof typeof SECRETS) =>
  lazySecret({
    provider: 'fedex',
    option,
    envVar: SECRETS[option][0],
    label: SECRETS[option][1],
    value: options[option],
  });

/**
 * A FedEx REST client. Nothing is read from the environment and no token is
 * fetched until the first call.
 */
export function createFedEx(options: FedExOptions = {}): FedEx {
  if (!isRecord(options as unknown)) {
    throw new ConfigurationError('createFedEx options must be an object when given.', {
      provider: 'fedex',
      option: 'options',
    });
  }
  for (const [option, expected, valid] of CHECKS) {
    const value = options[option];
    if (value !== undefined && !valid(value)) {
      throw new ConfigurationError(`${option} must be ${expected}, got ${describeValue(value)}.`, {
        provider: 'fedex',
        option,
      });
    }
  }
  const { environment = 'sandbox', locale } = options;
  const clock = toClock(options.clock);
  const [clientId, clientSecret] = [secret(options, 'clientId'), secret(options, 'clientSecret')];
  let oauth: AuthStrategy | undefined;
  // Built at the first call: the credentials are read then, never before.
  const authorize = (): AuthStrategy =>
    (oauth ??= fedexAuth({
      ...options,
      baseURL: client.baseURL,
      environment,
      clientId: clientId(),
      clientSecret: clientSecret(),
      clock: client.clock,
    }));
  const client = createProviderClient<RequestOptions>(
    {
      name: 'fedex',
      defaultBaseURL: FEDEX_BASE_URLS[environment],
      userAgent: USER_AGENT,
      auth: {
        apply: (request) => authorize().apply(request),
        refresh: async (context) => authorize().refresh?.(context),
        secrets: () => oauth?.secrets?.() ?? [],
      },
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
          checkString(issues, ['options', 'customerTransactionId'], id),
        headers: ({ customerTransactionId }) => ({
          'x-customer-transaction-id': customerTransactionId ?? globalThis.crypto.randomUUID(),
          'x-locale': locale,
        }),
      },
      prepare: () => void authorize(),
    },
    { ...options, rateLimiter: options.rateLimiter || undefined },
  );
  const context: FedExContext = {
    client,
    accountNumber: secret(options, 'accountNumber'),
    trackingConcurrency: options.trackingConcurrency ?? 3,
  };
  return {
    rates: createRates(context),
    shipments: createShipments(context),
    tracking: createTracking(context),
    addresses: createAddresses(context),
  };
}
