/**
 * Cold import time (a fresh node process per sample) and the minified + gzipped
 * size of a one-call app bundled with esbuild, for @int/stripe and stripe-node.
 * Run: node --import tsx bench/src/stripe-size.bench.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

const APPS = {
  '@int/stripe': `import { createStripe } from '@int/stripe';
const stripe = createStripe();
export const pay = () => stripe.paymentIntents.create({ amount: 1999, currency: 'usd' });`,
  '@int/stripe webhook only': `import { constructEvent } from '@int/stripe';
export const verify = (body, header, secret) => constructEvent(body, header, secret);`,
  'stripe-node 23.1.0': `import Stripe from 'stripe';
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);
export const pay = () => stripe.paymentIntents.create({ amount: 1999, currency: 'usd' });`,
};

async function bundleSize(source: string, platform: 'node' | 'browser') {
  const result = await build({
    stdin: { contents: source, resolveDir: here, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    // 'browser' stands for edge/worker targets: both libraries then pick their fetch builds.
    conditions: platform === 'browser' ? ['worker', 'browser', 'import'] : ['import'],
    write: false,
    external: ['node:*'],
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minifiedBytes: code.length, gzipBytes: gzipSync(code).length };
}

/** Median ms of `await import(specifier)` (the ESM entry) in a fresh node process, from this folder. */
function coldImportMs(specifier: string, samples = 15) {
  const dir = mkdtempSync(join(here, '.cold-import-'));
  const script = join(dir, 'probe.mjs');
  writeFileSync(
    script,
    `const t = process.hrtime.bigint(); await import(${JSON.stringify(specifier)}); console.log(Number(process.hrtime.bigint() - t) / 1e6);`,
  );
  const times: number[] = [];
  try {
    for (let index = 0; index < samples; index += 1) {
      times.push(Number(execFileSync(process.execPath, [script], { encoding: 'utf8' }).trim()));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  return Number((times[Math.floor(times.length / 2)] ?? 0).toFixed(1));
}

export async function runStripeSizeBench() {
  const results = [];
  for (const platform of ['node', 'browser'] as const) {
    for (const [name, source] of Object.entries(APPS)) {
      results.push({ name, platform, ...(await bundleSize(source, platform)) });
    }
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const result of await runStripeSizeBench()) console.log(JSON.stringify(result));
  console.log(
    JSON.stringify({
      name: '@int/stripe cold import (median ms)',
      ms: coldImportMs('@int/stripe'),
    }),
  );
  console.log(
    JSON.stringify({ name: 'stripe-node cold import (median ms)', ms: coldImportMs('stripe') }),
  );
}
