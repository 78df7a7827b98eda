import type { ValidationIssues } from './validation-issues.js';

type IssuePath = ReadonlyArray<string | number>;

/**
 * A list field of a call's input: a non-empty array, at most `max` long (the
 * provider's per-request limit), each item checked under its index. A list
 * that is not one stops there: its items cannot be told apart.
 */
export function checkList(
  issues: ValidationIssues,
  path: IssuePath,
  value: unknown,
  checkItem: (item: unknown, path: IssuePath) => void,
  options: { max?: number | undefined } = {},
): void {
  if (!Array.isArray(value) || value.length === 0) {
    issues.add(path, 'must be a non-empty array');
  } else if (options.max !== undefined && value.length > options.max) {
    issues.add(path, `must hold at most ${options.max} items per call`);
  } else {
    for (const [index, item] of value.entries()) checkItem(item, [...path, index]);
  }
}
