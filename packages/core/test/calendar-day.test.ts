import { describe, expect, it } from 'vitest';
import { calendarDay, checkCalendarDay, ValidationIssues } from '../src/provider/index.js';

const issuesOf = (value: unknown, allowDate?: boolean) => {
  const issues = new ValidationIssues('acme', 'shipments.create');
  checkCalendarDay(issues, ['shipDate'], value, { allowDate });
  return issues.list;
};

describe('checkCalendarDay', () => {
  it('passes an absent value and a YYYY-MM-DD string', () => {
    expect(issuesOf(undefined)).toEqual([]);
    expect(issuesOf('2026-12-03')).toEqual([]);
  });

  it('refuses other text and, unless allowed, a Date', () => {
    for (const value of ['2026-1-1', '03.12.2026', '', 20261203, new Date(0)]) {
      expect(issuesOf(value)).toEqual([
        { path: ['shipDate'], message: 'must be a YYYY-MM-DD string' },
      ]);
    }
  });

  it('with allowDate takes a valid Date, not an invalid one', () => {
    expect(issuesOf(new Date(0), true)).toEqual([]);
    expect(issuesOf(new Date(Number.NaN), true)).toEqual([
      { path: ['shipDate'], message: 'must be a Date or a YYYY-MM-DD string' },
    ]);
    expect(issuesOf('tomorrow', true)).toHaveLength(1);
  });
});

describe('calendarDay', () => {
  it('writes a Date as its UTC day and keeps a string as given', () => {
    expect(calendarDay(new Date(Date.UTC(2026, 11, 3, 23, 59)))).toBe('2026-12-03');
    expect(calendarDay('2026-12-04')).toBe('2026-12-04');
  });
});
