import { writeFile } from 'node:fs/promises';
import { startEchoServer } from './echo-server.js';
import {
  BREAKER_ID,
  BREAKER_RATIO,
  checkContenders,
  httpClientScenarios,
  TARGET_ID,
  TARGET_RATIO,
} from './http-client.bench.js';
import { runProviderBenches, sectionsFromEnvironment } from './provider-benches.js';
import { describeMachine, type Report, renderMarkdown } from './report.js';
import { runScenarios } from './runner.js';
import { median } from './stats.js';
import { renderTargets, type Target } from './targets.js';

// Sizes tuned so a full run stays under 90 s on a 2-core machine; override
// with BENCH_ROUNDS and BENCH_SCALE (a multiplier on request counts).
const rounds = positiveNumber('BENCH_ROUNDS', 5);
const scale = positiveNumber('BENCH_SCALE', 1);
const serialRequests = Math.round(600 * scale);
const concurrentRequests = Math.round(1_600 * scale);

function positiveNumber(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!(parsed > 0)) throw new Error(`${name} must be a positive number, got "${value}".`);
  return parsed;
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const server = await startEchoServer();
try {
  const scenarios = httpClientScenarios(server.url, { serialRequests, concurrentRequests });
  await checkContenders(scenarios);
  const started = performance.now();
  const results = await runScenarios(scenarios, { rounds, onProgress: log });
  log(`measured in ${((performance.now() - started) / 1_000).toFixed(1)} s`);

  const report: Report = {
    date: new Date().toISOString(),
    machine: describeMachine(),
    rounds,
    method:
      `keep-alive node:http server on 127.0.0.1 in a worker thread; per contender ${serialRequests} requests ` +
      `at c=1 and ${concurrentRequests} at c=32 per round after a warm-up; ${rounds} interleaved rounds in ` +
      'rotating order, GC forced before each measurement; median of rounds, ratio = median ÷ raw fetch median, ' +
      'paired = median of per-round ratios; CPU µs/req = process CPU (client + server thread) per request.',
    target: { contender: TARGET_ID, ratio: TARGET_RATIO },
    scenarios: results,
  };
  // Provider and store suites: skip with BENCH_ONLY_HTTP=1, pick some with BENCH_SECTIONS.
  const providers = process.env.BENCH_ONLY_HTTP
    ? undefined
    : await runProviderBenches(log, { rounds, scale, sections: sectionsFromEnvironment() });
  const targets: Target[] = [];
  for (const scenario of results) {
    const core = scenario.contenders.find((contender) => contender.id === TARGET_ID);
    if (!core) continue;
    targets.push({
      what: `@int/core \`createHttpClient\` ${scenario.name} req/s vs raw fetch`,
      ratio: core.ratio,
      kind: 'atLeast',
      bound: TARGET_RATIO,
      source: 'issues 2, 17',
    });
    const breaker = scenario.contenders.find((contender) => contender.id === BREAKER_ID);
    if (breaker) {
      targets.push({
        what: `circuit breaker's cost on the success path, ${scenario.name}: req/s with \`circuitBreaker()\` vs without (paired per round)`,
        // Paired per round (same round, same load), as the provider rows are.
        ratio: median(breaker.rounds.map((rate, index) => rate / core.rounds[index]!)),
        kind: 'atLeast',
        bound: BREAKER_RATIO,
        source: 'issue 20',
      });
    }
  }
  targets.push(...(providers?.targets ?? []));
  const markdown = [
    renderMarkdown(report),
    providers?.markdown ?? '',
    ...renderTargets(targets),
    '## Notes',
    '',
    `- Measured on a shared machine (${report.machine.cores} cores, other sessions building and testing at the same time): absolute numbers move from run to run by the spreads shown; ratios taken in the same round are steadier than the absolute figures.`,
    '- Loopback with a trivial handler is the worst case for client overhead: against a real API, network latency dwarfs the microseconds measured here.',
    '- A CPU profile of the HTTP suite: `pnpm --filter @int/bench bench:profile` (writes `bench/.profiles/*.cpuprofile`).',
    '',
  ].join('\n');
  process.stdout.write(`\n${markdown}`);
  const here = new URL('../', import.meta.url);
  await writeFile(new URL('RESULTS.md', here), markdown);
  await writeFile(
    new URL('results.json', here),
    `${JSON.stringify({ ...report, targets, providers: providers?.raw ?? {} }, null, 2)}\n`,
  );
  log('wrote bench/RESULTS.md and bench/results.json');
} finally {
  await server.close();
}
