const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/** A decimal number's digits, exactly: no float in between. */
export interface DecimalText {
  negative: boolean;
  /** Integer digits without leading zeros (`'0'` at least). */
  whole: string;
  /** Fraction digits without trailing zeros (`''` for none). */
  fraction: string;
}

/**
 * Splits a decimal text (`'-3.50'`, `'1e2'`, `' 0.010 '`) into sign, integer
 * and fraction digits, the exponent applied by moving the point; `undefined`
 * when it is not one. For money: nothing is rounded, so the caller decides.
 */
export function parseDecimalText(text: string): DecimalText | undefined {
  const match = DECIMAL.exec(text.trim());
  if (!match) return undefined;
  const [, sign, integer = '', fractionPart = '', exponentText] = match;
  let digits = integer + fractionPart;
  let point = integer.length + Number(exponentText ?? 0);
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  return {
    negative: sign === '-',
    whole: digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0',
    fraction: digits.slice(point).replace(/0+$/, ''),
  };
}
