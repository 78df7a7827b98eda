import { describeValue, minorToDecimal, parseDecimalText, ValidationError } from '@int/core';

// Stripe's zero-decimal currencies (docs.stripe.com/currencies#zero-decimal).
const ZERO_DECIMAL = new Set(
  'bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf'.split(' '),
);
// ISO 4217 three-decimal currencies; Stripe supports bhd jod kwd omr tnd.
const THREE_DECIMAL = new Set('bhd iqd jod kwd lyd omr tnd'.split(' '));
// Stripe keeps these two-decimal in the API but accepts whole units only
// (ISK: "amounts must be evenly divisible by 100").
const WHOLE_UNITS_ONLY = new Set(['isk']);

function normalizeCurrency(currency: unknown, operation: string): string {
  if (typeof currency !== 'string' || !/^[a-zA-Z]{3}$/.test(currency)) {
    throw new ValidationError(
      [
        {
          path: ['currency'],
          message: `must be a three-letter ISO 4217 code, got ${describeValue(currency)}`,
        },
      ],
      { provider: 'stripe', operation },
    );
  }
  return currency.toLowerCase();
}

/**
 * Decimals of `currency` in Stripe's API: 0 for zero-decimal currencies
 * (JPY, KRW, ...), 3 for BHD, JOD, KWD, OMR, TND, else 2.
 */
export function currencyExponent(currency: string): number {
  const code = normalizeCurrency(currency, 'currencyExponent');
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}

/**
 * `amount` in the currency's minor unit, exactly: `toMinorUnits('19.99', 'usd')`
 * and `toMinorUnits(19.99, 'usd')` are 1999, `toMinorUnits(500, 'jpy')` is 500,
 * `toMinorUnits('1.5', 'kwd')` is 1500. More decimals than the currency has is a
 * `ValidationError`, never a silent rounding. Numbers are read through their
 * shortest decimal form, so float artefacts (19.99 * 100 = 1998.9999...) cannot occur.
 */
export function toMinorUnits(amount: number | string, currency: string): number {
  const operation = 'toMinorUnits';
  const code = normalizeCurrency(currency, operation);
  const exponent = currencyExponent(code);
  const fail = (message: string): never => {
    throw new ValidationError([{ path: ['amount'], message }], { provider: 'stripe', operation });
  };
  let text: string;
  if (typeof amount === 'number') {
    if (!Number.isFinite(amount)) fail(`must be a finite number, got ${amount}`);
    text = String(amount);
  } else if (typeof amount === 'string') {
    text = amount;
  } else {
    return fail(`must be a number or a decimal string, got ${typeof amount}`);
  }
  const parsed = parseDecimalText(text) ?? fail(`is not a decimal number: ${JSON.stringify(text)}`);
  const allowed = WHOLE_UNITS_ONLY.has(code) ? 0 : exponent;
  if (parsed.fraction.length > allowed) {
    fail(`${text} has ${parsed.fraction.length} decimals; ${code.toUpperCase()} allows ${allowed}`);
  }
  const minorText = parsed.whole + parsed.fraction.padEnd(exponent, '0');
  const minor = Number(minorText);
  if (!Number.isSafeInteger(minor)) fail(`${text} ${code.toUpperCase()} is too large`);
  return parsed.negative && minor !== 0 ? -minor : minor;
}

/**
 * The major-unit amount of `minor` as an exact decimal string with the
 * currency's decimals: `fromMinorUnits(1999, 'usd')` is `'19.99'`,
 * `fromMinorUnits(500, 'jpy')` is `'500'`, `fromMinorUnits(1500, 'kwd')` is `'1.500'`.
 */
export function fromMinorUnits(minor: number, currency: string): string {
  const operation = 'fromMinorUnits';
  const code = normalizeCurrency(currency, operation);
  if (!Number.isSafeInteger(minor)) {
    throw new ValidationError(
      [{ path: ['minor'], message: `must be a safe integer, got ${describeValue(minor)}` }],
      { provider: 'stripe', operation },
    );
  }
  return minorToDecimal(minor, currencyExponent(code));
}
