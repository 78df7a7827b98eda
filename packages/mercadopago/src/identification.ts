import { ValidationError, type ValidationIssues } from '@int/core';
import type { BrazilianDocument, Identification } from './mercadopago-types.js';

// Since July 2026 a CNPJ may hold capital letters in its first 12 characters.
const SHAPES = { CPF: /^\d{11}$/, CNPJ: /^[0-9A-Z]{12}\d{2}$/ } as const;

/**
 * Why `number` is not a valid CPF or CNPJ, or undefined. Never repeats the
 * number: a CPF identifies a person (personal data under the LGPD).
 */
export function documentIssue(type: BrazilianDocument, number: unknown): string | undefined {
  if (typeof number !== 'string' || !SHAPES[type].test(number)) {
    return type === 'CPF' ? 'must be 11 digits' : 'must be 12 digits or capitals, then 2 digits';
  }
  if (/^(.)\1+$/.test(number)) return `is not a valid ${type}: every digit is the same`;
  // Modulo 11, weights 2, 3, ... from the right (a CNPJ's start again after 9); a letter counts as its code - 48.
  const values = [...number].map((character) => character.charCodeAt(0) - 48);
  for (const length of [values.length - 2, values.length - 1]) {
    let sum = 0;
    for (let index = 0; index < length; index += 1) {
      const weight = length - index - 1;
      sum += (values[index] ?? 0) * ((type === 'CPF' ? weight : weight % 8) + 2);
    }
    const digit = sum % 11 < 2 ? 0 : 11 - (sum % 11);
    if (digit !== values[length]) return `is not a valid ${type}: the check digits do not match`;
  }
  return undefined;
}

/**
 * A payer's `identification` with a verified CPF or CNPJ: punctuation is taken out
 * (`123.456.789-09` becomes `12345678909`), then the check digits are verified. A
 * wrong one is a `ValidationError` on `identification.number` that does not echo it.
 */
export function identification(type: BrazilianDocument, number: string): Identification {
  const clean = typeof number === 'string' ? number.replace(/[.\-/\s]/g, '').toUpperCase() : number;
  const issue =
    type === 'CPF' || type === 'CNPJ' ? documentIssue(type, clean) : 'needs CPF or CNPJ';
  if (!issue) return { type, number: clean };
  const context = { provider: 'mercadopago', operation: 'identification' };
  throw new ValidationError([{ path: ['identification', 'number'], message: issue }], context);
}

/** Records an issue when `value` is a CPF or CNPJ identification with wrong check digits. */
export function checkIdentification(issues: ValidationIssues, path: string[], value: unknown) {
  if (value === undefined || !issues.object(path, value)) return;
  if (value.type !== 'CPF' && value.type !== 'CNPJ') return;
  const issue = documentIssue(value.type, value.number);
  if (issue) issues.add([...path, 'number'], issue);
}
