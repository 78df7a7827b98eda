import { describeValue } from '../describe-value.js';

/**
 * Minor units of a non-negative decimal amount with at most `decimals` decimals,
 * or the reason it is not one (a string, ready for a validation issue). A number
 * is read through its shortest text (19.99 is "19.99"), so there is no float
 * drift; more decimals than allowed are refused, never rounded; trailing zeros
 * of the fraction do not count.
 */
export function decimalToMinor(amount: unknown, decimals: number): number | string {
  const text = typeof amount === 'number' && Number.isFinite(amount) ? String(amount) : amount;
  const match = typeof text === 'string' ? /^(\d+)(?:\.(\d+))?$/.exec(text.trim()) : null;
  if (!match) return `must be a non-negative decimal number, got ${describeValue(amount)}`;
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > decimals) return `has ${fraction.length} decimals; ${decimals} allowed`;
  const minor = Number(`${match[1]}${fraction.padEnd(decimals, '0')}`);
  return Number.isSafeInteger(minor) ? minor : 'is too large';
}

/** The exact decimal text of a safe integer of minor units: `(1999, 2)` is `'19.99'`, `(-5, 2)` `'-0.05'`. */
export function minorToDecimal(minor: number, decimals: number): string {
  const digits = String(Math.abs(minor)).padStart(decimals + 1, '0');
  const sign = minor < 0 ? '-' : '';
  return decimals === 0
    ? `${sign}${digits}`
    : `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}
