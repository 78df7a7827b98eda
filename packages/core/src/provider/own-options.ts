import { isRecord } from './record-guards.js';
import type { ValidationIssues } from './validation-issues.js';

/**
 * A method's last argument when it holds the method's own options beside the
 * per-call ones: an object, or `undefined`/`null` (plain JavaScript) for none.
 * Anything else is an issue under `options` and reads as none.
 */
export function ownOptions<T extends object>(
  issues: ValidationIssues,
  value: T | null | undefined,
): Partial<T> {
  if (value !== undefined && value !== null && !isRecord(value)) {
    issues.add(['options'], 'must be an object');
  }
  return isRecord(value) ? value : {};
}
