import {
  decimalToMinor,
  describeValue,
  minorToDecimal,
  ValidationError,
  type ValidationIssues,
} from '@int/core';
import type { MercadoPagoCurrency } from './mercadopago-types.js';

const DECIMALS = { ARS: 2, BRL: 2, CLP: 0, COP: 0, MXN: 2, PEN: 2, UYU: 2 } as const;
/** Decimals MercadoPago takes: CLP and COP in whole units (it refuses their decimals; ISO gives COP 2). */
export const CURRENCY_DECIMALS: Readonly<Record<MercadoPagoCurrency, number>> = DECIMALS;

const fail = (operation: string, path: string, message: string): never => {
  throw new ValidationError([{ path: [path], message }], { provider: 'mercadopago', operation });
};

/** Decimals of `currency`: 0 for CLP and COP, 2 for ARS, BRL, MXN, PEN and UYU. */
export function currencyDecimals(currency: MercadoPagoCurrency): number {
  if (typeof currency === 'string' && Object.hasOwn(DECIMALS, currency)) return DECIMALS[currency];
  return fail('currencyDecimals', 'currency', `must be one of ${Object.keys(DECIMALS).join(', ')}`);
}

/** `toMinorUnits('19.99', 'BRL')` and `toMinorUnits(19.99, 'BRL')` are 1999; `(1.5, 'CLP')` is refused. */
export function toMinorUnits(amount: number | string, currency: MercadoPagoCurrency): number {
  const minor = decimalToMinor(amount, currencyDecimals(currency));
  return typeof minor === 'number' ? minor : fail('toMinorUnits', 'amount', minor);
}

/** The exact decimal text: `fromMinorUnits(1999, 'BRL')` is `'19.99'`, `(1500, 'CLP')` `'1500'`. */
export function fromMinorUnits(minor: number, currency: MercadoPagoCurrency): string {
  const decimals = currencyDecimals(currency);
  if (!Number.isSafeInteger(minor) || minor < 0) {
    fail('fromMinorUnits', 'minor', `must be a safe integer from 0, got ${describeValue(minor)}`);
  }
  return minorToDecimal(minor, decimals);
}

/** The JSON number for `transaction_amount`, `unit_price` or a refund's `amount`: `(1999, 'BRL')` is 19.99. */
export const toAmount = (minor: number, currency: MercadoPagoCurrency): number =>
  Number(fromMinorUnits(minor, currency));

/** Records an issue unless `value` is a positive number with at most `decimals` decimals. */
export function checkAmount(
  issues: ValidationIssues,
  path: Path,
  value: unknown,
  decimals: number,
) {
  const minor =
    typeof value === 'number' ? decimalToMinor(value, decimals) : 'must be a number (toAmount)';
  if (typeof minor === 'string' || minor === 0) issues.add(path, minor || 'must be more than 0');
}

type Path = Array<string | number>;
