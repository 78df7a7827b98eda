import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Interceptor } from '@int/core/testing';
import { type CaptureLogger, captureLogger, unusedPort } from '@int/core/testing';
import { loadConfig } from '../src/config.js';
import type { FakeProvider } from '../src/sandbox/fault-request.js';
import { type Sandbox, startSandbox } from '../src/sandbox/sandbox.js';
import type { SandboxControl } from '../src/sandbox/sandbox-control.js';
import { type RunningShop, startShop } from '../src/shop.js';
import type { Order, StepRecord, TimelineEntry } from '../src/store/order-types.js';

/** A request as it went over the wire to a fake. */
export interface WireRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** An interceptor that records every request, then lets the fake answer. */
export function recordingInterceptor(into: WireRequest[], next?: Interceptor): Interceptor {
  return async (context) => {
    const url = new URL(context.request.url);
    const headers: Record<string, string> = {};
    context.request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    into.push({
      method: context.request.method,
      path: url.pathname,
      headers,
      body: await context.request.clone().text(),
    });
    return next ? next(context) : context.respond();
  };
}

export function tempDataDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'int-shop-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Sandbox fakes reachable as a `SandboxControl`, as the shop sees them. */
export function controlOf(sandbox: Sandbox): SandboxControl {
  return {
    urls: sandbox.urls,
    webhookSecret: sandbox.webhookSecret,
    mercadopagoWebhookSecret: sandbox.mercadopagoWebhookSecret,
    payPix: async (paymentId) => sandbox.payPix(paymentId),
    applyFault: async (request) => sandbox.applyFault(request),
    clearFaults: async () => sandbox.clearFaults(),
    inspect: async () => sandbox.inspect(),
    close: async () => {},
  };
}

export interface TestShop {
  shop: RunningShop;
  sandbox: Sandbox;
  logger: CaptureLogger;
  wire: Record<FakeProvider, WireRequest[]>;
  dataDir: string;
  close(): Promise<void>;
}

/** A shop in this process on a free port, with fakes whose requests are recorded. */
export async function startTestShop(
  options: {
    env?: Record<string, string>;
    intercept?: Partial<Record<FakeProvider, Interceptor>>;
    /** Where the Stripe fake delivers webhooks. Default: this shop. */
    webhookUrl?: string;
  } = {},
): Promise<TestShop> {
  // The shop's port is picked before the fakes start (they post to it), so another
  // server may take it meanwhile (the fakes' own, or another suite's): then try again.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startTestShopOnce(options);
    } catch (error) {
      if ((error as { code?: string }).code !== 'EADDRINUSE' || attempt >= 5) throw error;
    }
  }
}

async function startTestShopOnce(
  options: Parameters<typeof startTestShop>[0] & object,
): Promise<TestShop> {
  const data = tempDataDir();
  const port = await unusedPort();
  const wire: TestShop['wire'] = { stripe: [], fedex: [], hubspot: [], mercadopago: [], ups: [] };
  const sandbox = await startSandbox({
    webhookUrl: options.webhookUrl ?? `http://127.0.0.1:${port}/webhooks/stripe`,
    intercept: {
      stripe: recordingInterceptor(wire.stripe, options.intercept?.stripe),
      fedex: recordingInterceptor(wire.fedex, options.intercept?.fedex),
      hubspot: recordingInterceptor(wire.hubspot, options.intercept?.hubspot),
      mercadopago: recordingInterceptor(wire.mercadopago, options.intercept?.mercadopago),
      ups: recordingInterceptor(wire.ups, options.intercept?.ups),
    },
  });
  const logger = captureLogger();
  const config = loadConfig(
    {
      PORT: String(port),
      SHOP_DATA_DIR: data.dir,
      SHOP_JOB_BACKOFF_MS: '100',
      SHOP_JOB_MAX_BACKOFF_MS: '400',
      SHOP_JOB_LEASE_MS: '2000',
      ...options.env,
    },
    data.dir,
  );
  let shop: RunningShop;
  try {
    shop = await startShop(config, {
      logger,
      sandbox: controlOf(sandbox),
      retry: { maxRetries: 1, baseDelayMs: 20, maxDelayMs: 50 },
    });
  } catch (error) {
    await sandbox.close();
    data.remove();
    throw error;
  }
  return {
    shop,
    sandbox,
    logger,
    wire,
    dataDir: data.dir,
    close: async () => {
      await shop.close();
      await sandbox.close();
      data.remove();
    },
  };
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export const ORDER_BODY = {
  email: 'ada@example.com',
  paymentMethod: 'pm_card_visa',
  items: [
    { sku: 'MUG-01', quantity: 2 },
    { sku: 'LAMP-01', quantity: 1 },
  ],
  address: {
    name: 'Ada Lovelace',
    phone: '4155550100',
    street: '1 Market St',
    city: 'San Francisco',
    state: 'CA',
    postalCode: '94105',
    country: 'US',
  },
};

/** The order page's form fields for one mug, as a browser posts them (urlencoded). */
export const ORDER_FORM_FIELDS: Record<string, string> = {
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  phone: '4155550100',
  street: '1 Market St',
  city: 'San Francisco',
  state: 'CA',
  postalCode: '94105',
  country: 'US',
  paymentMethod: 'pm_card_visa',
  'qty_MUG-01': '1',
};

export interface OrderView {
  order: Order;
  timeline: TimelineEntry[];
  steps: StepRecord[];
}

export async function postOrder(
  baseUrl: string,
  body: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await apiPost(`${baseUrl}/api/orders`, body);
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** A JSON API write, as a script would send it (the API takes only application/json). */
export function apiPost(url: string, body: unknown = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export async function getOrder(baseUrl: string, id: string): Promise<OrderView> {
  const response = await fetch(`${baseUrl}/api/orders/${id}`);
  if (!response.ok) throw new Error(`GET order ${id}: ${response.status}`);
  return (await response.json()) as OrderView;
}

export function waitForStatus(
  baseUrl: string,
  id: string,
  status: Order['status'],
  timeoutMs = 30_000,
): Promise<OrderView> {
  return waitFor(
    `order ${id} to be ${status}`,
    async () => {
      const view = await getOrder(baseUrl, id);
      return view.order.status === status ? view : undefined;
    },
    timeoutMs,
  );
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A request over `node:http`, which (unlike `fetch`) sends the `Host` header it
 * is given and can leave from another loopback address: what a DNS-rebinding
 * page or a second client looks like to the server.
 */
export function rawRequest(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    localAddress?: string;
  } = {},
): Promise<RawResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: options.method ?? 'GET',
        headers: options.headers,
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}
