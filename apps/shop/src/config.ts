import { resolve } from 'node:path';
import { ConfigurationError } from '@int/core';

export type ProviderMode = 'sandbox' | 'live';

/** Every provider the shop calls, in the order the dashboard shows them. */
export const PROVIDER_NAMES = ['stripe', 'mercadopago', 'fedex', 'ups', 'hubspot'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export const CARRIERS = ['fedex', 'ups'] as const;
export type Carrier = (typeof CARRIERS)[number];

/** Where one provider is reached: its own sandbox fake, or its real API with keys from the environment. */
export interface ProviderTarget {
  mode: ProviderMode;
  /** Set in sandbox mode (the fake's URL) or when a base URL is forced by env. */
  baseURL: string | undefined;
}

export interface ShopConfig {
  port: number;
  host: string;
  /** Folder of the SQLite file and sandbox keys. */
  dataDir: string;
  /** `redis://...` switches queue, inbox, token store and rate limiters to Redis. */
  redisUrl: string | undefined;
  /** Prefix of every Redis key the shop writes. */
  redisPrefix: string;
  /** A fakes server started elsewhere (`src/sandbox/fakes-main.ts`); its control URL. */
  fakesUrl: string | undefined;
  /** `SHOP_FAKES_TOKEN`: the token that fakes process printed; required with `fakesUrl`. */
  fakesToken: string | undefined;
  stripe: ProviderTarget;
  fedex: ProviderTarget;
  hubspot: ProviderTarget;
  /** Pix payments: live with `MERCADOPAGO_ACCESS_TOKEN` and `MERCADOPAGO_WEBHOOK_SECRET`. */
  mercadopago: ProviderTarget;
  /** The second carrier: live with `UPS_CLIENT_ID`, `UPS_CLIENT_SECRET` and `UPS_ACCOUNT_NUMBER`. */
  ups: ProviderTarget;
  /**
   * `MERCADOPAGO_WEBHOOK_SECRET`, the application's secret signature. Required
   * with live MercadoPago; in the sandbox the fake's secret is used (random per
   * fakes process), unless this is set.
   */
  mercadopagoWebhookSecret: string | undefined;
  /** Carriers the shop quotes (`SHOP_CARRIERS`, default `fedex,ups`): the cheapest fitting service wins. */
  carriers: Carrier[];
  /** `SHOP_RATE_TIMEOUT_MS`: how long one carrier's quote may take, retries included (default 10 000). */
  rateQuoteTimeoutMs: number;
  /**
   * `STRIPE_WEBHOOK_SECRET`. Required with live Stripe; in the sandbox the
   * fake's secret is used (random per fakes process), unless this is set.
   */
  stripeWebhookSecret: string | undefined;
  /** Health and percentiles look at calls this recent. */
  healthWindowMs: number;
  /**
   * `SHOP_ALERT_WEBHOOK_URL` and `SHOP_ALERT_WEBHOOK_SECRET` (`whsec_...`):
   * where provider health alerts are POSTed, signed with Standard Webhooks.
   * Undefined: alerts go to the log and the dashboard only.
   */
  alertWebhook: { url: string; secret: string } | undefined;
  /** Calls in the health window below which no alert is raised (`SHOP_ALERT_MIN_CALLS`). */
  alertMinimumCalls: number;
  jobAttempts: number;
  jobBackoffMs: number;
  jobMaxBackoffMs: number;
  /** A job whose process died runs again once its lease lapses. Undefined keeps the queue's default (3 s). */
  jobLeaseMs: number | undefined;
  /** A circuit breaker per provider (core's defaults, state in the queue's store). `SHOP_CIRCUIT_BREAKER=off` turns it off. */
  circuitBreaker: boolean;
  /** How often (and after how long) confirmed orders without a webhook are checked at Stripe. */
  reconcileMs: number;
  /** The public URL printed at start and given to the sandbox Stripe fake for webhooks. */
  publicUrl: string;
  /**
   * Order-creating requests (`POST /api/orders`, `/orders`, the demo) one client
   * may make per `orderRateWindowMs`; past it a 429. `SHOP_ORDER_RATE_LIMIT`,
   * default 10; 0 switches the limit off.
   */
  orderRateLimit: number;
  /** `SHOP_ORDER_RATE_WINDOW_MS`, default 60 000. */
  orderRateWindowMs: number;
  /** Client retries per call and their first backoff; undefined keeps each package's defaults. */
  providerRetry: { maxRetries: number; baseDelayMs: number } | undefined;
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigurationError(`${name} must be an integer >= ${min}, got "${raw}".`, {
      option: name,
    });
  }
  return value;
}

const present = (env: Env, name: string) => (env[name] ?? '').trim().length > 0;

/** A provider whose keys come as a set: all of them (live), none (sandbox), or a `ConfigurationError`. */
function allOrNone(env: Env, label: string, provider: string, keys: string[]): boolean {
  const set = keys.filter((name) => present(env, name));
  if (set.length > 0 && set.length < keys.length) {
    const missing = keys.filter((name) => !present(env, name)).join(', ');
    throw new ConfigurationError(`${label} needs all of ${keys.join(', ')}; missing ${missing}.`, {
      option: missing,
      provider,
    });
  }
  return set.length === keys.length;
}

/** `SHOP_CARRIERS`: a comma-separated subset of `fedex,ups` (default both). */
function parseCarriers(raw: string | undefined): Carrier[] {
  if (raw === undefined || raw.trim() === '') return [...CARRIERS];
  const names = raw.split(',').map((name) => name.trim().toLowerCase());
  const unknown = names.filter((name) => !(CARRIERS as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new ConfigurationError(
      `SHOP_CARRIERS must list carriers out of ${CARRIERS.join(', ')}; got "${raw}".`,
      { option: 'SHOP_CARRIERS' },
    );
  }
  return CARRIERS.filter((carrier) => names.includes(carrier));
}

/** Reads the shop's settings from the environment; a provider is live only when all its keys are set. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): ShopConfig {
  const port = integer(env, 'PORT', 3000, 0);
  const host = env.HOST?.trim() || '127.0.0.1';
  const stripeLive = present(env, 'STRIPE_SECRET_KEY');
  if (stripeLive && !present(env, 'STRIPE_WEBHOOK_SECRET')) {
    throw new ConfigurationError(
      'STRIPE_SECRET_KEY is set but STRIPE_WEBHOOK_SECRET is not: the shop cannot verify Stripe webhooks without it.',
      { option: 'STRIPE_WEBHOOK_SECRET', provider: 'stripe' },
    );
  }
  const fedexLive = allOrNone(env, 'FedEx', 'fedex', [
    'FEDEX_CLIENT_ID',
    'FEDEX_CLIENT_SECRET',
    'FEDEX_ACCOUNT_NUMBER',
  ]);
  const upsLive = allOrNone(env, 'UPS', 'ups', [
    'UPS_CLIENT_ID',
    'UPS_CLIENT_SECRET',
    'UPS_ACCOUNT_NUMBER',
  ]);
  // Without the secret no notification could be verified, so no Pix order could ever be paid.
  const mercadopagoLive = allOrNone(env, 'MercadoPago', 'mercadopago', [
    'MERCADOPAGO_ACCESS_TOKEN',
    'MERCADOPAGO_WEBHOOK_SECRET',
  ]);
  const hubspotLive = present(env, 'HUBSPOT_ACCESS_TOKEN');
  const carriers = parseCarriers(env.SHOP_CARRIERS);
  const target = (live: boolean, urlName: string): ProviderTarget => ({
    mode: live ? 'live' : 'sandbox',
    baseURL: env[urlName]?.trim() || undefined,
  });
  const alertUrl = env.SHOP_ALERT_WEBHOOK_URL?.trim() || undefined;
  const alertSecret = env.SHOP_ALERT_WEBHOOK_SECRET?.trim() || undefined;
  if (alertUrl && !alertSecret) {
    throw new ConfigurationError(
      'SHOP_ALERT_WEBHOOK_URL is set but SHOP_ALERT_WEBHOOK_SECRET is not: alerts are always signed (a `whsec_...` secret the receiver shares).',
      { option: 'SHOP_ALERT_WEBHOOK_SECRET' },
    );
  }
  const publicUrl =
    env.SHOP_PUBLIC_URL?.trim() || `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  if (!URL.canParse(publicUrl) || !['http:', 'https:'].includes(new URL(publicUrl).protocol)) {
    throw new ConfigurationError(`SHOP_PUBLIC_URL must be an http(s) URL, got "${publicUrl}".`, {
      option: 'SHOP_PUBLIC_URL',
    });
  }
  const fakesUrl = env.SHOP_FAKES_URL?.trim() || undefined;
  const fakesToken = env.SHOP_FAKES_TOKEN?.trim() || undefined;
  if (fakesUrl && !fakesToken) {
    throw new ConfigurationError(
      'SHOP_FAKES_URL is set but SHOP_FAKES_TOKEN is not: the fakes control server takes only requests with the token it printed at start.',
      { option: 'SHOP_FAKES_TOKEN' },
    );
  }
  return {
    port,
    host,
    dataDir: resolve(cwd, env.SHOP_DATA_DIR?.trim() || '.data'),
    redisUrl: env.REDIS_URL?.trim() || undefined,
    redisPrefix: env.SHOP_REDIS_PREFIX?.trim() || 'int-shop',
    fakesUrl,
    fakesToken,
    stripe: target(stripeLive, 'STRIPE_BASE_URL'),
    fedex: target(fedexLive, 'FEDEX_BASE_URL'),
    hubspot: target(hubspotLive, 'HUBSPOT_BASE_URL'),
    mercadopago: target(mercadopagoLive, 'MERCADOPAGO_BASE_URL'),
    ups: target(upsLive, 'UPS_BASE_URL'),
    stripeWebhookSecret: env.STRIPE_WEBHOOK_SECRET?.trim() || undefined,
    mercadopagoWebhookSecret: env.MERCADOPAGO_WEBHOOK_SECRET?.trim() || undefined,
    carriers,
    rateQuoteTimeoutMs: integer(env, 'SHOP_RATE_TIMEOUT_MS', 10_000, 100),
    healthWindowMs: integer(env, 'SHOP_HEALTH_WINDOW_MS', 60_000, 100),
    alertWebhook: alertUrl && alertSecret ? { url: alertUrl, secret: alertSecret } : undefined,
    alertMinimumCalls: integer(env, 'SHOP_ALERT_MIN_CALLS', 10, 1),
    jobAttempts: integer(env, 'SHOP_JOB_ATTEMPTS', 6, 1),
    jobBackoffMs: integer(env, 'SHOP_JOB_BACKOFF_MS', 1_000, 1),
    jobMaxBackoffMs: integer(env, 'SHOP_JOB_MAX_BACKOFF_MS', 30_000, 1),
    jobLeaseMs: env.SHOP_JOB_LEASE_MS ? integer(env, 'SHOP_JOB_LEASE_MS', 3_000, 30) : undefined,
    circuitBreaker: env.SHOP_CIRCUIT_BREAKER !== 'off',
    reconcileMs: integer(env, 'SHOP_RECONCILE_MS', 30_000, 10),
    publicUrl,
    orderRateLimit: integer(env, 'SHOP_ORDER_RATE_LIMIT', 10, 0),
    orderRateWindowMs: integer(env, 'SHOP_ORDER_RATE_WINDOW_MS', 60_000, 1_000),
    providerRetry:
      env.SHOP_PROVIDER_MAX_RETRIES === undefined
        ? undefined
        : {
            maxRetries: integer(env, 'SHOP_PROVIDER_MAX_RETRIES', 2, 0),
            baseDelayMs: integer(env, 'SHOP_PROVIDER_RETRY_DELAY_MS', 500, 1),
          },
  };
}
