import { isRecord } from './record-guards.js';
import { ValidationIssues } from './validation-issues.js';

/**
 * The issues collector of a call whose input must be an object. Anything else
 * throws at once: no field check can run on it.
 */
export function inputIssues(provider: string, operation: string, input: unknown): ValidationIssues {
  const issues = new ValidationIssues(provider, operation);
  if (!isRecord(input)) issues.add([], 'input must be an object');
  issues.throwIfAny();
  return issues;
}
