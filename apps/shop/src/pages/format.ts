export const money = (cents: number | undefined, currency = 'usd'): string =>
  cents === undefined
    ? '-'
    : `${currency === 'usd' ? '$' : `${currency.toUpperCase()} `}${(cents / 100).toFixed(2)}`;

export const time = (epochMs: number | undefined): string =>
  epochMs === undefined ? '-' : new Date(epochMs).toISOString().replace('T', ' ').slice(0, 19);

export const ms = (value: number | undefined): string =>
  value === undefined ? '-' : `${Math.round(value)} ms`;

export const percent = (value: number | undefined): string =>
  value === undefined ? '-' : `${(value * 100).toFixed(1)}%`;
