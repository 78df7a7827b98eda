import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { median } from './stats.js';

const run = promisify(execFile);

/**
 * The provider and store benchmarks run as child processes, one after the
 * other, so each starts cold and none shares a heap or an event loop with
 * another. Their results go into the same RESULTS.md as the HTTP suite.
 */
async function runBench(file: string): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', new URL(file, import.meta.url).pathname],
    {
      maxBuffer: 16 * 1024 * 1024,
      timeout: 600_000,
    },
  );
  return stdout;
}

const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}×`;
const format = (value: number) => Math.round(value).toLocaleString('en-US');

async function stripeSection(log: (line: string) => void): Promise<string[]> {
  log('stripe: paymentIntents.create vs stripe-node');
  const client = jsonLines(await runBench('./stripe-client.bench.ts'));
  const rates = (prefix: string) =>
    client.filter((row) => String(row.name).startsWith(prefix)).map((row) => Number(row.opsPerSec));
  const ours = median(rates('@int/stripe'));
  const theirs = median(rates('stripe-node'));
  log('stripe: webhook verification vs stripe-node');
  const hooks = jsonLines(await runBench('./stripe-webhooks.bench.ts'));
  const perSecond = (prefix: string) =>
    Number(hooks.find((row) => String(row.name).startsWith(prefix))?.verificationsPerSec ?? 0);
  const oursHooks = perSecond('@int/stripe');
  const nodeSync = perSecond('stripe-node constructEvent (sync');
  const nodeAsync = perSecond('stripe-node constructEventAsync');
  log('stripe: bundle size and cold import');
  const sizes = jsonLines(await runBench('./stripe-size.bench.ts'));
  const size = (name: string, platform: string) =>
    sizes.find((row) => row.name === name && row.platform === platform);
  const coldMs = (name: string) => Number(sizes.find((row) => row.name === name)?.ms ?? 0);
  const lines = [
    '## @int/stripe vs stripe-node 23.1.0',
    '',
    '| measure | @int/stripe | stripe-node | ratio (ours ÷ theirs) |',
    '| --- | ---: | ---: | ---: |',
    `| paymentIntents.create req/s (median of rounds, local server, c=8) | ${format(ours)} | ${format(theirs)} | ${ratio(ours, theirs)} |`,
    `| webhook verifications/s (ours async WebCrypto vs sync node:crypto) | ${format(oursHooks)} | ${format(nodeSync)} | ${ratio(oursHooks, nodeSync)} |`,
    `| webhook verifications/s (vs constructEventAsync) | ${format(oursHooks)} | ${format(nodeAsync)} | ${ratio(oursHooks, nodeAsync)} |`,
    `| cold import, median ms (lower is better) | ${coldMs('@int/stripe cold import (median ms)')} | ${coldMs('stripe-node cold import (median ms)')} | ${ratio(coldMs('@int/stripe cold import (median ms)'), coldMs('stripe-node cold import (median ms)'))} |`,
  ];
  for (const platform of ['node', 'browser']) {
    const mine = size('@int/stripe', platform);
    const other = size('stripe-node 23.1.0', platform);
    if (mine && other) {
      lines.push(
        `| one-call app, esbuild minified+gzip bytes (${platform} platform) | ${format(Number(mine.gzipBytes))} | ${format(Number(other.gzipBytes))} | ${ratio(Number(mine.gzipBytes), Number(other.gzipBytes))} |`,
      );
    }
  }
  const webhookOnly = size('@int/stripe webhook only', 'node');
  if (webhookOnly)
    lines.push(
      `| webhook-only app, minified+gzip bytes | ${format(Number(webhookOnly.gzipBytes))} | — | — |`,
    );
  return [...lines, ''];
}

async function hubspotSection(log: (line: string) => void): Promise<string[]> {
  log('hubspot: bulk sync vs @hubspot/api-client');
  const output = await runBench('./hubspot-sync.bench.ts');
  return ['## @int/hubspot vs @hubspot/api-client 13.5.0', '', output.trim(), ''];
}

async function storesSection(log: (line: string) => void): Promise<string[]> {
  log('stores: sqliteQueue, bullmqQueue, redisRateLimiter');
  let output: string;
  try {
    output = await runBench('./stores-queue.bench.ts');
  } catch (error) {
    return ['## Queues and limiter', '', `Skipped: ${(error as Error).message.split('\n')[0]}`, ''];
  }
  const start = output.indexOf('{');
  const result = JSON.parse(output.slice(start)) as {
    jobs: number;
    concurrency: number;
    queues: Array<Record<string, unknown>>;
    redisRateLimiter: {
      acquireMicrosPerCall: number;
      pingMicrosPerCall: number;
      overheadMicrosOverPing: number;
    };
  };
  const lines = [
    `## Queues (${result.jobs} no-op jobs, concurrency ${result.concurrency}) and the Redis limiter`,
    '',
    '| queue | results |',
    '| --- | --- |',
    ...result.queues.map((queue) => {
      const { name, ...rest } = queue;
      return `| ${String(queue.queue ?? name)} | ${Object.entries(rest)
        .map(
          ([key, value]) => `${key}: ${typeof value === 'number' ? format(value) : String(value)}`,
        )
        .join(', ')} |`;
    }),
    '',
    `redisRateLimiter.acquire: ${result.redisRateLimiter.acquireMicrosPerCall} µs per call, a Redis PING ${result.redisRateLimiter.pingMicrosPerCall} µs: ${ratio(result.redisRateLimiter.acquireMicrosPerCall, result.redisRateLimiter.pingMicrosPerCall)} a round trip.`,
    '',
  ];
  return lines;
}

export async function runProviderBenches(log: (line: string) => void): Promise<string> {
  const sections: string[] = [];
  for (const section of [stripeSection, hubspotSection, storesSection]) {
    try {
      sections.push(...(await section(log)));
    } catch (error) {
      sections.push(`Failed: ${(error as Error).message.split('\n')[0]}`, '');
    }
  }
  return sections.join('\n');
}
