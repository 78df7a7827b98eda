/**
 * The minified + gzipped size of a one-call app bundled with esbuild, for
 * @int/stripe, @int/hubspot, @int/fedex, @int/mercadopago and @int/ups and the
 * official SDKs where there is one (FedEx and UPS publish none; MercadoPago's
 * is built for Node only), for Node (esbuild's node platform) and for
 * Cloudflare Workers (the conditions wrangler uses: workerd, worker, browser),
 * and cold import time (a fresh node process per sample). Sizes are
 * deterministic, so one build each; imports are sampled.
 * Run: node --import tsx bench/src/bundle-size.bench.ts
 * Knob: BENCH_COLD_SAMPLES (default 15 fresh processes per package).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

interface App {
  name: string;
  provider: 'stripe' | 'hubspot' | 'fedex' | 'mercadopago' | 'ups' | 'core';
  source: string;
  /** Also bundled for Workers (conditions workerd, worker, browser). */
  workers?: boolean;
}

const APPS: App[] = [
  {
    name: '@int/stripe',
    provider: 'stripe',
    workers: true,
    source: `import { createStripe } from '@int/stripe';
const stripe = createStripe();
export const pay = () => stripe.paymentIntents.create({ amount: 1999, currency: 'usd' });`,
  },
  {
    name: '@int/stripe webhook only',
    provider: 'stripe',
    workers: true,
    source: `import { constructEvent } from '@int/stripe';
export const verify = (body, header, secret) => constructEvent(body, header, secret);`,
  },
  {
    name: 'stripe-node 23.1.0',
    provider: 'stripe',
    workers: true,
    source: `import Stripe from 'stripe';
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);
export const pay = () => stripe.paymentIntents.create({ amount: 1999, currency: 'usd' });`,
  },
  {
    name: '@int/hubspot',
    provider: 'hubspot',
    workers: true,
    source: `import { createHubSpot } from '@int/hubspot';
const hubspot = createHubSpot({ accessToken: process.env.HUBSPOT_ACCESS_TOKEN });
export const add = () => hubspot.contacts.create({ properties: { email: 'ada@example.com' } });`,
  },
  {
    name: '@hubspot/api-client 13.5.0',
    provider: 'hubspot',
    source: `import { Client } from '@hubspot/api-client';
const hubspot = new Client({ accessToken: process.env.HUBSPOT_ACCESS_TOKEN });
export const add = () =>
  hubspot.crm.contacts.basicApi.create({ properties: { email: 'ada@example.com' }, associations: [] });`,
  },
  {
    name: '@int/fedex',
    provider: 'fedex',
    workers: true,
    source: `import { createFedEx } from '@int/fedex';
const fedex = createFedEx();
const at = (postalCode) => ({ address: { postalCode, countryCode: 'US' } });
export const quote = () =>
  fedex.rates.quote({ shipper: at('38116'), recipient: at('90210'), packages: [{ weight: { units: 'LB', value: 5 } }] });`,
  },
  {
    name: '@int/mercadopago',
    provider: 'mercadopago',
    workers: true,
    source: `import { createMercadoPago } from '@int/mercadopago';
const mercadoPago = createMercadoPago();
export const pay = () =>
  mercadoPago.payments.create({ transaction_amount: 19.99, token: 'card-token', installments: 1, payment_method_id: 'visa', payer: { email: 'buyer@example.com' } });`,
  },
  // CommonJS for Node only (process.version, require('crypto')): no build for Workers to compare with.
  {
    name: 'mercadopago 3.6.1',
    provider: 'mercadopago',
    source: `import { MercadoPagoConfig, Payment } from 'mercadopago';
const payment = new Payment(new MercadoPagoConfig({ accessToken: process.env.MERCADOPAGO_ACCESS_TOKEN }));
export const pay = () =>
  payment.create({ body: { transaction_amount: 19.99, token: 'card-token', installments: 1, payment_method_id: 'visa', payer: { email: 'buyer@example.com' } } });`,
  },
  {
    name: '@int/ups',
    provider: 'ups',
    workers: true,
    source: `import { createUPS } from '@int/ups';
const ups = createUPS();
const party = (name, postalCode, stateProvinceCode, city) =>
  ({ name, address: { addressLines: ['1 Main St'], city, stateProvinceCode, postalCode, countryCode: 'US' } });
export const quote = () =>
  ups.rates.quote({ shipper: party('Acme', '21093', 'MD', 'Timonium'), shipTo: party('Jane Doe', '30005', 'GA', 'Alpharetta'), packages: [{ weight: { value: 5, unit: 'LBS' } }] });`,
  },
  // What a one-call app is made of: the shared pipeline, and the transport it must use.
  {
    name: '@int/core one call',
    provider: 'core',
    workers: true,
    source: `import { createHttpClient } from '@int/core';
const http = createHttpClient({ name: 'acme', baseURL: 'https://api.example.com' });
export const pay = () =>
  http.request({ method: 'POST', path: '/v1/payment_intents', body: { amount: 1999 }, bodyEncoding: 'form' });`,
  },
  {
    name: 'ofetch 1.5.1',
    provider: 'core',
    workers: true,
    source: `import { ofetch } from 'ofetch';
const transport = ofetch.create({ retry: 0 });
export const pay = () => transport.raw('https://api.example.com/v1/payment_intents', { method: 'POST', body: 'a=1' });`,
  },
];

export type BundlePlatform = 'node' | 'workers';

/** The conditions wrangler resolves for a Worker; esbuild's browser platform adds none of Node's. */
export const WORKERS_CONDITIONS = ['workerd', 'worker', 'browser', 'import'];

async function bundleSize(source: string, platform: BundlePlatform) {
  const result = await build({
    stdin: { contents: source, resolveDir: here, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: platform === 'workers' ? 'browser' : 'node',
    conditions: platform === 'workers' ? WORKERS_CONDITIONS : ['import'],
    write: false,
    external: ['node:*'],
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minifiedBytes: code.length, gzipBytes: gzipSync(code).length };
}

/** Median, min and max ms of `await import(specifier)` in a fresh node process, from this folder. */
function coldImportMs(specifier: string, samples = Number(process.env.BENCH_COLD_SAMPLES ?? 15)) {
  const dir = mkdtempSync(join(here, '.cold-import-'));
  const script = join(dir, 'probe.mjs');
  writeFileSync(
    script,
    `const t = process.hrtime.bigint(); await import(${JSON.stringify(specifier)}); console.log(Number(process.hrtime.bigint() - t) / 1e6);`,
  );
  const times: number[] = [];
  try {
    // One unmeasured run fills the OS file cache, so every sample is equally warm.
    execFileSync(process.execPath, [script]);
    for (let index = 0; index < samples; index += 1) {
      times.push(Number(execFileSync(process.execPath, [script], { encoding: 'utf8' }).trim()));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return times;
}

export const COLD_IMPORTS = {
  '@int/stripe': '@int/stripe',
  'stripe-node 23.1.0': 'stripe',
  '@int/hubspot': '@int/hubspot',
  '@hubspot/api-client 13.5.0': '@hubspot/api-client',
  '@int/fedex': '@int/fedex',
  '@int/mercadopago': '@int/mercadopago',
  'mercadopago 3.6.1': 'mercadopago',
  '@int/ups': '@int/ups',
};

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const app of APPS) {
    for (const platform of app.workers ? (['node', 'workers'] as const) : (['node'] as const)) {
      const size = await bundleSize(app.source, platform);
      console.log(
        JSON.stringify({ kind: 'size', name: app.name, provider: app.provider, platform, ...size }),
      );
    }
  }
  for (const [name, specifier] of Object.entries(COLD_IMPORTS)) {
    console.log(JSON.stringify({ kind: 'cold-import', name, samplesMs: coldImportMs(specifier) }));
  }
}
