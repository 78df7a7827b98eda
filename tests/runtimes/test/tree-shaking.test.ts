import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { WORKER_CONDITIONS } from '../src/worker-bundle.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A one-call app bundled from the built packages as wrangler would (minified, so only code that runs stays). */
async function bundle(source: string): Promise<string> {
  const result = await build({
    stdin: { contents: source, resolveDir: packageRoot, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    conditions: WORKER_CONDITIONS,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

const ONE_CALL = `import { createStripe } from '@int/stripe';
const stripe = createStripe({ secretKey: 'sk_test_x' });
export const pay = () => stripe.paymentIntents.create({ amount: 1999, currency: 'usd' });`;

describe('what a one-call app bundles', () => {
  it('leaves out the error classes it never meets and the circuit breaker it never asked for', async () => {
    const code = await bundle(ONE_CALL);
    // The classes it does use are there, by their explicit names.
    // (Booleans with a message: a failure must not print the whole bundle.)
    expect(code.includes('"RateLimitError"'), 'RateLimitError kept').toBe(true);
    expect(code.includes('"CardError"'), 'CardError kept').toBe(true);
    for (const unused of [
      'JobStateError',
      'SecretBoxError',
      'OAuthCallbackError',
      'PayloadTooLargeError',
    ]) {
      expect(code.includes(`"${unused}"`), `${unused} left out`).toBe(false);
    }
    expect(code.includes('circuit.opened'), 'breaker left out').toBe(false);
    // Kit pieces for other kinds of provider (the carriers' country table) stay out.
    expect(code.includes('AD AE AF'), 'country table left out').toBe(false);
    expect(code.includes('the circuit is open after repeated failures'), 'guard left out').toBe(
      false,
    );
  });

  it('brings the breaker along with circuitBreaker()', async () => {
    const code = await bundle(`import { createStripe } from '@int/stripe';
import { circuitBreaker } from '@int/core';
const stripe = createStripe({ secretKey: 'sk_test_x', circuitBreaker: circuitBreaker() });
export const pay = () => stripe.paymentIntents.create({ amount: 1999, currency: 'usd' });`);
    expect(code.includes('circuit.opened'), 'breaker bundled').toBe(true);
    expect(code.includes('the circuit is open after repeated failures'), 'guard bundled').toBe(
      true,
    );
  });
});
