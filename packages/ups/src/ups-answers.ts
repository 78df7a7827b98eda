import { asRecord } from '@int/core';
import type { Money, UPSAlert } from './ups-types.js';

/** Reading UPS's answers: nested PascalCase objects, one-item lists sent bare, exact money. */
type Json = Record<string, unknown>;

/** UPS sends a one-item list as a bare object below some versions: always a list of objects here. */
export const list = (value: unknown): Json[] =>
  (Array.isArray(value) ? (value as unknown[]) : [value]).flatMap((item): Json[] => {
    const record = asRecord(item);
    return record ? [record] : [];
  });

/** Walks `path` through nested objects. */
export const at = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((current, key) => asRecord(current)?.[key], value);

/** A non-empty string, without the `&#xD;` entities live void answers carry. */
export function text(value: unknown): string | undefined {
  const cleaned = typeof value === 'string' ? value.replace(/&#xD;/gi, '').trim() : '';
  return cleaned.length > 0 ? cleaned : undefined;
}

/** `{ Code, Description }` (or lower-case keys, as Tracking writes them). */
export const statusOf = (value: unknown) => ({
  code: text(at(value, 'Code') ?? at(value, 'code')),
  description: text(at(value, 'Description') ?? at(value, 'description')),
});

export const alertsOf = (value: unknown): UPSAlert[] =>
  list(value).flatMap((alert) => {
    const { code, description } = statusOf(alert);
    return code ? [{ code, description }] : [];
  });

const ZERO_DECIMALS = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF';
const THREE_DECIMALS = 'BHD IQD JOD KWD LYD OMR TND';

/**
 * `{ CurrencyCode, MonetaryValue }` as exact money: the decimal string kept, minor
 * units counted from its digits (never through a float). Undefined when the
 * value is not a plain decimal or has more decimals than its currency.
 */
export function money(value: unknown): Money | undefined {
  const currency = text(at(value, 'CurrencyCode'));
  const amount = text(at(value, 'MonetaryValue'));
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount ?? '');
  if (!currency || !amount || !match || !/^[A-Z]{3}$/.test(currency)) return undefined;
  const [, sign, whole, fraction = ''] = match;
  const decimals = ZERO_DECIMALS.includes(currency) ? 0 : THREE_DECIMALS.includes(currency) ? 3 : 2;
  if (/[^0]/.test(fraction.slice(decimals))) return undefined;
  const minorUnits = Number(`${sign}${whole}${fraction.slice(0, decimals).padEnd(decimals, '0')}`);
  return Number.isSafeInteger(minorUnits) ? { value: amount, currency, minorUnits } : undefined;
}
