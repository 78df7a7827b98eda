import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Http2Bindings, type HttpBindings, serve } from '@hono/node-server';
import {
  ConfigurationError,
  consoleLogger,
  createMetrics,
  createWebhookInbox,
  type Logger,
  type LogLevel,
  type RetryOptions,
} from '@int/core';
import { mercadoPagoWebhookVerifier } from '@int/mercadopago';
import { stripeWebhookVerifier } from '@int/stripe';
import { PROVIDER_NAMES, type ShopConfig } from './config.js';
import { reconcilePayments } from './flow/reconcile-payments.js';
import { type OrderJob, shipOrder } from './flow/ship-order.js';
import { syncCrm } from './flow/sync-crm.js';
import { describeError } from './flow/tracked-call.js';
import { webhookHandlers } from './flow/webhook-handlers.js';
import { routeAlerts } from './observability/alert-history.js';
import { withCallLog } from './observability/call-log.js';
import { openBackends } from './providers/backends.js';
import { createClients } from './providers/clients.js';
import { startSandbox } from './sandbox/sandbox.js';
import { connectSandbox, type SandboxControl } from './sandbox/sandbox-control.js';
import { createApp } from './server/app.js';
import { createHttpDrain } from './server/http-drain.js';
import { shopOrigins } from './server/shop-origins.js';
import { JOB_NAMES, type ShopContext } from './shop-context.js';
import { OrderStore } from './store/order-store.js';
import { preparePrivateDatabaseFile, preparePrivateDir } from './store/private-files.js';

export interface RunningShop {
  url: string;
  context: ShopContext;
  close(): Promise<void>;
}

export interface StartShopOptions {
  logger?: Logger;
  /** Use these fakes instead of starting or connecting to any (tests). */
  sandbox?: SandboxControl;
  /** Client retry settings (tests shorten the backoff). */
  retry?: RetryOptions;
  /** How long shutdown waits for HTTP requests in flight. Default 10 s. */
  shutdownGraceMs?: number;
}

const needsSandbox = (config: ShopConfig) =>
  PROVIDER_NAMES.some((name) => config[name].mode === 'sandbox' && !config[name].baseURL);

/** In-process fakes whose Stripe delivers webhooks to this shop. */
async function ownSandbox(config: ShopConfig, url: string): Promise<SandboxControl> {
  const sandbox = await startSandbox({
    webhookUrl: `${url}/webhooks/stripe`,
    webhookSecret: config.stripeWebhookSecret,
    mercadopagoWebhookUrl: `${url}/webhooks/mercadopago`,
    mercadopagoWebhookSecret: config.mercadopagoWebhookSecret,
  });
  return {
    urls: sandbox.urls,
    webhookSecret: sandbox.webhookSecret,
    mercadopagoWebhookSecret: sandbox.mercadopagoWebhookSecret,
    payPix: async (paymentId) => sandbox.payPix(paymentId),
    applyFault: async (request) => sandbox.applyFault(request),
    clearFaults: async () => sandbox.clearFaults(),
    inspect: async () => sandbox.inspect(),
    close: () => sandbox.close(),
  };
}

/**
 * Starts the shop: HTTP first (so the sandbox Stripe fake knows where to
 * deliver webhooks), then stores, fakes, clients, the webhook inbox and the
 * job workers. Requests that arrive before that get a 503.
 */
export async function startShop(
  config: ShopConfig,
  options: StartShopOptions = {},
): Promise<RunningShop> {
  const logger =
    options.logger ??
    consoleLogger({ level: (process.env.INT_LOG_LEVEL as LogLevel | undefined) ?? 'info' });
  preparePrivateDir(config.dataDir);

  let handle:
    | ((request: Request, env: HttpBindings | Http2Bindings) => Response | Promise<Response>)
    | undefined;
  const http = createHttpDrain();
  const server = serve({
    fetch: http.wrap((request: Request, env: HttpBindings | Http2Bindings) =>
      handle ? handle(request, env) : new Response('starting', { status: 503 }),
    ),
    port: config.port,
    hostname: config.host,
  }) as Server;
  if (!server.listening) await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const url = config.port === 0 ? `http://${config.host}:${port}` : config.publicUrl;

  // Stopped last-started-first after HTTP: the reconcile timer, the queue (running attempts
  // finish while the fakes and stores are still there), then stores and fakes.
  const cleanups: Array<() => Promise<void> | void> = [];
  const step = async (name: string, cleanup: () => Promise<void> | void) => {
    try {
      await cleanup();
    } catch (error) {
      logger.warn(
        { event: 'shutdown_error', step: name, error: describeError(error) },
        'Cleanup failed',
      );
    }
  };
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      // First no new requests, and the ones in flight answered, so none meets a closed store.
      await step('http', () => http.drain(server, options.shutdownGraceMs ?? 10_000));
      for (const cleanup of [...cleanups].reverse()) await step('cleanup', cleanup);
    })();
    return closing;
  };

  try {
    let sandbox = options.sandbox;
    if (!sandbox && needsSandbox(config)) {
      sandbox = config.fakesUrl
        ? await connectSandbox(config.fakesUrl, config.fakesToken ?? '')
        : await ownSandbox(config, url);
      const started = sandbox;
      cleanups.push(() => started.close());
    }

    // Live Stripe: STRIPE_WEBHOOK_SECRET (loadConfig insists). Sandbox: the fake's own secret.
    const webhookSecret =
      config.stripe.mode === 'sandbox' && sandbox
        ? sandbox.webhookSecret
        : config.stripeWebhookSecret;
    if (!webhookSecret) {
      throw new ConfigurationError(
        'STRIPE_WEBHOOK_SECRET is required when Stripe is not served by the sandbox fakes.',
        { option: 'STRIPE_WEBHOOK_SECRET', provider: 'stripe' },
      );
    }

    // Live MercadoPago: MERCADOPAGO_WEBHOOK_SECRET (loadConfig insists). Sandbox: the fake's own.
    const mercadopagoSecret =
      config.mercadopago.mode === 'sandbox' && sandbox
        ? sandbox.mercadopagoWebhookSecret
        : config.mercadopagoWebhookSecret;
    if (!mercadopagoSecret) {
      throw new ConfigurationError(
        'MERCADOPAGO_WEBHOOK_SECRET is required when MercadoPago is not served by the sandbox fakes.',
        { option: 'MERCADOPAGO_WEBHOOK_SECRET', provider: 'mercadopago' },
      );
    }

    const databaseFile = join(config.dataDir, 'shop.db');
    preparePrivateDatabaseFile(databaseFile);
    const orders = new OrderStore(databaseFile);
    cleanups.push(() => orders.close());
    const backends = openBackends(config, logger);
    cleanups.push(() => backends.close());

    // One metrics object for the five clients: the dashboard reads health from it.
    const { metrics, log: calls } = withCallLog(
      createMetrics({
        windowMs: config.healthWindowMs,
        hysteresis: { minimumCalls: config.alertMinimumCalls },
        logger,
      }),
    );
    const alerts = routeAlerts({ metrics, logger, webhook: config.alertWebhook });
    const clients = createClients({
      config,
      backends,
      metrics,
      logger,
      sandbox: sandbox?.urls,
      ...(options.retry || config.providerRetry
        ? { retry: options.retry ?? config.providerRetry }
        : {}),
    });

    const context: ShopContext = {
      config,
      orders,
      queue: backends.queue,
      inbox: undefined as unknown as ShopContext['inbox'],
      inboxStore: backends.inboxStore,
      clients,
      metrics,
      calls,
      alerts,
      logger,
      sandbox,
      backendKind: backends.kind,
      now: Date.now,
    };
    context.inbox = createWebhookInbox({
      queue: backends.queue,
      store: backends.inboxStore,
      verifiers: {
        stripe: stripeWebhookVerifier(webhookSecret),
        mercadopago: mercadoPagoWebhookVerifier(mercadopagoSecret),
      },
      handlers: webhookHandlers(context),
      logger,
      attempts: config.jobAttempts,
    });
    // The queue closes first on shutdown: running attempts finish before the stores go.
    cleanups.push(() => backends.queue.close());

    await context.inbox.start({ concurrency: 2 });
    await backends.queue.process<OrderJob>(
      JOB_NAMES.shipOrder,
      (payload, job) => shipOrder(context, payload, job),
      { concurrency: 2, timeoutMs: 120_000 },
    );
    await backends.queue.process<OrderJob>(
      JOB_NAMES.syncCrm,
      (payload, job) => syncCrm(context, payload, job),
      { concurrency: 2, timeoutMs: 120_000 },
    );

    // A webhook lost while the shop was down would leave its order "confirmed" forever.
    let reconciling = false;
    const reconcileTimer = setInterval(() => {
      if (reconciling) return;
      reconciling = true;
      reconcilePayments(context, config.reconcileMs)
        .catch((error: unknown) => {
          // E.g. the store closing under it at shutdown: logged, never an unhandled rejection.
          logger.error(
            { event: 'reconcile_error', error: describeError(error) },
            'Payment reconciliation failed',
          );
        })
        .finally(() => {
          reconciling = false;
        });
    }, config.reconcileMs);
    reconcileTimer.unref();
    cleanups.push(() => clearInterval(reconcileTimer));

    const app = createApp(context, { origins: shopOrigins(config.publicUrl, port) });
    handle = (request, env) => app.fetch(request, env);
    logger.info(
      {
        event: 'shop_started',
        url,
        stores: backends.kind,
        stripe: config.stripe.mode,
        fedex: config.fedex.mode,
        hubspot: config.hubspot.mode,
        mercadopago: config.mercadopago.mode,
        ups: config.ups.mode,
        carriers: config.carriers,
      },
      'Shop started',
    );
    return { url, context, close };
  } catch (error) {
    await close();
    throw error;
  }
}
