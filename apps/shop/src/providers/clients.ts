import { circuitBreaker, type Logger, type Metrics, type RetryOptions } from '@int/core';
import { createFedEx, type FedEx } from '@int/fedex';
import { createHubSpot, type HubSpot } from '@int/hubspot';
import { createMercadoPago, type MercadoPago } from '@int/mercadopago';
import { createStripe, type Stripe } from '@int/stripe';
import { createUPS, type UPS } from '@int/ups';
import type { ProviderName, ShopConfig } from '../config.js';
import type { SandboxUrls } from '../sandbox/sandbox.js';
import type { Backends } from './backends.js';

export interface ProviderClients {
  stripe: Stripe;
  fedex: FedEx;
  hubspot: HubSpot;
  mercadopago: MercadoPago;
  ups: UPS;
}

/** Credentials the sandbox fakes accept; they open nothing real. */
export const SANDBOX_CREDENTIALS = {
  stripeSecretKey: 'sk_test_int_shop_sandbox',
  fedexClientId: 'test-client-id',
  fedexClientSecret: 'test-client-secret',
  fedexAccountNumber: '740561073',
  hubspotAccessToken: 'pat-sandbox-int-shop',
  mercadopagoAccessToken: 'TEST-int-shop-sandbox-token',
  upsClientId: 'test-client-id',
  upsClientSecret: 'test-client-secret',
  upsAccountNumber: 'A1B2C3',
} as const;

function baseUrl(
  config: ShopConfig,
  provider: ProviderName,
  sandbox: SandboxUrls | undefined,
): string | undefined {
  const target = config[provider];
  if (target.baseURL) return target.baseURL;
  if (target.mode === 'sandbox') {
    if (!sandbox)
      throw new Error(`Sandbox fakes are not running but ${provider} is in sandbox mode.`);
    return sandbox[provider];
  }
  return undefined;
}

/**
 * The five clients, sharing one metrics object (the dashboard's source), one
 * redacting logger, the token store and, with Redis, shared rate limiters.
 * A provider without keys talks to its fake; with keys, to its real API.
 */
export function createClients(options: {
  config: ShopConfig;
  backends: Backends;
  metrics: Metrics;
  logger: Logger;
  sandbox: SandboxUrls | undefined;
  retry?: RetryOptions;
}): ProviderClients {
  const { config, backends, metrics, logger, sandbox } = options;
  const retry = options.retry;
  // One breaker per provider and account, its state in the shared store: when a provider is down every shop
  // process stops calling it, and jobs wait for the next probe instead of spending attempts.
  const breaker = config.circuitBreaker
    ? { circuitBreaker: circuitBreaker({ store: backends.circuitStore }) }
    : {};
  const common = { metrics, logger, ...breaker, ...(retry ? { retry } : {}) };

  const stripeUrl = baseUrl(config, 'stripe', sandbox);
  const stripe = createStripe({
    ...common,
    ...(config.stripe.mode === 'sandbox' ? { secretKey: SANDBOX_CREDENTIALS.stripeSecretKey } : {}),
    ...(stripeUrl ? { baseURL: stripeUrl } : {}),
    ...(backends.rateLimiters.stripe ? { rateLimiter: backends.rateLimiters.stripe } : {}),
    timeoutMs: 20_000,
  });

  const fedexUrl = baseUrl(config, 'fedex', sandbox);
  const fedex = createFedEx({
    ...common,
    ...(config.fedex.mode === 'sandbox'
      ? {
          clientId: SANDBOX_CREDENTIALS.fedexClientId,
          clientSecret: SANDBOX_CREDENTIALS.fedexClientSecret,
          accountNumber: SANDBOX_CREDENTIALS.fedexAccountNumber,
        }
      : {}),
    ...(fedexUrl ? { baseURL: fedexUrl } : {}),
    environment: process.env.FEDEX_ENVIRONMENT === 'production' ? 'production' : 'sandbox',
    tokenStore: backends.tokenStore,
    ...(backends.rateLimiters.fedex ? { rateLimiter: backends.rateLimiters.fedex } : {}),
    timeoutMs: 20_000,
  });

  const hubspotUrl = baseUrl(config, 'hubspot', sandbox);
  const hubspot = createHubSpot({
    ...(config.hubspot.mode === 'sandbox'
      ? { accessToken: SANDBOX_CREDENTIALS.hubspotAccessToken }
      : {}),
    ...common,
    ...(hubspotUrl ? { baseURL: hubspotUrl } : {}),
    ...(backends.rateLimiters.hubspot ? { rateLimiter: backends.rateLimiters.hubspot } : {}),
    timeoutMs: 20_000,
  });

  const mercadopagoUrl = baseUrl(config, 'mercadopago', sandbox);
  const mercadopago = createMercadoPago({
    ...common,
    ...(config.mercadopago.mode === 'sandbox'
      ? { accessToken: SANDBOX_CREDENTIALS.mercadopagoAccessToken }
      : {}),
    ...(mercadopagoUrl ? { baseURL: mercadopagoUrl } : {}),
    // Pix is Brazil's: amounts are checked against the real's two decimals before sending.
    currency: 'BRL',
    ...(backends.rateLimiters.mercadopago
      ? { rateLimiter: backends.rateLimiters.mercadopago }
      : {}),
    timeoutMs: 20_000,
  });

  const upsUrl = baseUrl(config, 'ups', sandbox);
  const ups = createUPS({
    ...common,
    ...(config.ups.mode === 'sandbox'
      ? {
          clientId: SANDBOX_CREDENTIALS.upsClientId,
          clientSecret: SANDBOX_CREDENTIALS.upsClientSecret,
          accountNumber: SANDBOX_CREDENTIALS.upsAccountNumber,
        }
      : {}),
    ...(upsUrl ? { baseURL: upsUrl } : {}),
    environment: process.env.UPS_ENVIRONMENT === 'production' ? 'production' : 'test',
    tokenStore: backends.tokenStore,
    transactionSrc: 'int-shop',
    ...(backends.rateLimiters.ups ? { rateLimiter: backends.rateLimiters.ups } : {}),
    timeoutMs: 20_000,
  });
  return { stripe, fedex, hubspot, mercadopago, ups };
}
