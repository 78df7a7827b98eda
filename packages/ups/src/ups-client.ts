import {
  ConfigurationError,
  checkProviderOptions,
  createProviderClient,
  lazyAuth,
  lazySecrets,
  type OptionCheck,
  oauth2ClientCredentials,
} from '@int/core';
import { createAddresses } from './addresses.js';
import { createRates } from './rates.js';
import { createShipments } from './shipments.js';
import { createTracking } from './tracking.js';
import { parseUPSError, upsErrorDetails } from './ups-errors.js';
import type { RequestOptions, UPS, UPSEnvironment, UPSOptions } from './ups-types.js';
import { checkText } from './validation.js';
import { USER_AGENT } from './version.js';

/** Hosts from the specs' `servers`: business APIs under `/api`, OAuth beside it. */
export const UPS_BASE_URLS: Record<UPSEnvironment, string> = {
  test: 'https://wwwcie.ups.com',
  production: 'https://onlinetools.ups.com',
};

/** UPS's own options, checked when the client is created: each is absent or matches. */
const CHECKS: ReadonlyArray<OptionCheck<UPSOptions>> = [
  ['environment', "'test' or 'production'", (value) => value === 'test' || value === 'production'],
  [
    'trackingConcurrency',
    'an integer from 1 to 64',
    (value) => Number.isInteger(value) && Number(value) > 0 && Number(value) <= 64,
  ],
  [
    'transactionSrc',
    'a string of 1 to 512 characters',
    (value) => typeof value === 'string' && /^.{1,512}$/.test(value),
  ],
  [
    'locale',
    'a locale such as en_US',
    (value) => typeof value === 'string' && /^[a-z]{2}_[A-Z]{2}$/.test(value),
  ],
  [
    'tokenStore',
    'a TokenStore',
    (value) => typeof (value as { withLock?: unknown })?.withLock === 'function',
  ],
];

/** A UPS REST client. Nothing is read from the environment and no token is fetched until the first call. */
export function createUPS(options: UPSOptions = {}): UPS {
  checkProviderOptions('ups', 'createUPS', options, CHECKS);
  const { environment = 'test', transactionSrc = 'int-ups' } = options;
  // Read at the first call that needs them, from the option or else the environment.
  const secrets = lazySecrets('ups', options, {
    clientId: ['UPS_CLIENT_ID', 'UPS client id'],
    clientSecret: ['UPS_CLIENT_SECRET', 'UPS client secret'],
    accountNumber: ['UPS_ACCOUNT_NUMBER', 'UPS account number'],
  });
  // Built at the first call: the credentials are read then, never before. Basic auth, form body.
  const auth = lazyAuth(() =>
    oauth2ClientCredentials({
      name: 'ups',
      tokenURL: `${client.baseURL}/security/v1/oauth/token`,
      clientId: secrets.clientId(),
      clientSecret: secrets.clientSecret(),
      tokenKey: `ups:${client.baseURL}:${secrets.clientId()}`,
      tokenStore: options.tokenStore,
      fetch: options.fetch,
      logger: options.logger,
      clock: client.clock,
      timeoutMs: options.timeoutMs,
    }),
  );
  const client = createProviderClient<RequestOptions>(
    {
      name: 'ups',
      defaultBaseURL: UPS_BASE_URLS[environment],
      versionPrefix: '/api',
      userAgent: USER_AGENT,
      auth,
      parseError: parseUPSError,
      errorDetails: upsErrorDetails,
      // A 429 is answered before UPS does anything: the caller may send it again.
      notActedOnStatuses: [429],
      requestOptions: {
        check: ({ transId }, issues) => checkText(issues, ['options', 'transId'], transId, 32),
        // `transId` identifies the request (32 characters); Tracking requires both headers.
        headers: ({ transId }) => ({
          transId: transId ?? crypto.randomUUID().replace(/-/g, ''),
          transactionSrc,
        }),
      },
      prepare: () => void [secrets.clientId(), secrets.clientSecret()],
    },
    options,
  );
  const accountNumber = () => {
    const value = secrets.accountNumber();
    if (/^[A-Z0-9]{6}$/i.test(value)) return value;
    throw new ConfigurationError('accountNumber must be your six-character UPS account number.', {
      provider: 'ups',
      option: 'accountNumber',
    });
  };
  const context = {
    client,
    accountNumber,
    locale: options.locale ?? 'en_US',
    trackingConcurrency: options.trackingConcurrency ?? 4,
  };
  return {
    rates: createRates(context),
    shipments: createShipments(context),
    tracking: createTracking(context),
    addresses: createAddresses(context),
  };
}
