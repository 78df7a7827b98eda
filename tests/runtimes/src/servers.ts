import { type HandlerServer, serveHandlers, unusedPort } from '@int/core/testing';
import { createFedExFake } from '@int/fedex/testing';
import { createHubSpotFake } from '@int/hubspot/testing';
import { createStripeFake } from '@int/stripe/testing';
import type { RequestHandler } from 'msw';

/** One request as a server saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  search: string;
  userAgent: string | null;
  idempotencyKey: string | null;
  /** Server time of arrival, epoch ms. */
  at: number;
  status: number;
  /** The `request-id` the server answered with. */
  requestId: string | null;
}

export interface ProviderServer {
  url: string;
  seen: SeenRequest[];
}

export interface MatrixServers {
  stripe: ProviderServer;
  hubspot: ProviderServer;
  fedex: ProviderServer;
  /** The idempotency key whose first `paymentIntents.create` gets a 503 with `Retry-After: 1`. */
  retryIdempotencyKey: string;
  close(): Promise<void>;
}

/** The answer Stripe gives while unavailable, with the header the client must honour. */
function unavailable(): Response {
  return Response.json(
    { error: { type: 'api_error', message: 'The service is temporarily unavailable.' } },
    { status: 503, headers: { 'retry-after': '1', 'request-id': 'req_unavailable' } },
  );
}

async function serveRecorded(
  build: (baseURL: string) => RequestHandler[],
  fault?: (request: Request, seen: SeenRequest[]) => Response | undefined,
): Promise<{ server: HandlerServer; provider: ProviderServer }> {
  const port = await unusedPort();
  const url = `http://127.0.0.1:${port}`;
  const seen: SeenRequest[] = [];
  const server = await serveHandlers(build(url), {
    port,
    intercept: async ({ request, respond }) => {
      const at = Date.now();
      const target = new URL(request.url);
      const entry: SeenRequest = {
        method: request.method,
        path: target.pathname,
        search: target.search,
        userAgent: request.headers.get('user-agent'),
        idempotencyKey: request.headers.get('idempotency-key'),
        at,
        status: 0,
        requestId: null,
      };
      const response = fault?.(request, seen) ?? (await respond());
      entry.status = response.status;
      entry.requestId = response.headers.get('request-id');
      seen.push(entry);
      return response;
    },
  });
  return { server, provider: { url, seen } };
}

/**
 * The fakes of the three providers on real local ports, each request
 * recorded. Fresh per runtime, so every run starts from empty state.
 */
export async function startMatrixServers(runtime: string): Promise<MatrixServers> {
  const retryIdempotencyKey = `runtimes-${runtime}-retry`;
  const stripe = await serveRecorded(
    (baseURL) => createStripeFake({ baseURL }).handlers,
    (request, seen) => {
      const first = !seen.some((entry) => entry.idempotencyKey === retryIdempotencyKey);
      return request.method === 'POST' &&
        new URL(request.url).pathname === '/v1/payment_intents' &&
        request.headers.get('idempotency-key') === retryIdempotencyKey &&
        first
        ? unavailable()
        : undefined;
    },
  );
  const hubspot = await serveRecorded((baseURL) => createHubSpotFake({ baseURL }).handlers);
  const fedex = await serveRecorded((baseURL) => createFedExFake({ baseURL }).handlers);
  return {
    stripe: stripe.provider,
    hubspot: hubspot.provider,
    fedex: fedex.provider,
    retryIdempotencyKey,
    close: async () => {
      await Promise.all([stripe.server.close(), hubspot.server.close(), fedex.server.close()]);
    },
  };
}
