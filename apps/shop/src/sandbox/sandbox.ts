import { randomBytes } from 'node:crypto';
import { ConfigurationError } from '@int/core';
import { type Interceptor, serveHandlers } from '@int/core/testing';
import { createFedExFake, type FedExFake } from '@int/fedex/testing';
import { createHubSpotFake, type HubSpotFake } from '@int/hubspot/testing';
import { createMercadoPagoFake, type MercadoPagoFake } from '@int/mercadopago/testing';
import { createStripeFake, type StripeFake } from '@int/stripe/testing';
import { createUPSFake, type UPSFake } from '@int/ups/testing';
import type { RequestHandler } from 'msw';
import { createControlToken, startControlServer } from './control-server.js';
import { type FakeProvider, type FaultRequest, toFakeFault } from './fault-request.js';
import { retryingNotificationFetch } from './notification-retry.js';

export interface SandboxOptions {
  /** The shop's Stripe webhook endpoint, e.g. `http://127.0.0.1:3000/webhooks/stripe`. */
  webhookUrl: string;
  /** What the Stripe fake signs webhooks with. Default: a random secret per sandbox. */
  webhookSecret?: string | undefined;
  /**
   * The shop's MercadoPago notification endpoint. Default: `/webhooks/mercadopago`
   * on the origin of `webhookUrl`.
   */
  mercadopagoWebhookUrl?: string | undefined;
  /** What the MercadoPago fake signs notifications with. Default: a random secret per sandbox. */
  mercadopagoWebhookSecret?: string | undefined;
  host?: string;
  /** Fixed ports; 0 or absent picks free ones. */
  ports?: Partial<Record<'control' | FakeProvider, number>>;
  /** Fault injection in front of a fake (tests hold or reset requests here). */
  intercept?: Partial<Record<FakeProvider, Interceptor>>;
  /** The control server's token. Default: random per sandbox (`createControlToken()`). */
  controlToken?: string | undefined;
}

export interface SandboxUrls {
  stripe: string;
  fedex: string;
  hubspot: string;
  mercadopago: string;
  ups: string;
  /**
   * `GET /urls`, `GET /webhook-secret`, `GET /inspect`, `POST /faults`, `DELETE /faults`,
   * on 127.0.0.1 only, each with `Authorization: Bearer <controlToken>`.
   */
  control: string;
}

/** Side effects at the providers, as the fakes hold them: what the restart test counts. */
export interface SandboxInspection {
  stripe: {
    customers: number;
    paymentIntents: number;
    succeededPaymentIntents: number;
    webhookDeliveries: number;
    /** Payment intents per `metadata.order_id`. */
    paymentIntentsByOrder: Record<string, number>;
  };
  fedex: {
    shipments: number;
    shipmentRequests: number;
    rateRequests: number;
    /** Requests to the token endpoint (each answered with a new token, unless faulted). */
    tokensIssued: number;
  };
  hubspot: {
    contacts: number;
    deals: number;
    /** Deals per `shop_order_id`. */
    dealsByOrder: Record<string, number>;
    requests: number;
  };
  mercadopago: {
    payments: number;
    approvedPayments: number;
    /** Payments per `external_reference` (the order id). */
    paymentsByOrder: Record<string, number>;
    /** Notifications the fake tried to deliver, redeliveries not counted. */
    notifications: number;
    /** Deliveries the shop answered with a 2xx. */
    notificationsAcknowledged: number;
    requests: number;
  };
  ups: {
    shipments: number;
    /** Shipments per package reference (the order id). */
    shipmentsByOrder: Record<string, number>;
    shipmentRequests: number;
    rateRequests: number;
    tokensIssued: number;
    requests: number;
  };
}

export interface Sandbox {
  urls: SandboxUrls;
  /** The Stripe fake's webhook signing secret (the control server hands it to a shop holding the token). */
  webhookSecret: string;
  /** The MercadoPago fake's notification signing secret, handed out the same way. */
  mercadopagoWebhookSecret: string;
  /** What every control request must carry; never served by any route. */
  controlToken: string;
  stripe: StripeFake;
  fedex: FedExFake;
  hubspot: HubSpotFake;
  mercadopago: MercadoPagoFake;
  ups: UPSFake;
  inspect(): SandboxInspection;
  /** The payer pays a pending Pix payment (the fake then notifies the shop). */
  payPix(paymentId: number): void;
  applyFault(request: FaultRequest): void;
  clearFaults(): void;
  close(): Promise<void>;
}

function countBy(values: Array<string | null | undefined>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) if (value) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/**
 * Serves the five providers' fakes on local ports, plus a small control
 * server. The fakes' base URLs are the served URLs, so each handler array is
 * filled once its server knows its port.
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  // Random, never a constant in the source: anyone could sign "payment succeeded" with a public one.
  const webhookSecret = options.webhookSecret ?? `whsec_${randomBytes(24).toString('hex')}`;
  if (options.controlToken !== undefined && options.controlToken.length < 32) {
    throw new ConfigurationError('The sandbox control token must be at least 32 characters.', {
      option: 'SHOP_FAKES_TOKEN',
    });
  }
  const controlToken = options.controlToken ?? createControlToken();
  const mercadopagoWebhookSecret =
    options.mercadopagoWebhookSecret ?? randomBytes(24).toString('hex');
  const mercadopagoWebhookUrl =
    options.mercadopagoWebhookUrl ?? new URL('/webhooks/mercadopago', options.webhookUrl).href;
  // Ends the MercadoPago fake's redeliveries when the sandbox closes.
  const closing = new AbortController();
  const servers: Array<{ close(): Promise<void> }> = [];
  const serve = async (name: FakeProvider) => {
    const handlers: RequestHandler[] = [];
    const intercept = options.intercept?.[name];
    const server = await serveHandlers(handlers, {
      host,
      port: options.ports?.[name] ?? 0,
      ...(intercept ? { intercept } : {}),
    });
    servers.push(server);
    return { server, handlers };
  };
  try {
    const stripeServer = await serve('stripe');
    const fedexServer = await serve('fedex');
    const hubspotServer = await serve('hubspot');
    const mercadopagoServer = await serve('mercadopago');
    const upsServer = await serve('ups');

    const stripe = createStripeFake({
      baseURL: stripeServer.server.url,
      webhookEndpoint: { url: options.webhookUrl, secret: webhookSecret },
    });
    stripeServer.handlers.push(...stripe.handlers);
    const fedex = createFedExFake({ baseURL: fedexServer.server.url });
    fedexServer.handlers.push(...fedex.handlers);
    // Limits off: the shop paces itself; the fake's 100-per-10-s would only slow the demo.
    const hubspot = createHubSpotFake({
      baseURL: hubspotServer.server.url,
      limits: { enforce: false },
    });
    hubspotServer.handlers.push(...hubspot.handlers);
    const mercadopago = createMercadoPagoFake({
      baseURL: mercadopagoServer.server.url,
      webhookEndpoint: {
        url: mercadopagoWebhookUrl,
        secret: mercadopagoWebhookSecret,
        fetch: retryingNotificationFetch({ signal: closing.signal }),
      },
    });
    mercadopagoServer.handlers.push(...mercadopago.handlers);
    const ups = createUPSFake({ baseURL: upsServer.server.url });
    upsServer.handlers.push(...ups.handlers);

    const fakeUrls = {
      stripe: stripeServer.server.url,
      fedex: fedexServer.server.url,
      hubspot: hubspotServer.server.url,
      mercadopago: mercadopagoServer.server.url,
      ups: upsServer.server.url,
    };

    const inspect = (): SandboxInspection => {
      const intents = [...stripe.state.paymentIntents.values()];
      const deals = hubspot.objects('deals');
      const payments = [...mercadopago.state.payments.values()];
      const upsShipments = [...ups.shipments.values()];
      return {
        stripe: {
          customers: stripe.state.customers.size,
          paymentIntents: intents.length,
          succeededPaymentIntents: intents.filter((intent) => intent.status === 'succeeded').length,
          webhookDeliveries: stripe.state.deliveries.length,
          paymentIntentsByOrder: countBy(intents.map((intent) => intent.metadata.order_id)),
        },
        fedex: {
          shipments: [...fedex.shipments.values()].filter((item) => item.status === 'created')
            .length,
          shipmentRequests: fedex.calls({ method: 'POST', path: /\/ship\/v1\/shipments$/ }),
          rateRequests: fedex.calls({ path: '/rate/' }),
          tokensIssued: fedex.calls({ path: '/oauth/token' }),
        },
        hubspot: {
          contacts: hubspot.objects('contacts').length,
          deals: deals.length,
          dealsByOrder: countBy(deals.map((deal) => deal.properties.shop_order_id)),
          requests: hubspot.stats.requests,
        },
        mercadopago: {
          payments: payments.length,
          approvedPayments: payments.filter((payment) => payment.status === 'approved').length,
          paymentsByOrder: countBy(payments.map((payment) => payment.external_reference)),
          notifications: mercadopago.state.notifications.length,
          notificationsAcknowledged: mercadopago.state.deliveries.filter(
            (delivery) => delivery.status !== undefined && delivery.status < 300,
          ).length,
          requests: mercadopago.calls(),
        },
        ups: {
          shipments: upsShipments.length,
          shipmentsByOrder: countBy(upsShipments.flatMap((shipment) => shipment.references)),
          shipmentRequests: ups.calls({ method: 'POST', path: /\/api\/shipments\/[^/]+\/ship$/ }),
          rateRequests: ups.calls({ path: '/api/rating/' }),
          tokensIssued: ups.calls({ path: '/security/v1/oauth/token' }),
          requests: ups.calls(),
        },
      };
    };

    // One fault path for every provider: each fake has core's fake-toolkit controls.
    const fakes = { stripe, fedex, hubspot, mercadopago, ups };
    const applyFault = (request: FaultRequest) =>
      fakes[request.provider].fail(toFakeFault(request));
    const clearFaults = () => {
      for (const fake of Object.values(fakes)) fake.clearFaults();
    };

    const payPix = (paymentId: number) => {
      mercadopago.payPix(paymentId);
    };

    const control = await startControlServer({
      token: controlToken,
      ...(options.ports?.control !== undefined ? { port: options.ports.control } : {}),
      urls: fakeUrls,
      webhookSecret,
      mercadopagoWebhookSecret,
      inspect,
      applyFault,
      clearFaults,
      payPix,
    });
    servers.push(control);
    const urls: SandboxUrls = { ...fakeUrls, control: control.url };

    return {
      urls,
      webhookSecret,
      mercadopagoWebhookSecret,
      controlToken,
      stripe,
      fedex,
      hubspot,
      mercadopago,
      ups,
      inspect,
      payPix,
      applyFault,
      clearFaults,
      close: async () => {
        closing.abort();
        await stripe.flushWebhooks().catch(() => undefined);
        await mercadopago.flushWebhooks().catch(() => undefined);
        await Promise.all(servers.map((server) => server.close()));
      },
    };
  } catch (error) {
    closing.abort();
    await Promise.all(servers.map((server) => server.close()));
    throw error;
  }
}
