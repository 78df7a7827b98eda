import { cpus, totalmem } from 'node:os';
import type { ScenarioResult } from './runner.js';
import { formatCount, formatRatio } from './stats.js';

export interface Machine {
  cpu: string;
  cores: number;
  totalMemoryGiB: number;
  platform: string;
  node: string;
}

export function describeMachine(): Machine {
  const processors = cpus();
  return {
    cpu: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    totalMemoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${process.platform} ${process.arch}`,
    node: process.version,
  };
}

export interface Report {
  date: string;
  machine: Machine;
  rounds: number;
  /** One line on how the numbers were taken. */
  method: string;
  target: { contender: string; ratio: number };
  scenarios: ScenarioResult[];
}

export function renderMarkdown(report: Report): string {
  const { machine } = report;
  const lines = [
    '# Benchmark results',
    '',
    `- Date: ${report.date}`,
    `- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.totalMemoryGiB} GiB, ${machine.platform}`,
    `- Node: ${machine.node}`,
    `- Rounds: ${report.rounds}`,
    `- Method: ${report.method}`,
    '',
    '| Scenario | Contender | Median req/s | Spread min–max | IQR p25–p75 | × raw fetch | Paired × | CPU µs/req |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const scenario of report.scenarios) {
    for (const contender of scenario.contenders) {
      const { summary } = contender;
      lines.push(
        `| ${scenario.name} | ${contender.label} | ${formatCount(summary.median)} | ` +
          `${formatCount(summary.min)}–${formatCount(summary.max)} | ` +
          `${formatCount(summary.p25)}–${formatCount(summary.p75)} | ` +
          `${formatRatio(contender.ratio)} | ${formatRatio(contender.pairedRatio)} | ` +
          `${formatCount(contender.medianCpuMicrosPerRequest)} |`,
      );
    }
  }
  lines.push('', `Target: \`${report.target.contender}\` ≥ ${report.target.ratio}× raw fetch.`, '');
  for (const scenario of report.scenarios) {
    const target = scenario.contenders.find(
      (contender) => contender.id === report.target.contender,
    );
    if (!target) continue;
    const verdict = target.ratio >= report.target.ratio ? 'meets' : 'BELOW';
    // Raw fetch has no timeout; core always has one. Also compare like with like.
    const withTimeout = scenario.contenders.find((contender) => contender.id === 'fetch-timeout');
    const fair = withTimeout
      ? `; ${formatRatio(target.summary.median / withTimeout.summary.median)} raw fetch with a timeout`
      : '';
    lines.push(`- ${scenario.name}: ${formatRatio(target.ratio)} (${verdict})${fair}`);
  }
  lines.push('');
  return lines.join('\n');
}
