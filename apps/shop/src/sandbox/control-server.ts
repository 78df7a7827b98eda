import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { parseFaultRequest } from './fault-request.js';
import type { Sandbox, SandboxInspection, SandboxUrls } from './sandbox.js';

/** The header every control request carries: `Authorization: Bearer <token>`. */
export const CONTROL_TOKEN_HEADER = 'authorization';

/** A fresh random token per fakes process. */
export function createControlToken(): string {
  return randomBytes(32).toString('hex');
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares digests, so neither the length nor a prefix of the token leaks through timing. */
function sameToken(given: string, token: string): boolean {
  return timingSafeEqual(digest(given), digest(token));
}

export interface ControlServerOptions {
  token: string;
  /** Fixed port; 0 or absent picks a free one. */
  port?: number;
  /** The fakes' base URLs; `/urls` adds the control server's own. */
  urls: Omit<SandboxUrls, 'control'>;
  webhookSecret: string;
  mercadopagoWebhookSecret: string;
  inspect(): SandboxInspection;
  applyFault: Sandbox['applyFault'];
  clearFaults(): void;
  payPix: Sandbox['payPix'];
}

export interface ControlServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The sandbox control server, for the shop and for tests: `GET /urls`,
 * `GET /webhook-secret`, `GET /inspect`, `POST /faults`, `DELETE /faults`,
 * `POST /pix/:paymentId/pay`.
 * Anyone who can reach it could sign "payment succeeded", so it is bound to
 * 127.0.0.1, answers only to its own loopback name in `Host` (no DNS
 * rebinding), takes only requests carrying the per-process token (no page on
 * another site can send `Authorization` without a CORS preflight it never
 * grants), and takes bodies only as small `application/json`. The token is
 * never served by any route.
 */
export async function startControlServer(options: ControlServerOptions): Promise<ControlServer> {
  let hosts = new Set<string>();
  const app = new Hono();
  app.use('*', async (c, next) => {
    if (!hosts.has((c.req.header('host') ?? '').toLowerCase())) {
      return c.json({ error: 'forbidden_host' }, 403);
    }
    const authorization = c.req.header(CONTROL_TOKEN_HEADER) ?? '';
    const given = authorization.startsWith('Bearer ') ? authorization.slice(7) : '';
    if (!sameToken(given, options.token)) return c.json({ error: 'unauthorized' }, 401);
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const hasBody =
      c.req.method === 'POST' ||
      Number(c.req.header('content-length') ?? 0) > 0 ||
      c.req.header('transfer-encoding') !== undefined;
    if (hasBody && type !== 'application/json') {
      return c.json({ error: 'unsupported_media_type', message: 'Bodies must be JSON.' }, 415);
    }
    return next();
  });
  app.use(
    '*',
    bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.json({ error: 'too_large' }, 413) }),
  );
  app.get('/urls', (c) => c.json({ ...options.urls, control: url }));
  // A shop started against these fakes (SHOP_FAKES_URL) verifies webhooks with the fake's secret.
  app.get('/webhook-secret', (c) =>
    c.json({
      webhookSecret: options.webhookSecret,
      mercadopagoWebhookSecret: options.mercadopagoWebhookSecret,
    }),
  );
  app.get('/inspect', (c) => c.json(options.inspect()));
  app.post('/faults', async (c) => {
    const parsed = parseFaultRequest(await c.req.json().catch(() => undefined));
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    options.applyFault(parsed.value);
    return c.json({ applied: parsed.value });
  });
  // The payer scanning the QR code: the MercadoPago fake approves the payment and notifies the shop.
  app.post('/pix/:paymentId/pay', (c) => {
    const paymentId = Number(c.req.param('paymentId'));
    if (!Number.isSafeInteger(paymentId) || paymentId <= 0) {
      return c.json({ error: 'paymentId must be a MercadoPago payment id' }, 400);
    }
    try {
      options.payPix(paymentId);
    } catch {
      return c.json({ error: 'no pending Pix payment with that id' }, 409);
    }
    return c.json({ paid: paymentId });
  });
  app.delete('/faults', (c) => {
    options.clearFaults();
    return c.json({ cleared: true });
  });
  app.notFound((c) => c.json({ error: 'not_found' }, 404));

  const server = serve({
    fetch: app.fetch,
    port: options.port ?? 0,
    hostname: '127.0.0.1',
  }) as Server;
  await new Promise<void>((resolve, reject) => {
    if (server.listening) return resolve();
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
