/** Linear-interpolated quantile of sorted values (`fraction` in 0..1). */
export function quantile(sorted: ReadonlyArray<number>, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * fraction;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower]!;
  const high = sorted[upper]!;
  return low + (high - low) * (position - lower);
}

export interface Summary {
  median: number;
  min: number;
  max: number;
  p25: number;
  p75: number;
}

export function summarize(values: ReadonlyArray<number>): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
  };
}

export function median(values: ReadonlyArray<number>): number {
  return summarize(values).median;
}

/** `12 345` style thousands, rounded. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US').replaceAll(',', ' ');
}

export function formatRatio(value: number): string {
  return `${value.toFixed(2)}×`;
}
