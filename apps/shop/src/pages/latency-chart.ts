import type { LoggedCall } from '../observability/call-log.js';
import { PROVIDERS } from '../observability/provider-health.js';
import { escapeHtml, raw, type SafeHtml } from './html.js';

export const PROVIDER_COLORS: Record<string, string> = {
  stripe: '#635bff',
  fedex: '#ff6200',
  hubspot: '#00a4bd',
};

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { left: 52, right: 12, top: 12, bottom: 28 };

/** A ceiling for the y axis that reads well: 1, 2 or 5 times a power of ten. */
function niceCeiling(value: number): number {
  if (value <= 0) return 10;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

/**
 * Latency of each call over time, one line per provider, as inline SVG (no
 * script, no library). Failed calls are drawn as hollow red rings.
 */
export function latencyChart(calls: ReadonlyArray<LoggedCall>): SafeHtml {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  if (calls.length === 0) {
    return raw(
      `<svg data-testid="latency-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="No calls yet"><text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle" fill="#888">No provider calls yet</text></svg>`,
    );
  }
  const first = calls[0]!.at;
  const last = calls[calls.length - 1]!.at;
  const span = Math.max(1, last - first);
  const top = niceCeiling(Math.max(...calls.map((call) => call.durationMs)));
  const x = (at: number) => PAD.left + ((at - first) / span) * plotW;
  const y = (duration: number) => PAD.top + plotH - (Math.min(duration, top) / top) * plotH;
  const parts: string[] = [];
  for (const fraction of [0, 0.25, 0.5, 0.75, 1]) {
    const value = top * fraction;
    const yy = y(value).toFixed(1);
    parts.push(
      `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${yy}" y2="${yy}" stroke="#e5e7eb"/>`,
      `<text x="${PAD.left - 6}" y="${yy}" dy="4" text-anchor="end" font-size="11" fill="#6b7280">${Math.round(value)} ms</text>`,
    );
  }
  const seconds = Math.round(span / 1000);
  parts.push(
    `<text x="${PAD.left}" y="${HEIGHT - 8}" font-size="11" fill="#6b7280">${escapeHtml(new Date(first).toISOString().slice(11, 19))}</text>`,
    `<text x="${WIDTH - PAD.right}" y="${HEIGHT - 8}" text-anchor="end" font-size="11" fill="#6b7280">${escapeHtml(new Date(last).toISOString().slice(11, 19))} (${seconds} s)</text>`,
  );
  PROVIDERS.forEach((provider, index) => {
    const color = PROVIDER_COLORS[provider]!;
    const mine = calls.filter((call) => call.provider === provider);
    if (mine.length > 1) {
      const points = mine.map(
        (call) => `${x(call.at).toFixed(1)},${y(call.durationMs).toFixed(1)}`,
      );
      parts.push(
        `<polyline fill="none" stroke="${color}" stroke-width="1.5" stroke-opacity="0.7" points="${points.join(' ')}"/>`,
      );
    }
    for (const call of mine) {
      const cx = x(call.at).toFixed(1);
      const cy = y(call.durationMs).toFixed(1);
      parts.push(
        call.ok
          ? `<circle cx="${cx}" cy="${cy}" r="2.5" fill="${color}"/>`
          : `<circle cx="${cx}" cy="${cy}" r="4" fill="none" stroke="#dc2626" stroke-width="2"/>`,
      );
    }
    const lx = PAD.left + 10 + index * 110;
    parts.push(
      `<rect x="${lx}" y="${PAD.top + 2}" width="10" height="10" fill="${color}"/>`,
      `<text x="${lx + 14}" y="${PAD.top + 11}" font-size="12" fill="#374151">${provider}</text>`,
    );
  });
  return raw(
    `<svg data-testid="latency-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="Latency of provider calls over time">${parts.join('')}</svg>`,
  );
}
