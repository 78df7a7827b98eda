import { performance } from 'node:perf_hooks';
import { median, type Summary, summarize } from './stats.js';

export interface Contender {
  /** Stable key in results.json. */
  id: string;
  /** What the table shows. */
  label: string;
  /** One request, resolved once the body is parsed. */
  call(): Promise<unknown>;
}

export interface Scenario {
  /** e.g. `GET c=32`. */
  name: string;
  method: string;
  concurrency: number;
  /** Requests per contender per round. */
  requests: number;
  /** Requests per contender before the first round, not measured. */
  warmupRequests: number;
  contenders: Contender[];
  /** The contender every ratio is taken against. */
  baselineId: string;
}

export interface ContenderResult {
  id: string;
  label: string;
  /** Requests per second, one value per round, in round order. */
  rounds: number[];
  summary: Summary;
  /** Median req/s over the baseline's median req/s. */
  ratio: number;
  /** Median of the per-round ratios: same round, so less exposed to drift. */
  pairedRatio: number;
  /** Process CPU time (client and server thread) per request, µs, one value per round. */
  cpuMicrosPerRequest: number[];
  /** Median of `cpuMicrosPerRequest`; steadier than req/s on a busy machine. */
  medianCpuMicrosPerRequest: number;
}

export interface ScenarioResult {
  name: string;
  method: string;
  concurrency: number;
  requests: number;
  warmupRequests: number;
  contenders: ContenderResult[];
}

const collectGarbage = (globalThis as { gc?: () => void }).gc;

export interface Measurement {
  requestsPerSecond: number;
  /** Process CPU time per request in µs; includes the server thread, the same for everyone. */
  cpuMicrosPerRequest: number;
}

/** Runs `requests` calls with at most `concurrency` in flight. */
export async function drive(
  call: () => Promise<unknown>,
  requests: number,
  concurrency: number,
): Promise<Measurement> {
  let started = 0;
  const lane = async (): Promise<void> => {
    while (started < requests) {
      started += 1;
      await call();
    }
  };
  const cpuBefore = process.cpuUsage();
  const begin = performance.now();
  await Promise.all(Array.from({ length: concurrency }, lane));
  const seconds = (performance.now() - begin) / 1_000;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    requestsPerSecond: requests / seconds,
    cpuMicrosPerRequest: (cpu.user + cpu.system) / requests,
  };
}

/** Contenders in an order rotated by `round`, so none always runs first or last. */
function rotate<T>(items: ReadonlyArray<T>, round: number): T[] {
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

export interface RunOptions {
  rounds: number;
  onProgress?: (line: string) => void;
}

/**
 * Warms every contender up, then runs `rounds` rounds; each round visits every
 * scenario and every contender once, in rotating order, so that slow drift of
 * a shared machine is spread over all of them instead of landing on one.
 */
export async function runScenarios(
  scenarios: ReadonlyArray<Scenario>,
  options: RunOptions,
): Promise<ScenarioResult[]> {
  const progress = options.onProgress ?? (() => {});
  const measured = new Map<Scenario, Map<string, Measurement[]>>();
  for (const scenario of scenarios) {
    const perContender = new Map<string, Measurement[]>();
    for (const contender of scenario.contenders) {
      await drive(contender.call, scenario.warmupRequests, scenario.concurrency);
      perContender.set(contender.id, []);
    }
    measured.set(scenario, perContender);
    progress(`warmed up ${scenario.name}`);
  }

  for (let round = 0; round < options.rounds; round += 1) {
    const began = performance.now();
    for (const scenario of scenarios) {
      for (const contender of rotate(scenario.contenders, round)) {
        // Collect now so that one contender's garbage is not paid for by the next.
        collectGarbage?.();
        const measurement = await drive(contender.call, scenario.requests, scenario.concurrency);
        measured.get(scenario)!.get(contender.id)!.push(measurement);
      }
    }
    progress(
      `round ${round + 1}/${options.rounds} done in ${((performance.now() - began) / 1_000).toFixed(1)} s`,
    );
  }

  return scenarios.map((scenario) => {
    const perContender = measured.get(scenario)!;
    const rates = (id: string) =>
      perContender.get(id)!.map((measurement) => measurement.requestsPerSecond);
    const baselineRounds = rates(scenario.baselineId);
    const baselineMedian = median(baselineRounds);
    return {
      name: scenario.name,
      method: scenario.method,
      concurrency: scenario.concurrency,
      requests: scenario.requests,
      warmupRequests: scenario.warmupRequests,
      contenders: scenario.contenders.map((contender) => {
        const rounds = rates(contender.id);
        const summary = summarize(rounds);
        const cpu = perContender
          .get(contender.id)!
          .map((measurement) => measurement.cpuMicrosPerRequest);
        return {
          id: contender.id,
          label: contender.label,
          rounds,
          summary,
          ratio: summary.median / baselineMedian,
          pairedRatio: median(rounds.map((rate, index) => rate / baselineRounds[index]!)),
          cpuMicrosPerRequest: cpu,
          medianCpuMicrosPerRequest: median(cpu),
        };
      }),
    };
  });
}
