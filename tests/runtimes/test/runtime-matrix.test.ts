import { afterAll, describe, expect, it } from 'vitest';
import {
  fallbackSetups,
  type RuntimeSetup,
  runtimeSetups,
  type ScenarioResults,
} from '../src/runtime-setups.js';
import { scenarioConfig, standardSignature } from '../src/scenario-config.js';
import { type MatrixServers, type SeenRequest, startMatrixServers } from '../src/servers.js';
import { buildWorkerBundle, type WorkerBundle } from '../src/worker-bundle.js';

/** One row per setup, printed at the end: what passed and how long the setup took. */
const summary: Array<{ setup: string; passed: boolean; seconds: number }> = [];

afterAll(() => {
  const lines = [
    '| setup | result | seconds |',
    '| --- | --- | ---: |',
    ...summary.map(
      (row) => `| ${row.setup} | ${row.passed ? 'pass' : 'FAIL'} | ${row.seconds.toFixed(1)} |`,
    ),
  ];
  console.log(`\nRuntime matrix\n${lines.join('\n')}\n`);
});

function value(results: ScenarioResults, point: string): Record<string, unknown> {
  const entry = results[point];
  // A failed point shows its error (name, message, stack) in the assertion message.
  expect(entry, `${point} did not run`).toBeDefined();
  expect(entry?.error, `${point} failed`).toBeUndefined();
  expect(entry?.ok).toBe(true);
  return entry?.value ?? {};
}

const by = (seen: SeenRequest[], method: string, path: string) =>
  seen.filter((entry) => entry.method === method && entry.path === path);

/** Runs the scenario on one setup against fresh fakes and asserts every point. */
async function runAndAssert(setup: RuntimeSetup): Promise<void> {
  const started = performance.now();
  let passed = false;
  let servers: MatrixServers | undefined;
  try {
    servers = await startMatrixServers(setup.name.replace(/\W+/g, '-'));
    const results = await setup.run(await scenarioConfig(servers));
    const { stripe, hubspot, fedex } = servers;

    // paymentIntents.create retried after a 503 with Retry-After: 1, same key both times.
    const retry = value(results, 'retry');
    expect(retry.id).toMatch(/^pi_/);
    const creates = stripe.seen.filter(
      (entry) => entry.idempotencyKey === servers?.retryIdempotencyKey,
    );
    expect(creates.map((entry) => entry.status)).toEqual([503, 200]);
    expect(creates.map((entry) => entry.idempotencyKey)).toEqual([
      servers.retryIdempotencyKey,
      servers.retryIdempotencyKey,
    ]);
    const [first, second] = creates as [SeenRequest, SeenRequest];
    expect(second.at - first.at).toBeGreaterThanOrEqual(1_000);

    // List auto-pagination over two pages.
    const pagination = value(results, 'pagination');
    expect([...(pagination.listed as string[])].sort()).toEqual(
      [...(pagination.created as string[])].sort(),
    );
    const pages = by(stripe.seen, 'GET', '/v1/customers');
    expect(pages).toHaveLength(2);
    expect(pages[1]?.search).toContain('starting_after=');

    // A 402 card error as CardError, with declineCode and the request id the server sent.
    const cardError = value(results, 'cardError');
    const declined = stripe.seen.find((entry) => entry.status === 402);
    expect(cardError).toMatchObject({
      thrown: true,
      name: 'CardError',
      instanceOfCardError: true,
      isCardError: true,
      status: 402,
      declineCode: 'generic_decline',
      requestId: declined?.requestId,
    });
    expect(declined?.requestId).toMatch(/^req_/);

    // Stripe webhook vector (signed on Node with node:crypto) verified, a tampered body refused.
    expect(value(results, 'stripeWebhook')).toEqual({
      id: 'evt_runtime',
      type: 'payment_intent.succeeded',
      tampered: {
        refused: true,
        name: 'WebhookVerificationError',
        reason: 'no_matching_signature',
      },
    });

    // HubSpot v3 signature.
    expect(value(results, 'hubspotSignature')).toEqual({ valid: true, tampered: false });

    // Standard Webhooks: Node's vector verified, a round trip, the same signature as the spec gives.
    expect(value(results, 'standardWebhooks')).toEqual({
      fromNodeId: 'msg_node',
      roundTripId: 'msg_roundtrip',
      signatureFromHere: standardSignature('msg_roundtrip'),
      tampered: { refused: true, reason: 'no_matching_signature' },
    });

    // SecretBox envelope sealed on Node, opened here.
    expect(value(results, 'secretBox')).toEqual({ opened: 'refresh-token-sealed-on-node' });

    // FedEx token + rate quote.
    const quote = value(results, 'fedex');
    expect(quote.quotes).toBeGreaterThan(0);
    expect(fedex.seen.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([
      'POST /oauth/token 200',
      'POST /rate/v1/rates/quotes 200',
    ]);

    // HubSpot contact create.
    const contact = value(results, 'hubspotContact');
    expect(contact.id).toEqual(expect.any(String));
    expect(contact.email).toBe('ada@example.com');
    expect(hubspot.seen.some((entry) => entry.method === 'POST' && entry.status === 201)).toBe(
      true,
    );

    if (setup.bundle === 'workers') assertWorkersBundle(await buildWorkerBundle('workers'));
    // The User-Agent names the runtime, on every request to every server.
    for (const entry of [...stripe.seen, ...hubspot.seen, ...fedex.seen]) {
      expect(entry.userAgent).toMatch(/int-core\/\d+\.\d+\.\d+/);
      expect(entry.userAgent?.split(' ')).toContain(setup.userAgentToken);
    }
    passed = true;
  } finally {
    await servers?.close();
    summary.push({
      setup: setup.name,
      passed,
      seconds: (performance.now() - started) / 1000,
    });
  }
}

/** A Workers bundle: nothing from `node:`, and neither the Node adapter nor the Node transport. */
function assertWorkersBundle(bundle: WorkerBundle): void {
  // Nothing was external, so any import left in the output is a node: one.
  const outputs = Object.values(bundle.metafile.outputs);
  expect(outputs.flatMap((output) => output.imports.map((entry) => entry.path))).toEqual([]);
  expect(bundle.code).not.toMatch(
    /\bfrom\s*["']node:|\bimport\s*\(\s*["']node:|\brequire\s*\(\s*["']node:/,
  );
  expect(bundle.code).not.toMatch(/["']node:(http|https|zlib|crypto|net)["']/);
  // The Node adapter and transport are other files of @int/core; none of them went in.
  const coreInputs = bundle.inputs.filter((input) => input.includes('core/dist/'));
  expect(coreInputs.some((input) => input.endsWith('platform-web.js'))).toBe(true);
  expect(coreInputs.filter((input) => input.endsWith('platform-node.js'))).toEqual([]);
  expect(bundle.code).not.toContain('getBuiltinModule');
  expect(bundle.code).not.toContain('keepSocketAlive');
}

describe.each(runtimeSetups())('$name', (setup) => {
  it('runs every scenario point against the fakes', () => runAndAssert(setup));
});

describe('the Workers bundle (esbuild, conditions workerd, worker, browser)', () => {
  it('has no node: import and not the Node transport', async () => {
    assertWorkersBundle(await buildWorkerBundle('workers'));
  });
});

describe('the run-time fallback: the Node build on workerd with nodejs_compat', () => {
  it('contains the Node adapter (so the check below means something)', async () => {
    const bundle = await buildWorkerBundle('node');
    expect(bundle.inputs.some((input) => input.endsWith('core/dist/platform-node.js'))).toBe(true);
    expect(bundle.code).toContain('getBuiltinModule');
  });

  describe.each(fallbackSetups())('$name', (setup) => {
    it('still uses fetch and WebCrypto and passes every point', () => runAndAssert(setup));
  });
});
