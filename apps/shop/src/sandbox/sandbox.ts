import { randomBytes } from 'node:crypto';
import { ConfigurationError } from '@int/core';
import { type Interceptor, serveHandlers } from '@int/core/testing';
import { createFedExFake, type FedExFake } from '@int/fedex/testing';
import { createHubSpotFake, type HubSpotFake } from '@int/hubspot/testing';
import { createStripeFake, type StripeFake } from '@int/stripe/testing';
import type { RequestHandler } from 'msw';
import { createControlToken, startControlServer } from './control-server.js';
import { type FaultRequest, toFakeFault } from './fault-request.js';

export interface SandboxOptions {
  /** The shop's Stripe webhook endpoint, e.g. `http://127.0.0.1:3000/webhooks/stripe`. */
  webhookUrl: string;
  /** What the Stripe fake signs webhooks with. Default: a random secret per sandbox. */
  webhookSecret?: string | undefined;
  host?: string;
  /** Fixed ports; 0 or absent picks free ones. */
  ports?: Partial<Record<'control' | 'stripe' | 'fedex' | 'hubspot', number>>;
  /** Fault injection in front of a fake (tests hold or reset requests here). */
  intercept?: Partial<Record<'stripe' | 'fedex' | 'hubspot', Interceptor>>;
  /** The control server's token. Default: random per sandbox (`createControlToken()`). */
  controlToken?: string | undefined;
}

export interface SandboxUrls {
  stripe: string;
  fedex: string;
  hubspot: string;
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
}

export interface Sandbox {
  urls: SandboxUrls;
  /** The Stripe fake's webhook signing secret (the control server hands it to a shop holding the token). */
  webhookSecret: string;
  /** What every control request must carry; never served by any route. */
  controlToken: string;
  stripe: StripeFake;
  fedex: FedExFake;
  hubspot: HubSpotFake;
  inspect(): SandboxInspection;
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
 * Serves the three providers' fakes on local ports, plus a small control
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
  const servers: Array<{ close(): Promise<void> }> = [];
  const serve = async (name: 'stripe' | 'fedex' | 'hubspot') => {
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

    const fakeUrls = {
      stripe: stripeServer.server.url,
      fedex: fedexServer.server.url,
      hubspot: hubspotServer.server.url,
    };

    const inspect = (): SandboxInspection => {
      const intents = [...stripe.state.paymentIntents.values()];
      const deals = hubspot.objects('deals');
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
      };
    };

    // One fault path for every provider: each fake has core's fake-toolkit controls.
    const fakes = { stripe, fedex, hubspot };
    const applyFault = (request: FaultRequest) =>
      fakes[request.provider].fail(toFakeFault(request));
    const clearFaults = () => {
      for (const fake of Object.values(fakes)) fake.clearFaults();
    };

    const control = await startControlServer({
      token: controlToken,
      ...(options.ports?.control !== undefined ? { port: options.ports.control } : {}),
      urls: fakeUrls,
      webhookSecret,
      inspect,
      applyFault,
      clearFaults,
    });
    servers.push(control);
    const urls: SandboxUrls = { ...fakeUrls, control: control.url };

    return {
      urls,
      webhookSecret,
      controlToken,
      stripe,
      fedex,
      hubspot,
      inspect,
      applyFault,
      clearFaults,
      close: async () => {
        await stripe.flushWebhooks().catch(() => undefined);
        await Promise.all(servers.map((server) => server.close()));
      },
    };
  } catch (error) {
    await Promise.all(servers.map((server) => server.close()));
    throw error;
  }
}
