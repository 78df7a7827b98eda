import { describeValue, isRecord, type ValidationIssues } from '@int/core';
import { currencyExponent } from './money.js';

type Path = Array<string | number>;

/** Stripe's metadata limits. */
export const METADATA_LIMITS = { keys: 50, keyLength: 40, valueLength: 500 } as const;

export interface ParamRules {
  /** Fields that must be present. */
  required?: string[] | undefined;
  /** Fields that, when present, must be positive integers (minor units). */
  amounts?: string[] | undefined;
}

// A Date is an object, never a set of params or metadata.
const isFields = (value: unknown): value is Record<string, unknown> =>
  isRecord(value) && !(value instanceof Date);

function checkMetadata(value: unknown, path: Path, issues: ValidationIssues): void {
  if (value === null || value === '') return; // unsets all metadata
  if (!isFields(value)) {
    issues.add(path, 'must be an object of string values');
    return;
  }
  const keys = Object.keys(value);
  const { keys: maxKeys, keyLength, valueLength } = METADATA_LIMITS;
  if (keys.length > maxKeys) {
    issues.add(path, `has ${keys.length} keys; Stripe allows at most ${maxKeys}`);
  }
  for (const key of keys) {
    if (key.length > keyLength) {
      issues.add(
        [...path, key],
        `key is ${key.length} characters; Stripe allows at most ${keyLength}`,
      );
    }
    const item = value[key];
    if (item === null || item === undefined) continue;
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
      issues.add([...path, key], 'value must be a string');
    } else if (String(item).length > valueLength) {
      issues.add(
        [...path, key],
        `value is ${String(item).length} characters; Stripe allows at most ${valueLength}`,
      );
    }
  }
}

function checkAmount(amount: unknown, field: string, currency: unknown, issues: ValidationIssues) {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) {
    issues.add(
      [field],
      `must be a positive integer in the currency's minor unit (use toMinorUnits), got ${describeValue(amount)}`,
    );
    return;
  }
  if (typeof currency !== 'string' || !/^[a-zA-Z]{3}$/.test(currency)) return;
  const code = currency.toLowerCase();
  if (code === 'isk' && amount % 100 !== 0) {
    issues.add([field], 'ISK amounts must be whole krónur (a multiple of 100)');
  } else if (currencyExponent(code) === 3 && amount % 10 !== 0) {
    issues.add(
      [field],
      `${code.toUpperCase()} amounts must end in 0 (Stripe rounds three-decimal currencies to the nearest ten)`,
    );
  }
}

/**
 * Records what Stripe would reject anyway, before anything is sent: required
 * fields, amounts (positive integers in minor units, whole krónur for ISK, a
 * trailing 0 for three-decimal currencies), currency codes, metadata limits.
 */
export function checkParams(params: unknown, rules: ParamRules, issues: ValidationIssues): void {
  if (params !== undefined && !isFields(params)) {
    issues.add([], 'params must be an object');
    return;
  }
  const input = params ?? {};
  for (const field of rules.required ?? []) {
    if (input[field] === undefined || input[field] === null || input[field] === '') {
      issues.add([field], 'is required');
    }
  }
  const currency = input.currency;
  if (currency !== undefined && (typeof currency !== 'string' || !/^[a-zA-Z]{3}$/.test(currency))) {
    issues.add(['currency'], 'must be a three-letter ISO 4217 code such as usd');
  }
  for (const field of rules.amounts ?? []) {
    if (input[field] !== undefined) checkAmount(input[field], field, currency, issues);
  }
  if ('metadata' in input) checkMetadata(input.metadata, ['metadata'], issues);
}
