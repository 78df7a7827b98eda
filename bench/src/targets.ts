import { formatCount, formatRatio } from './stats.js';

/** One target from the issues, with what this run measured. */
export interface Target {
  /** e.g. `@int/core GET c=1 vs raw fetch`. */
  what: string;
  /** Measured ratio (ours ÷ theirs). */
  ratio: number;
  /** `atLeast`: ratio must be ≥ bound (throughput); `atMost`: ≤ bound (size). */
  kind: 'atLeast' | 'atMost';
  bound: number;
  /** Where the target comes from, e.g. `issue 2`. */
  source: string;
  /** `count`: `ratio` holds a plain count (429s seen), shown as a number. Default `ratio`. */
  unit?: 'ratio' | 'count' | undefined;
}

export function isMet(target: Target): boolean {
  return target.kind === 'atLeast' ? target.ratio >= target.bound : target.ratio <= target.bound;
}

/** `met (+12 %)` / `NOT met: 14 % short` — relative to the bound. */
export function verdict(target: Target): string {
  if (target.unit === 'count') {
    const over = Math.abs(target.ratio - target.bound);
    if (isMet(target)) return 'met';
    return `**NOT met**, ${formatCount(over)} ${target.kind === 'atLeast' ? 'short' : 'over'}`;
  }
  const margin = target.ratio / target.bound - 1;
  const percent = `${Math.abs(margin * 100).toFixed(0)} %`;
  if (isMet(target)) {
    return target.kind === 'atLeast' ? `met, ${percent} above` : `met, ${percent} below the cap`;
  }
  return target.kind === 'atLeast'
    ? `**NOT met**, ${percent} short`
    : `**NOT met**, ${percent} over`;
}

const show = (target: Target, value: number) =>
  target.unit === 'count' ? formatCount(value) : formatRatio(value);

export function renderTargets(targets: ReadonlyArray<Target>): string[] {
  const met = targets.filter(isMet).length;
  return [
    '## Targets',
    '',
    `${met} of ${targets.length} met in this run.`,
    '',
    '| target | source | measured | required | verdict |',
    '| --- | --- | ---: | ---: | --- |',
    ...targets.map(
      (target) =>
        `| ${target.what} | ${target.source} | ${show(target, target.ratio)} | ${target.kind === 'atLeast' ? '≥' : '≤'} ${show(target, target.bound)} | ${verdict(target)} |`,
    ),
    '',
  ];
}
