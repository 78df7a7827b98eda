import { describeValue, pathSegmentIssue, ValidationError, type ValidationIssue } from '@int/core';
import { currencyExponent } from './money.js';

type Path = Array<string | number>;

/** Stripe's metadata limits. */
export const METADATA_LIMITS = { keys: 50, keyLength: 40, valueLength: 500 } as const;

export interface ParamRules {
  /** Fields that must be present. */
  required?: string[];
  /** Fields that, when present, must be positive integers (minor units). */
  amounts?: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);

function checkMetadata(value: unknown, path: Path, issues: ValidationIssue[]): void {
  if (value === null || value === '') return; // unsets all metadata
  if (!isRecord(value)) {
    issues.push({ path, message: 'must be an object of string values' });
    return;
  }
  const keys = Object.keys(value);
  if (keys.length > METADATA_LIMITS.keys) {
    issues.push({
      path,
      message: `has ${keys.length} keys; Stripe allows at most ${METADATA_LIMITS.keys}`,
    });
  }
  for (const key of keys) {
    if (key.length > METADATA_LIMITS.keyLength) {
      issues.push({
        path: [...path, key],
        message: `key is ${key.length} characters; Stripe allows at most ${METADATA_LIMITS.keyLength}`,
      });
    }
    const item = value[key];
    if (item === null || item === undefined) continue;
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
      issues.push({ path: [...path, key], message: 'value must be a string' });
      continue;
    }
    const text = String(item);
    if (text.length > METADATA_LIMITS.valueLength) {
      issues.push({
        path: [...path, key],
        message: `value is ${text.length} characters; Stripe allows at most ${METADATA_LIMITS.valueLength}`,
      });
    }
  }
}

/**
 * Checks what Stripe would reject anyway, before anything is sent, and lists
 * every issue at once: required fields, amounts (positive integers in minor
 * units, whole krónur for ISK, a trailing 0 for three-decimal currencies),
 * currency codes, metadata limits.
 */
export function validateParams(
  params: unknown,
  rules: ParamRules,
  context: { operation: string },
): void {
  const issues: ValidationIssue[] = [];
  if (params !== undefined && !isRecord(params)) {
    throw new ValidationError([{ path: [], message: 'params must be an object' }], {
      provider: 'stripe',
      operation: context.operation,
    });
  }
  const input = params ?? {};
  for (const field of rules.required ?? []) {
    if (input[field] === undefined || input[field] === null || input[field] === '') {
      issues.push({ path: [field], message: 'is required' });
    }
  }
  const currency = input.currency;
  let exponent: number | undefined;
  if (currency !== undefined) {
    if (typeof currency !== 'string' || !/^[a-zA-Z]{3}$/.test(currency)) {
      issues.push({
        path: ['currency'],
        message: 'must be a three-letter ISO 4217 code such as usd',
      });
    } else {
      exponent = currencyExponent(currency);
    }
  }
  for (const field of rules.amounts ?? []) {
    const amount = input[field];
    if (amount === undefined) continue;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) {
      issues.push({
        path: [field],
        message: `must be a positive integer in the currency's minor unit (use toMinorUnits), got ${describeValue(amount)}`,
      });
      continue;
    }
    const code = typeof currency === 'string' ? currency.toLowerCase() : undefined;
    if (code === 'isk' && amount % 100 !== 0) {
      issues.push({
        path: [field],
        message: 'ISK amounts must be whole krónur (a multiple of 100)',
      });
    } else if (exponent === 3 && amount % 10 !== 0) {
      issues.push({
        path: [field],
        message: `${code?.toUpperCase()} amounts must end in 0 (Stripe rounds three-decimal currencies to the nearest ten)`,
      });
    }
  }
  if ('metadata' in input) checkMetadata(input.metadata, ['metadata'], issues);
  if (issues.length > 0) {
    throw new ValidationError(issues, { provider: 'stripe', operation: context.operation });
  }
}

/**
 * An object id in a path: core's path segment rules (`.`, `..` and empty
 * refused) and no slash, which no Stripe id has.
 */
export function checkId(id: unknown, name: string, operation: string): string {
  const issue =
    typeof id === 'string'
      ? (pathSegmentIssue(id) ?? (id.includes('/') ? 'must not contain "/"' : undefined))
      : `must be a non-empty id string, got ${describeValue(id)}`;
  if (issue) {
    throw new ValidationError([{ path: [name], message: issue }], {
      provider: 'stripe',
      operation,
    });
  }
  return id as string;
}
