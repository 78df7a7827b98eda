import type { ValidationIssues } from './validation-issues.js';

// APIs take a day (a ship date, a report range) as `YYYY-MM-DD`; callers hold
// a `Date` as often as the text, so both are accepted and written one way.
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A day field of a call's input: absent, a `YYYY-MM-DD` string, or (with
 * `allowDate`) a valid `Date`. Anything else is one issue saying which.
 */
export function checkCalendarDay(
  issues: ValidationIssues,
  path: ReadonlyArray<string | number>,
  value: unknown,
  options: { allowDate?: boolean | undefined } = {},
): void {
  if (value === undefined || (typeof value === 'string' && DAY.test(value))) return;
  if (!options.allowDate) issues.add(path, 'must be a YYYY-MM-DD string');
  else if (!(value instanceof Date && !Number.isNaN(value.getTime()))) {
    issues.add(path, 'must be a Date or a YYYY-MM-DD string');
  }
}

/** `YYYY-MM-DD`: a string as given (checked by `checkCalendarDay`), a `Date`'s day in UTC. */
export function calendarDay(value: string | Date): string {
  return typeof value === 'string' ? value : value.toISOString().slice(0, 10);
}
