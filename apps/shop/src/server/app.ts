import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HttpBindings } from '@hono/node-server';
import {
  createWebhookRequestHandler,
  IntegrationError,
  JobStateError,
  ValidationError,
} from '@int/core';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { PROVIDER_NAMES } from '../config.js';
import { runDemo } from '../demo.js';
import { checkoutBodyFromForm, parseCheckoutInput } from '../flow/checkout-input.js';
import { placeOrder } from '../flow/place-order.js';
import { RATES_STEP, type ShipmentRecord, shipmentStep } from '../flow/ship-order.js';
import { providerCards } from '../observability/provider-health.js';
import { dashboardPage } from '../pages/dashboard-page.js';
import { html } from '../pages/html.js';
import { inboxPage } from '../pages/inbox-page.js';
import { jobsPage } from '../pages/jobs-page.js';
import { layout } from '../pages/layout.js';
import { FINAL_STATUSES, orderDetailPage, ordersPage } from '../pages/orders-page.js';
import type { ShopContext } from '../shop-context.js';
import type { StepRecord } from '../store/order-types.js';
import { bodyLimits } from './body-limits.js';
import { ORDER_ID } from './input-patterns.js';
import { orderRateLimit } from './order-rate-limit.js';
import { formOriginGuard, hostGuard, jsonOnlyApi } from './request-guards.js';
import { securityHeaders } from './security-headers.js';
import type { ShopOrigins } from './shop-origins.js';

function modeLine(context: ShopContext): string {
  const providers = PROVIDER_NAMES.map((name) => `${name}: ${context.config[name].mode}`).join(
    ' · ',
  );
  return `${providers} · stores: ${context.backendKind}`;
}

const SHIPMENT_STEPS = new Set([shipmentStep('fedex'), shipmentStep('ups')]);
const STEPS = [
  RATES_STEP,
  ...SHIPMENT_STEPS,
  'label',
  'hubspot.contact',
  'hubspot.deal',
  'hubspot.association',
];

/** The order's journal, without the label bytes the shipment step keeps for the label step. */
function stepsOf(context: ShopContext, orderId: string): StepRecord[] {
  return STEPS.map((step) => context.orders.step(orderId, step))
    .filter((step) => step !== undefined)
    .map((step) => {
      if (!SHIPMENT_STEPS.has(step.step) || typeof step.result !== 'object' || !step.result) {
        return step;
      }
      const { labelBase64: _label, ...result } = step.result as ShipmentRecord;
      return { ...step, result };
    });
}

const LABEL_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  gif: 'image/gif',
  png: 'image/png',
  zpl: 'application/x-zpl',
};

/** Sandbox only: the payer pays the order's pending Pix at the MercadoPago fake, which then notifies the shop. */
async function sandboxPayPix(
  context: ShopContext,
  id: string,
): Promise<{ status: 200 | 404 | 409; body: Record<string, unknown> }> {
  const order = ORDER_ID.test(id) ? context.orders.get(id) : undefined;
  if (!order) return { status: 404, body: { error: 'not_found' } };
  if (!context.sandbox || context.config.mercadopago.mode !== 'sandbox') {
    return {
      status: 409,
      body: { error: 'not_sandbox', message: 'Only the sandbox can pay a Pix for the payer.' },
    };
  }
  if (!order.pixPaymentId || order.status !== 'pending_payment') {
    return {
      status: 409,
      body: { error: 'not_payable', message: 'This order has no pending Pix payment.' },
    };
  }
  await context.sandbox.payPix(Number(order.pixPaymentId));
  return { status: 200, body: { paid: order.pixPaymentId } };
}

export interface AppOptions {
  /** The names and origins the shop answers to (`shopOrigins(publicUrl, port)`). */
  origins: ShopOrigins;
}

/**
 * The shop's HTTP surface: server-rendered pages, the JSON API behind them,
 * and the Stripe and MercadoPago webhook endpoints (core's web-standard
 * handler, mounted as is: verified and stored before the 2xx).
 */
export function createApp(
  context: ShopContext,
  options: AppOptions,
): Hono<{ Bindings: HttpBindings }> {
  const app = new Hono<{ Bindings: HttpBindings }>();
  const page = (
    title: string,
    path: string,
    body: Parameters<typeof layout>[0]['body'],
    refreshSeconds?: number,
  ) =>
    layout({
      title,
      path,
      body,
      mode: modeLine(context),
      ...(refreshSeconds ? { refreshSeconds } : {}),
    });

  app.onError((error, c) => {
    // The CSRF guard's 403 (and any other HTTP exception) keeps its own answer.
    if (error instanceof HTTPException) return error.getResponse();
    if (ValidationError.isInstance(error)) {
      return c.json(
        { error: 'validation_error', message: error.message, issues: error.issues },
        400,
      );
    }
    if (JobStateError.isInstance(error)) {
      return c.json({ error: error.name, message: error.message, state: error.state }, 409);
    }
    context.logger.error(
      { event: 'http_error', path: c.req.path, error: error.name, message: error.message },
      'Request failed',
    );
    const status =
      IntegrationError.isInstance(error) &&
      (error.name === 'ConfigurationError' || error.name === 'ConflictError')
        ? 409
        : 500;
    return c.json({ error: error.name, message: error.message }, status);
  });

  // Order matters: headers on every answer (even a refusal), then only our own names in
  // Host, bounded bodies, our own origin for writes, JSON for the API, and a budget per
  // client for the routes that create orders.
  app.use('*', securityHeaders(context.config.publicUrl));
  app.use('*', hostGuard(options.origins));
  app.use('*', bodyLimits());
  app.use('*', formOriginGuard(options.origins));
  app.use('/api/*', jsonOnlyApi());
  if (context.config.orderRateLimit > 0) {
    const perClient = orderRateLimit({
      limit: context.config.orderRateLimit,
      windowMs: context.config.orderRateWindowMs,
    });
    for (const path of ['/api/orders', '/orders', '/api/demo', '/demo']) {
      app.on('POST', path, perClient);
    }
  }

  // Webhooks: verified and stored in the inbox before the 2xx.
  const stripeWebhook = createWebhookRequestHandler(context.inbox, 'stripe', {
    logger: context.logger,
  });
  app.post('/webhooks/stripe', (c) => stripeWebhook(c.req.raw));
  const mercadopagoWebhook = createWebhookRequestHandler(context.inbox, 'mercadopago', {
    logger: context.logger,
  });
  app.post('/webhooks/mercadopago', (c) => mercadopagoWebhook(c.req.raw));

  // JSON API.
  app.get('/api/health', async (c) =>
    c.json({
      status: 'ok',
      windowMs: context.config.healthWindowMs,
      providers: providerCards(context),
      queue: await context.queue.stats(),
      stores: context.backendKind,
    }),
  );
  app.get('/api/alerts', (c) => c.json({ alerts: context.alerts.list() }));
  app.get('/api/calls', (c) =>
    c.json({ calls: context.calls.recent(Number(c.req.query('limit') ?? 50)) }),
  );
  app.get('/api/orders', (c) => c.json({ orders: context.orders.list() }));
  app.post('/api/orders', async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    const input = parseCheckoutInput(body);
    const idempotencyKey = c.req.header('idempotency-key');
    const placed = await placeOrder(context, input, { idempotencyKey });
    if (!placed.created) {
      c.header('idempotent-replayed', 'true');
      return c.json({ order: placed.order }, 200);
    }
    return c.json({ order: placed.order }, 201);
  });
  app.get('/api/orders/:id', (c) => {
    const id = c.req.param('id');
    const order = ORDER_ID.test(id) ? context.orders.get(id) : undefined;
    if (!order) return c.json({ error: 'not_found' }, 404);
    return c.json({ order, timeline: context.orders.timeline(id), steps: stepsOf(context, id) });
  });
  app.get('/api/jobs', async (c) => {
    const state = c.req.query('state');
    const valid =
      state === 'pending' || state === 'running' || state === 'done' || state === 'failed';
    return c.json({ jobs: await context.queue.list({ limit: 200, ...(valid ? { state } : {}) }) });
  });
  app.post('/api/jobs/:id/retry', async (c) => {
    const job = await context.queue.retry(c.req.param('id'));
    if (!job) return c.json({ error: 'not_found' }, 404);
    return c.json({ job });
  });
  app.get('/api/webhooks', async (c) =>
    c.json({ events: await context.inboxStore.list({ limit: 200 }) }),
  );
  app.post('/api/webhooks/:provider/:eventId/replay', async (c) => {
    const event = await context.inbox.replay(c.req.param('eventId'), {
      provider: c.req.param('provider'),
    });
    return c.json({ event });
  });
  app.post('/api/demo', async (c) => c.json({ orders: await runDemo(context) }, 201));
  app.post('/api/orders/:id/pay-pix', async (c) => {
    const paid = await sandboxPayPix(context, c.req.param('id'));
    return c.json(paid.body, paid.status);
  });

  // Pages.
  app.get('/', async (c) => {
    const recent = context.calls.recent(200);
    return c.html(
      page(
        'Dashboard',
        '/',
        dashboardPage({
          cards: providerCards(context),
          recent: recent.slice(0, 25),
          chartCalls: [...recent].reverse(),
          queue: await context.queue.stats(),
          alerts: context.alerts.list(),
          alertWebhook: context.config.alertWebhook !== undefined,
          windowMs: context.config.healthWindowMs,
          demoAvailable:
            context.sandbox !== undefined &&
            context.config.fedex.mode === 'sandbox' &&
            context.config.ups.mode === 'sandbox',
        }),
      ),
    );
  });
  app.get('/orders', (c) => c.html(page('Orders', '/orders', ordersPage(context.orders.list()))));
  app.post('/orders', async (c) => {
    const form = await c.req.parseBody();
    let input: ReturnType<typeof parseCheckoutInput>;
    try {
      input = parseCheckoutInput(checkoutBodyFromForm(form));
    } catch (error) {
      if (!ValidationError.isInstance(error)) throw error;
      return c.html(
        page('Orders', '/orders', ordersPage(context.orders.list(), error.message)),
        400,
      );
    }
    // The form's nonce: a double click or a resubmitted page finds the order placed first.
    const nonce = typeof form.nonce === 'string' && form.nonce !== '' ? form.nonce : undefined;
    const { order } = await placeOrder(context, input, { idempotencyKey: nonce });
    return c.redirect(`/orders/${order.id}`, 303);
  });
  app.get('/orders/:id', (c) => {
    const id = c.req.param('id');
    const order = ORDER_ID.test(id) ? context.orders.get(id) : undefined;
    if (!order)
      return c.html(
        page('Not found', '/orders', ordersPage(context.orders.list(), 'No such order.')),
        404,
      );
    const moving = !FINAL_STATUSES.has(order.status);
    return c.html(
      page(
        `Order ${id}`,
        '/orders',
        orderDetailPage(order, context.orders.timeline(id), stepsOf(context, id), {
          sandboxPix:
            context.sandbox !== undefined && context.config.mercadopago.mode === 'sandbox',
        }),
        moving ? 1 : undefined,
      ),
    );
  });
  app.get('/orders/:id/label', (c) => {
    const id = c.req.param('id');
    if (!ORDER_ID.test(id) || !context.orders.get(id)?.trackingNumber)
      return c.text('No label', 404);
    // The label step journals the file it wrote; its extension says what the carrier sent.
    const file = context.orders.step(id, 'label')?.result;
    const extension = typeof file === 'string' ? file.slice(file.lastIndexOf('.') + 1) : '';
    const type = LABEL_TYPES[extension];
    if (!type) return c.text('No label stored', 404);
    try {
      const label = readFileSync(join(context.config.dataDir, 'labels', `${id}.${extension}`));
      return c.body(label, 200, { 'content-type': type });
    } catch {
      return c.text('No label stored', 404);
    }
  });
  // The Pix QR code as an image of the shop's own (the CSP allows images from 'self' only).
  app.get('/orders/:id/pix-qr.png', (c) => {
    const id = c.req.param('id');
    const qr = ORDER_ID.test(id) ? context.orders.get(id)?.pixQrCodeBase64 : undefined;
    if (!qr) return c.text('No Pix QR code', 404);
    return c.body(Buffer.from(qr, 'base64'), 200, {
      'content-type': 'image/png',
      'cache-control': 'private, max-age=3600',
    });
  });
  app.post('/orders/:id/pay-pix', async (c) => {
    const id = c.req.param('id');
    const paid = await sandboxPayPix(context, id);
    if (paid.status !== 200) return c.json(paid.body, paid.status);
    return c.redirect(`/orders/${id}`, 303);
  });
  app.get('/inbox', async (c) =>
    c.html(
      page('Webhook inbox', '/inbox', inboxPage(await context.inboxStore.list({ limit: 200 }))),
    ),
  );
  app.post('/inbox/:provider/:eventId/replay', async (c) => {
    await context.inbox.replay(c.req.param('eventId'), { provider: c.req.param('provider') });
    return c.redirect('/inbox', 303);
  });
  app.get('/jobs', async (c) =>
    c.html(page('Jobs', '/jobs', jobsPage(await context.queue.list({ limit: 200 })))),
  );
  app.post('/jobs/:id/retry', async (c) => {
    const jobs = async (message: string) =>
      page(
        'Jobs',
        '/jobs',
        html`<div class="flash" data-testid="jobs-error">${message}</div>${jobsPage(await context.queue.list({ limit: 200 }))}`,
      );
    try {
      const job = await context.queue.retry(c.req.param('id'));
      if (!job) return c.html(await jobs('No such job.'), 404);
    } catch (error) {
      // Only a failed job runs again: a done one would ship or sync twice.
      if (!JobStateError.isInstance(error)) throw error;
      return c.html(await jobs(error.message), 409);
    }
    return c.redirect('/jobs', 303);
  });
  app.post('/demo', async (c) => {
    await runDemo(context);
    return c.redirect('/', 303);
  });
  return app;
}
