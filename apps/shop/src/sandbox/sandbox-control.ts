import type { FaultRequest } from './fault-request.js';
import type { SandboxInspection, SandboxUrls } from './sandbox.js';

/** What the shop needs from the sandbox, whether the fakes run in this process or another. */
export interface SandboxControl {
  urls: SandboxUrls;
  /** The Stripe fake's webhook signing secret. */
  webhookSecret: string;
  /** The MercadoPago fake's notification signing secret. */
  mercadopagoWebhookSecret: string;
  applyFault(request: FaultRequest): Promise<void>;
  /** The payer pays a pending Pix payment at the MercadoPago fake. */
  payPix(paymentId: number): Promise<void>;
  clearFaults(): Promise<void>;
  inspect(): Promise<SandboxInspection>;
  /** Stops the fakes when this process started them; a no-op for remote ones. */
  close(): Promise<void>;
}

async function call(url: string, token: string, init: RequestInit = {}): Promise<unknown> {
  const response = await fetch(url, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
    // The control server never redirects; following one could carry the token elsewhere.
    redirect: 'error',
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    throw new Error(`Sandbox control ${init.method ?? 'GET'} ${url} answered ${response.status}`);
  }
  return body;
}

/**
 * Connects to fakes started by `src/sandbox/fakes-main.ts` (`SHOP_FAKES_URL`),
 * with the token that process printed (`SHOP_FAKES_TOKEN`).
 */
export async function connectSandbox(controlUrl: string, token: string): Promise<SandboxControl> {
  const base = controlUrl.endsWith('/') ? controlUrl.slice(0, -1) : controlUrl;
  const urls = (await call(`${base}/urls`, token)) as SandboxUrls;
  const { webhookSecret, mercadopagoWebhookSecret } = (await call(
    `${base}/webhook-secret`,
    token,
  )) as { webhookSecret: string; mercadopagoWebhookSecret: string };
  return {
    urls,
    webhookSecret,
    mercadopagoWebhookSecret,
    payPix: async (paymentId) => {
      await call(`${base}/pix/${paymentId}/pay`, token, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
    },
    applyFault: async (request) => {
      await call(`${base}/faults`, token, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
      });
    },
    clearFaults: async () => {
      await call(`${base}/faults`, token, { method: 'DELETE' });
    },
    inspect: async () => (await call(`${base}/inspect`, token)) as SandboxInspection,
    close: async () => {},
  };
}
