import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type Summary, summarize } from './stats.js';
import type { Target } from './targets.js';

const run = promisify(execFile);

/**
 * The provider and store benchmarks run as child processes, one after the
 * other, so each starts cold and none shares a heap or an event loop with
 * another. Their results go into the same RESULTS.md as the HTTP suite.
 */
async function runBench(file: string, env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', new URL(file, import.meta.url).pathname],
    { maxBuffer: 16 * 1024 * 1024, timeout: 900_000, env: { ...process.env, ...env } },
  );
  return stdout;
}

type Row = Record<string, unknown>;

const jsonLines = (text: string): Row[] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Row);

const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}×`;
const format = (value: number) => Math.round(value).toLocaleString('en-US').replaceAll(',', ' ');
/** `1 234 (1 100–1 300)`: median and min–max over rounds. */
const spread = (summary: Summary, digits = 0) => {
  const show = (value: number) => (digits === 0 ? format(value) : value.toFixed(digits));
  return `${show(summary.median)} (${show(summary.min)}–${show(summary.max)})`;
};
const numbers = (rows: Row[], field: string) => rows.map((row) => Number(row[field]));

export interface ProviderResults {
  markdown: string;
  targets: Target[];
  /** Every round's raw numbers, for results.json. */
  raw: Record<string, unknown>;
}

async function stripeSection(
  log: (line: string) => void,
  rounds: number,
  scale: number,
  out: ProviderResults,
): Promise<string[]> {
  log('stripe: paymentIntents.create, @int/stripe vs stripe-node vs raw fetch, c=1 and c=32');
  const client = jsonLines(
    await runBench('./stripe-client.bench.ts', {
      BENCH_ROUNDS: String(rounds),
      BENCH_SCALE: String(scale),
    }),
  );
  out.raw.stripeClient = client;

  const lines = [
    '## @int/stripe vs stripe-node 23.1.0 vs raw fetch',
    '',
    `\`paymentIntents.create\` against one local keep-alive server (fixed PaymentIntent answer); ${rounds} interleaved rounds, median req/s (min–max). Raw fetch sends the same form body and headers, written by hand.`,
    '',
    '| concurrency | @int/stripe | stripe-node | raw fetch | ours ÷ stripe-node | paired per round | ours ÷ raw fetch |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const concurrency of [1, 32]) {
    const of = (contender: string) =>
      summarize(
        numbers(
          client.filter((row) => row.contender === contender && row.concurrency === concurrency),
          'requestsPerSecond',
        ),
      );
    const [ours, node, fetch] = [of('int'), of('stripe-node'), of('fetch')];
    // Same round, same load: the paired ratio is what the target reads (medians of
    // separate rounds drift with whatever else the machine runs).
    const paired = pairedRatios(client, 'int', 'stripe-node', concurrency);
    lines.push(
      `| c=${concurrency} | ${spread(ours)} | ${spread(node)} | ${spread(fetch)} | ${ratio(ours.median, node.median)} | ${paired.median.toFixed(2)} (${paired.min.toFixed(2)}–${paired.max.toFixed(2)}) | ${ratio(ours.median, fetch.median)} |`,
    );
    out.targets.push({
      what: `@int/stripe paymentIntents.create req/s vs stripe-node, c=${concurrency} (paired per round)`,
      ratio: paired.median,
      kind: 'atLeast',
      bound: 1.05,
      source: 'issue 17',
    });
  }

  return [...lines, ''];
}

/** Per-round ratios of one contender over another (same round, same load), as a summary. */
function pairedRatios(rows: Row[], ours: string, theirs: string, concurrency: number): Summary {
  const rate = (contender: string, round: unknown) =>
    Number(
      rows.find(
        (row) =>
          row.contender === contender && row.concurrency === concurrency && row.round === round,
      )?.requestsPerSecond,
    );
  return summarize(
    rows
      .filter((row) => row.contender === ours && row.concurrency === concurrency)
      .map((row) => Number(row.requestsPerSecond) / rate(theirs, row.round)),
  );
}

async function mercadoPagoSection(
  log: (line: string) => void,
  rounds: number,
  scale: number,
  out: ProviderResults,
): Promise<string[]> {
  log(
    'mercadopago: payments.create, @int/mercadopago vs the mercadopago SDK vs raw fetch, c=1 and c=32',
  );
  const client = jsonLines(
    await runBench('./mercadopago-client.bench.ts', {
      BENCH_ROUNDS: String(rounds),
      BENCH_SCALE: String(scale),
    }),
  );
  out.raw.mercadoPagoClient = client;
  const lines = [
    '## @int/mercadopago vs mercadopago 3.6.1 vs raw fetch',
    '',
    `\`payments.create\` (a card payment) against one local keep-alive server (fixed approved Payment answer); ${rounds} interleaved rounds, median req/s (min–max); ratios paired per round, median (min–max). The SDK has no base URL option: the bench points its static \`AppConfig.BASE_URL\` at the server once. It sends through the global \`fetch\`; raw fetch sends the same JSON body, token and a fresh \`X-Idempotency-Key\`, written by hand. Issue 18 sets no target here: the ratios are reported.`,
    '',
    '| concurrency | @int/mercadopago | mercadopago 3.6.1 | raw fetch | ours ÷ SDK | ours ÷ raw fetch |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const concurrency of [1, 32]) {
    const of = (contender: string) =>
      summarize(
        numbers(
          client.filter((row) => row.contender === contender && row.concurrency === concurrency),
          'requestsPerSecond',
        ),
      );
    const [ours, sdk, fetch] = [of('int'), of('mercadopago'), of('fetch')];
    lines.push(
      `| c=${concurrency} | ${spread(ours)} | ${spread(sdk)} | ${spread(fetch)} | ${spread(pairedRatios(client, 'int', 'mercadopago', concurrency), 2)} | ${spread(pairedRatios(client, 'int', 'fetch', concurrency), 2)} |`,
    );
  }
  return [...lines, ''];
}

async function webhooksSection(
  log: (line: string) => void,
  rounds: number,
  out: ProviderResults,
): Promise<string[]> {
  log(
    'webhooks: Stripe, HubSpot v3 and Standard Webhooks verification vs their reference libraries',
  );
  const hooks = jsonLines(await runBench('./webhooks.bench.ts', { BENCH_ROUNDS: String(rounds) }));
  out.raw.webhooks = hooks;
  const verifications = (contender: string) =>
    summarize(
      numbers(
        hooks.filter((row) => row.contender === contender),
        'verificationsPerSec',
      ),
    );
  const [stripe, nodeSync, nodeAsync, hubspot, hubspotClient, standard, standardReference] = [
    verifications('int'),
    verifications('stripe-node-sync'),
    verifications('stripe-node-async'),
    verifications('int-hubspot-v3'),
    verifications('hubspot-api-client-v3'),
    verifications('int-standard-webhooks'),
    verifications('standardwebhooks'),
  ];
  const [webCryptoHmac, nodeHmac] = [verifications('webcrypto-hmac'), verifications('node-hmac')];
  const lines = [
    '## Webhook verification',
    '',
    `Verifications per second of one valid delivery, ${rounds} rounds of 1 s each in rotating order, median (min–max). Ours keep one async API on every runtime; on Node the HMAC runs on node:crypto (core's platform adapter), elsewhere on WebCrypto. Every contender parses the JSON body.`,
    '',
    '| scheme | ours | verifications/s | reference library | verifications/s | ours ÷ reference |',
    '| --- | --- | ---: | --- | ---: | ---: |',
    `| Stripe | @int/stripe \`constructEvent\` | ${spread(stripe)} | stripe-node \`constructEvent\` (sync) | ${spread(nodeSync)} | ${ratio(stripe.median, nodeSync.median)} |`,
    `| Stripe | | | stripe-node \`constructEventAsync\` | ${spread(nodeAsync)} | ${ratio(stripe.median, nodeAsync.median)} |`,
    `| HubSpot v3 | @int/hubspot \`verifySignature\` | ${spread(hubspot)} | @hubspot/api-client 13.5.0 \`Signature.isValid\` (sync) | ${spread(hubspotClient)} | ${ratio(hubspot.median, hubspotClient.median)} |`,
    `| Standard Webhooks | @int/core \`verifyStandardWebhook\` + \`JSON.parse\` | ${spread(standard)} | standardwebhooks 1.1.1 \`Webhook.verify\` (sync) | ${spread(standardReference)} | ${ratio(standard.median, standardReference.median)} |`,
    '',
    `The primitives alone on Stripe's signed content: node:crypto \`createHmac\` ${spread(nodeHmac)}/s, WebCrypto \`crypto.subtle.sign\` (key imported once) ${spread(webCryptoHmac)}/s, ${ratio(webCryptoHmac.median, nodeHmac.median)} of node:crypto (each sign is an async job on the libuv pool), which is why Node verifies on node:crypto. @hubspot/api-client checks the timestamp one way only and compares with \`===\`; ours checks both ways, decodes HubSpot's escaped URI characters and compares in constant time.`,
    '',
  ];
  out.targets.push(
    {
      what: 'Stripe webhook verifications/s vs stripe-node `constructEvent` (sync)',
      ratio: stripe.median / nodeSync.median,
      kind: 'atLeast',
      bound: 1,
      source: 'issues 5, 16',
    },
    {
      what: 'Stripe webhook verifications/s vs stripe-node `constructEventAsync`',
      ratio: stripe.median / nodeAsync.median,
      kind: 'atLeast',
      bound: 1,
      source: 'issue 5',
    },
  );
  return lines;
}

async function sizeSection(log: (line: string) => void, out: ProviderResults): Promise<string[]> {
  log('bundle sizes (esbuild) and cold import times');
  const rows = jsonLines(await runBench('./bundle-size.bench.ts'));
  out.raw.bundleSize = rows;
  const size = (name: string, platform = 'node') =>
    rows.find((row) => row.kind === 'size' && row.name === name && row.platform === platform);
  const gzip = (name: string, platform = 'node') => Number(size(name, platform)?.gzipBytes);
  const minified = (name: string, platform = 'node') => Number(size(name, platform)?.minifiedBytes);
  const sizeRow = (label: string, ours: string, theirs: string | undefined, platform = 'node') =>
    `| ${label} | ${format(minified(ours, platform))} | ${format(gzip(ours, platform))} | ${theirs ? format(gzip(theirs, platform)) : '—'} | ${theirs ? ratio(gzip(ours, platform), gzip(theirs, platform)) : '—'} |`;
  const lines = [
    '## One-call app size (esbuild, minified + gzip) and cold import',
    '',
    "Each app imports one package and makes one call; esbuild bundles it (ESM, minified) and the output is gzipped, once for Node (platform node, `node:*` external) and once for Cloudflare Workers (platform browser, the conditions wrangler resolves: `workerd`, `worker`, `browser`). Sizes are deterministic, so one build each. FedEx and UPS publish no official Node SDK, so @int/fedex and @int/ups have no contender; MercadoPago's SDK is CommonJS for Node only (it reads `process.version` and requires `crypto`), so it is compared on Node alone. The Workers builds of ours contain no `node:` import and not the Node transport (asserted by tests/runtimes).",
    '',
    '| app | ours minified bytes | ours gzip bytes | official SDK gzip bytes | ours ÷ SDK |',
    '| --- | ---: | ---: | ---: | ---: |',
    sizeRow(
      '@int/stripe `paymentIntents.create` vs stripe-node 23.1.0 (Node)',
      '@int/stripe',
      'stripe-node 23.1.0',
    ),
    sizeRow(
      '@int/stripe `paymentIntents.create` vs stripe-node 23.1.0 worker build (Workers)',
      '@int/stripe',
      'stripe-node 23.1.0',
      'workers',
    ),
    sizeRow('@int/stripe webhook verification only (Node)', '@int/stripe webhook only', undefined),
    sizeRow(
      '@int/stripe webhook verification only (Workers)',
      '@int/stripe webhook only',
      undefined,
      'workers',
    ),
    sizeRow(
      '@int/hubspot `contacts.create` vs @hubspot/api-client 13.5.0 (Node)',
      '@int/hubspot',
      '@hubspot/api-client 13.5.0',
    ),
    sizeRow('@int/hubspot `contacts.create` (Workers)', '@int/hubspot', undefined, 'workers'),
    sizeRow('@int/fedex `rates.quote` (no official SDK, Node)', '@int/fedex', undefined),
    sizeRow('@int/fedex `rates.quote` (Workers)', '@int/fedex', undefined, 'workers'),
    sizeRow(
      '@int/mercadopago `payments.create` vs mercadopago 3.6.1 (Node)',
      '@int/mercadopago',
      'mercadopago 3.6.1',
    ),
    sizeRow(
      '@int/mercadopago `payments.create` (Workers; the SDK has no Workers build)',
      '@int/mercadopago',
      undefined,
      'workers',
    ),
    sizeRow('@int/ups `rates.quote` (no official SDK, Node)', '@int/ups', undefined),
    sizeRow('@int/ups `rates.quote` (Workers)', '@int/ups', undefined, 'workers'),
    sizeRow(
      'inside the Stripe app: @int/core `createHttpClient`, one form POST (Node)',
      '@int/core one call',
      undefined,
    ),
    sizeRow(
      'the same (Workers: fetch and WebCrypto only)',
      '@int/core one call',
      undefined,
      'workers',
    ),
    sizeRow(
      'inside that: ofetch 1.5.1, runtime-neutral build (the transport issue 2 requires; bundled by core)',
      'ofetch 1.5.1',
      undefined,
      'workers',
    ),
    '',
    `The issue-17 budgets for the one-call Stripe app: a third of stripe-node's for Workers, ${format(Math.floor(gzip('stripe-node 23.1.0', 'workers') / 3))} gzip bytes, and half of it for Node, ${format(Math.floor(gzip('stripe-node 23.1.0') / 2))}; ` +
      `the pipeline alone takes ${format(gzip('@int/core one call', 'workers'))} (Workers) and ${format(gzip('@int/core one call'))} (Node) of them, ofetch ${format(gzip('ofetch 1.5.1', 'workers'))}.`,
    '',
  ];
  for (const [platform, bound] of [
    ['workers', 1 / 3],
    ['node', 1 / 2],
  ] as const) {
    out.targets.push({
      what: `@int/stripe one-call app gzip size vs stripe-node (${platform})`,
      ratio: gzip('@int/stripe', platform) / gzip('stripe-node 23.1.0', platform),
      kind: 'atMost',
      bound,
      source: 'issue 17',
    });
  }
  const cold = rows.filter((row) => row.kind === 'cold-import');
  const coldOf = (name: string) => {
    const row = cold.find((candidate) => candidate.name === name);
    return summarize((row?.samplesMs as number[] | undefined) ?? []);
  };
  lines.push(
    `Cold import (\`await import()\` of the ESM entry in a fresh node process), ${((cold[0]?.samplesMs as number[] | undefined) ?? []).length} samples each, median ms (min–max); lower is better:`,
    '',
    '| package | cold import ms | ÷ official SDK |',
    '| --- | ---: | ---: |',
  );
  for (const [ours, theirs] of [
    ['@int/stripe', 'stripe-node 23.1.0'],
    ['@int/hubspot', '@hubspot/api-client 13.5.0'],
    ['@int/fedex', undefined],
    ['@int/mercadopago', 'mercadopago 3.6.1'],
    ['@int/ups', undefined],
  ] as const) {
    lines.push(
      `| ${ours} | ${spread(coldOf(ours), 1)} | ${theirs ? ratio(coldOf(ours).median, coldOf(theirs).median) : '—'} |`,
    );
    if (theirs) lines.push(`| ${theirs} | ${spread(coldOf(theirs), 1)} | |`);
  }
  return [...lines, ''];
}

async function hubspotSection(
  log: (line: string) => void,
  out: ProviderResults,
): Promise<string[]> {
  log('hubspot: bulk sync vs @hubspot/api-client');
  const rows = jsonLines(await runBench('./hubspot-sync.bench.ts'));
  out.raw.hubspotSync = rows;
  const first = rows[0] ?? {};
  const names = [...new Set(rows.map((row) => String(row.contender)))];
  const theoretical = Number(first.theoreticalMs);
  const rounds = rows.filter((row) => row.contender === names[0]).length;
  const lines = [
    '## @int/hubspot vs @hubspot/api-client 13.5.0: bulk sync',
    '',
    `${first.contacts} contacts (${first.batches} batch upserts of ${first.batchSize}) into the HubSpot fake, which enforces ${first.burst} calls per ${first.windowMs} ms (HubSpot's 100 per 10 s, on a window ten times shorter). Theoretical minimum ${format(theoretical)} ms. ${rounds} rounds, order alternating; median (min–max).`,
    '',
    '| contender | wall time ms | × minimum | requests | 429s | contacts stored | failed inputs |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const name of names) {
    const mine = rows.filter((row) => row.contender === name);
    const wall = summarize(numbers(mine, 'wallMs'));
    const pick = (field: string) => spread(summarize(numbers(mine, field)));
    lines.push(
      `| ${name} | ${spread(wall)} | ${(wall.median / theoretical).toFixed(2)} | ${pick('requests')} | ${pick('rateLimited')} | ${pick('stored')} | ${pick('failedInputs')} |`,
    );
  }
  const ours = rows.filter((row) => String(row.contender).startsWith('@int/hubspot'));
  out.targets.push(
    {
      what: `@int/hubspot bulk sync of ${format(Number(first.contacts))} contacts, wall time vs the theoretical minimum`,
      ratio: summarize(numbers(ours, 'wallMs')).median / theoretical,
      kind: 'atMost',
      bound: 1.05,
      source: 'issue 17',
    },
    {
      what: '@int/hubspot bulk sync: 429 answers, every round together',
      ratio: numbers(ours, 'rateLimited').reduce((total, count) => total + count, 0),
      kind: 'atMost',
      bound: 0,
      source: 'issue 17',
      unit: 'count',
    },
  );
  return [...lines, ''];
}

async function storesSection(log: (line: string) => void, out: ProviderResults): Promise<string[]> {
  log('stores: sqliteQueue, bullmqQueue, redisRateLimiter');
  let output: string;
  try {
    output = await runBench('./stores-queue.bench.ts');
  } catch (error) {
    return ['## Queues and limiter', '', `Skipped: ${(error as Error).message.split('\n')[0]}`, ''];
  }
  const result = JSON.parse(output.slice(output.indexOf('{'))) as StoresResult;
  out.raw.stores = result;
  return renderStores(result, out);
}

export interface StoresResult {
  jobs: number;
  concurrency: number;
  acquires: number;
  rounds: number;
  queues: Row[];
  redisRateLimiter: Array<{ acquireMicrosPerCall: number; pingMicrosPerCall: number }>;
}

/** The Queues section and its two targets, from `stores-queue.bench.ts`'s output. */
export function renderStores(
  result: StoresResult,
  out: Pick<ProviderResults, 'targets'>,
): string[] {
  const lines = [
    `## Queues (${format(result.jobs)} no-op jobs, concurrency ${result.concurrency}) and the rate limiters`,
    '',
    `${result.rounds} rounds, contenders in an order rotated every round; median jobs/s (min–max). Enqueue one by one (each acknowledged enqueue committed), then process all; total = jobs ÷ (enqueue + process time). The baseline is plain better-sqlite3 doing the same writes one by one, each its own transaction (insert; then claim and complete per job), on the same table, indexes and file settings (WAL, synchronous NORMAL): \`bench/src/sqlite-baseline.ts\`.`,
    '',
    '| queue | enqueue jobs/s | process jobs/s | total jobs/s | total ÷ baseline (paired) |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  const BASELINE = 'better-sqlite3 baseline';
  const totalOf = (name: string, round: unknown) =>
    Number(result.queues.find((row) => row.queue === name && row.round === round)?.totalPerSecond);
  // Ratios taken inside one round, then the median: steadier than a ratio of medians.
  const paired = (name: string, base: string) =>
    summarize(
      result.queues
        .filter((row) => row.queue === name)
        .map((row) => Number(row.totalPerSecond) / totalOf(base, row.round)),
    );
  for (const name of [BASELINE, 'sqliteQueue', 'bullmqQueue']) {
    const mine = result.queues.filter((row) => row.queue === name);
    const cell = (field: string) => spread(summarize(numbers(mine, field)));
    lines.push(
      `| ${name} | ${cell('enqueuePerSecond')} | ${cell('processPerSecond')} | ${cell('totalPerSecond')} | ${spread(paired(name, BASELINE), 2)} |`,
    );
  }
  const overBaseline = paired('sqliteQueue', BASELINE);
  const overBullmq = paired('sqliteQueue', 'bullmqQueue');
  lines.push(
    '',
    `sqliteQueue ÷ bullmqQueue, total jobs/s paired per round: ${spread(overBullmq, 2)}.`,
  );
  out.targets.push(
    {
      what: 'sqliteQueue total jobs/s vs plain better-sqlite3, same writes one by one',
      ratio: overBaseline.median,
      kind: 'atLeast',
      bound: 1,
      source: 'issue 20',
    },
    {
      what: 'sqliteQueue total jobs/s vs bullmqQueue',
      ratio: overBullmq.median,
      kind: 'atLeast',
      bound: 2,
      source: 'issue 20',
    },
  );
  const acquire = summarize(result.redisRateLimiter.map((row) => row.acquireMicrosPerCall));
  const ping = summarize(result.redisRateLimiter.map((row) => row.pingMicrosPerCall));
  lines.push(
    '',
    `\`redisRateLimiter.acquire\` (a budget that never waits, ${format(result.acquires)} calls per round): ${spread(acquire)} µs per call; a Redis PING ${spread(ping)} µs; so ${ratio(acquire.median, ping.median)} one round trip. The in-memory limiter's cost is the \`createHttpClient + metrics + rate limiter\` row of the HTTP table against \`createHttpClient (defaults)\`.`,
    '',
  );
  return lines;
}

export interface RetentionResult {
  items: number;
  keep: number;
  checkpoints: number;
  results: Array<{
    store: string;
    unit: 'heap' | 'file' | 'redis';
    retention: boolean;
    itemsPerSecond: number;
    samples: Array<{ items: number; bytes: number; keys?: number }>;
  }>;
}

async function retentionSection(
  log: (line: string) => void,
  out: ProviderResults,
): Promise<string[]> {
  const items = process.env.BENCH_RETENTION_ITEMS ?? '1000000';
  log(`retention: ${items} jobs and events through each store, with and without retention`);
  let output: string;
  try {
    output = await runBench('./retention.bench.ts', { BENCH_RETENTION_ITEMS: items });
  } catch (error) {
    return ['## Retention', '', `Skipped: ${(error as Error).message.split('\n')[0]}`, ''];
  }
  const result = JSON.parse(output.slice(output.indexOf('{'))) as RetentionResult;
  out.raw.retention = result;
  return renderRetention(result);
}

/** The Retention section, from `retention.bench.ts`'s output. */
export function renderRetention(result: RetentionResult): string[] {
  const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MiB`;
  const show = (sample: { bytes: number; keys?: number }, unit: string) =>
    unit === 'redis' ? `${format(sample.keys ?? 0)} keys` : mib(sample.bytes);
  // The first tenth is the warm-up; what matters is how the rest moves.
  const describe = (row: RetentionResult['results'][number]) => {
    const warm = row.samples[1]!;
    const end = row.samples[row.samples.length - 1]!;
    const measure = (sample: { bytes: number; keys?: number }) =>
      row.unit === 'redis' ? (sample.keys ?? 0) : sample.bytes;
    const peak = row.samples
      .slice(1)
      .reduce((best, sample) => (measure(sample) > measure(best) ? sample : best));
    return `${show(warm, row.unit)} → ${show(end, row.unit)} (peak ${show(peak, row.unit)}; ×${(measure(end) / measure(warm)).toFixed(2)})`;
  };
  const lines = [
    `## Retention (${format(result.items)} no-op jobs or webhook events per store)`,
    '',
    `Each store takes ${format(result.items)} items, once with retention (done items capped at ${format(result.keep)}, pruned every second in batches of 500) and once with \`retention: false\`, in the same run. Storage after the first tenth (warm-up) → at the end, the peak in between, and end ÷ warm-up: heap after a forced GC for the memory stores, database + WAL bytes for SQLite, keys under the store's prefix for Redis (Redis' used_memory, shared with other users of the server, is in results.json). With retention the storage stays within the cap plus what arrives between two prunes; without, it grows with the work. Jobs: enqueue then process, no-op handler, concurrency 16; events: insert, then processing, then processed, 16 at a time.`,
    '',
    '| store | measured | with retention | without retention | items/s with / without |',
    '| --- | --- | --- | --- | ---: |',
  ];
  const stores = [...new Set(result.results.map((row) => row.store))];
  for (const store of stores) {
    const kept = result.results.find((row) => row.store === store && row.retention);
    const all = result.results.find((row) => row.store === store && !row.retention);
    if (!kept || !all) continue;
    const unit = { heap: 'heap', file: 'file bytes', redis: 'keys' }[kept.unit];
    lines.push(
      `| ${store} | ${unit} | ${describe(kept)} | ${describe(all)} | ${format(kept.itemsPerSecond)} / ${format(all.itemsPerSecond)} |`,
    );
  }
  return [...lines, ''];
}

/** The breaker's cost with the network taken out: `breaker-cost.bench.ts`. */
async function breakerSection(
  log: (line: string) => void,
  out: ProviderResults,
): Promise<string[]> {
  log('breaker: createHttpClient with and without circuitBreaker() over an in-process fetch');
  const rows = jsonLines(await runBench('./breaker-cost.bench.ts'));
  out.raw.breakerCost = rows;
  const rate = (contender: string, round: unknown) =>
    Number(rows.find((row) => row.contender === contender && row.round === round)?.callsPerSecond);
  const bare = summarize(
    numbers(
      rows.filter((row) => row.contender === 'core'),
      'callsPerSecond',
    ),
  );
  const guarded = summarize(
    numbers(
      rows.filter((row) => row.contender === 'core-breaker'),
      'callsPerSecond',
    ),
  );
  const paired = summarize(
    rows
      .filter((row) => row.contender === 'core-breaker')
      .map((row) => Number(row.callsPerSecond) / rate('core', row.round)),
  );
  const perCallUs = (1 / guarded.median - 1 / bare.median) * 1e6;
  return [
    "## The circuit breaker's cost, network taken out",
    '',
    `\`createHttpClient\` POSTs over an in-process \`fetch\` that answers at once, with and without \`circuitBreaker()\`, ${rows.length / 2} interleaved rounds (order alternating). The loopback rows of the HTTP table swing ±15 % per round at c=1, more than the 2 % issue 20 allows; here the denominator is the client's own per-call work alone, so the ratio is an upper bound on the breaker's share of a real call.`,
    '',
    '| contender | calls/s median (min–max) | paired ÷ without |',
    '| --- | ---: | ---: |',
    `| createHttpClient | ${spread(bare)} | 1.00 |`,
    `| createHttpClient + circuitBreaker() | ${spread(guarded)} | ${paired.median.toFixed(3)} (${paired.min.toFixed(2)}–${paired.max.toFixed(2)}) |`,
    '',
    `The breaker adds about ${perCallUs.toFixed(1)} µs per call, ${((1 - paired.median) * 100).toFixed(1)} % of this client's own ${(1e6 / bare.median).toFixed(0)} µs per call; a loopback request costs several hundred µs of CPU (the HTTP table's last column), so its share of a real call is a few tenths of a percent.`,
    '',
  ];
}

/** The provider and store sections, in the order they run; `BENCH_SECTIONS` picks some of them. */
export const PROVIDER_SECTIONS = [
  'stripe',
  'mercadopago',
  'breaker',
  'webhooks',
  'size',
  'hubspot',
  'stores',
  'retention',
] as const;

/** `BENCH_SECTIONS=mercadopago,size`: only those sections (all when unset). */
export function sectionsFromEnvironment(value = process.env.BENCH_SECTIONS): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const names = value.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(PROVIDER_SECTIONS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `BENCH_SECTIONS: unknown section ${unknown.join(', ')}; known: ${PROVIDER_SECTIONS.join(', ')}.`,
    );
  }
  return names;
}

export async function runProviderBenches(
  log: (line: string) => void,
  options: { rounds: number; scale: number; sections?: string[] | undefined },
): Promise<ProviderResults> {
  const out: ProviderResults = { markdown: '', targets: [], raw: {} };
  const sections: string[] = [];
  const steps: Array<[string, () => Promise<string[]>]> = [
    ['stripe', () => stripeSection(log, options.rounds, options.scale, out)],
    ['mercadopago', () => mercadoPagoSection(log, options.rounds, options.scale, out)],
    ['breaker', () => breakerSection(log, out)],
    ['webhooks', () => webhooksSection(log, options.rounds, out)],
    ['size', () => sizeSection(log, out)],
    ['hubspot', () => hubspotSection(log, out)],
    ['stores', () => storesSection(log, out)],
    ['retention', () => retentionSection(log, out)],
  ];
  const only = options.sections;
  for (const [name, section] of steps) {
    if (only && !only.includes(name)) continue;
    try {
      sections.push(...(await section()));
    } catch (error) {
      sections.push(`## ${name}`, '', `Failed: ${(error as Error).message.split('\n')[0]}`, '');
    }
  }
  out.markdown = sections.join('\n');
  return out;
}

// Some sections alone, without the HTTP suite, to check them; prints, writes no file:
// BENCH_SECTIONS=mercadopago,size BENCH_ROUNDS=1 BENCH_SCALE=0.1 node --expose-gc --import tsx src/provider-benches.ts
if (import.meta.url === `file://${process.argv[1]}`) {
  const { renderTargets } = await import('./targets.js');
  const results = await runProviderBenches((line) => process.stderr.write(`[bench] ${line}\n`), {
    rounds: Number(process.env.BENCH_ROUNDS ?? 5),
    scale: Number(process.env.BENCH_SCALE ?? 1),
    sections: sectionsFromEnvironment(),
  });
  process.stdout.write(`${[results.markdown, ...renderTargets(results.targets)].join('\n')}\n`);
}
