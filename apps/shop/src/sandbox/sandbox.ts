import { randomBytes } from 'node:crypto';
import { type HandlerServer, type Interceptor, serveHandlers } from '@int/core/testing';
import { createFedExFake, type FedExFake, type FedExFakeOperation } from '@int/fedex/testing';
import { createHubSpotFake, type HubSpotFake } from '@int/hubspot/testing';
import { createStripeFake, type StripeFake } from '@int/stripe/testing';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { type FaultRequest, parseFaultRequest } from './fault-request.js';

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
}

export interface SandboxUrls {
  stripe: string;
  fedex: string;
  hubspot: string;
  /** `GET /urls`, `GET /inspect`, `POST /faults`, `DELETE /faults`. */
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
  /** The Stripe fake's webhook signing secret (the control server hands it to a shop on 127.0.0.1). */
  webhookSecret: string;
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
  const servers: HandlerServer[] = [];
  const serve = async (name: 'stripe' | 'fedex' | 'hubspot' | 'control') => {
    const handlers: RequestHandler[] = [];
    const intercept = name === 'control' ? undefined : options.intercept?.[name];
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
    const controlServer = await serve('control');

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

    const urls: SandboxUrls = {
      stripe: stripeServer.server.url,
      fedex: fedexServer.server.url,
      hubspot: hubspotServer.server.url,
      control: controlServer.server.url,
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
          shipmentRequests: fedex.count('shipments.create'),
          rateRequests: fedex.count('rates.quote'),
          tokensIssued: fedex.tokensIssued,
        },
        hubspot: {
          contacts: hubspot.objects('contacts').length,
          deals: deals.length,
          dealsByOrder: countBy(deals.map((deal) => deal.properties.shop_order_id)),
          requests: hubspot.stats.requests,
        },
      };
    };

    const applyFault = (request: FaultRequest) => {
      if (request.provider === 'fedex') {
        fedex.fail(request.fault, {
          ...(request.times !== undefined ? { times: request.times } : {}),
          ...(request.operations ? { operations: request.operations as FedExFakeOperation[] } : {}),
        });
      } else {
        hubspot.failNext({ status: request.status, times: request.times });
      }
    };
    const clearFaults = () => {
      // HubSpot faults are always counted (`times`), so they end on their own.
      fedex.clearFaults();
    };

    controlServer.handlers.push(
      http.get('*/urls', () => HttpResponse.json(urls)),
      // A shop started against these fakes (SHOP_FAKES_URL) verifies webhooks with the fake's secret.
      http.get('*/webhook-secret', () => HttpResponse.json({ webhookSecret })),
      http.get('*/inspect', () => HttpResponse.json(inspect())),
      http.post('*/faults', async ({ request }) => {
        const parsed = parseFaultRequest(await request.json().catch(() => undefined));
        if (!parsed.ok) return HttpResponse.json({ error: parsed.error }, { status: 400 });
        applyFault(parsed.value);
        return HttpResponse.json({ applied: parsed.value });
      }),
      http.delete('*/faults', () => {
        clearFaults();
        return HttpResponse.json({ cleared: true });
      }),
    );

    return {
      urls,
      webhookSecret,
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
