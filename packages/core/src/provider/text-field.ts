import type { ValidationIssues } from './validation-issues.js';

/** What a string input field must be, beyond a non-blank string. */
export interface TextFieldRule {
  /** `undefined` is an issue ("is required"). Default: absent is fine. */
  required?: boolean | undefined;
  /** Longest accepted length, the provider's documented limit. */
  maxLength?: number | undefined;
  /** The only accepted values (a provider's enum). */
  oneOf?: ReadonlyArray<string> | undefined;
}

/**
 * A string field of a call's input: absent (unless required), else a string
 * that is not blank, within `maxLength` and among `oneOf`. One issue at most,
 * the first rule it breaks, so a caller reads what to fix.
 */
export function checkText(
  issues: ValidationIssues,
  path: ReadonlyArray<string | number>,
  value: unknown,
  rule: TextFieldRule = {},
): void {
  if (value === undefined) {
    if (rule.required) issues.add(path, 'is required');
  } else if (typeof value !== 'string' || value.trim().length === 0) {
    issues.add(path, 'must be a non-empty string');
  } else if (rule.maxLength !== undefined && value.length > rule.maxLength) {
    issues.add(path, `must be at most ${rule.maxLength} characters`);
  } else if (rule.oneOf && !rule.oneOf.includes(value)) {
    issues.add(path, `must be one of ${rule.oneOf.join(', ')}`);
  }
}
