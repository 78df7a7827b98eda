import { describe, expect, it } from 'vitest';
import { ValidationError } from '../src/errors.js';
import {
  checkList,
  checkText,
  inputIssues,
  ownOptions,
  ValidationIssues,
} from '../src/provider/index.js';

const collect = (check: (issues: ValidationIssues) => void) => {
  const issues = new ValidationIssues('acme', 'things.create');
  check(issues);
  return issues.list;
};

describe('checkText', () => {
  it('passes an absent optional field and a fitting string', () => {
    expect(collect((issues) => checkText(issues, ['name'], undefined))).toEqual([]);
    expect(
      collect((issues) =>
        checkText(issues, ['kind'], 'B', { required: true, maxLength: 1, oneOf: ['A', 'B'] }),
      ),
    ).toEqual([]);
  });

  it('reports the first rule broken, one issue per field', () => {
    const rule = { required: true, maxLength: 3, oneOf: ['abc'] };
    expect(collect((issues) => checkText(issues, ['a'], undefined, rule))).toEqual([
      { path: ['a'], message: 'is required' },
    ]);
    expect(collect((issues) => checkText(issues, ['a'], '  ', rule))).toEqual([
      { path: ['a'], message: 'must be a non-empty string' },
    ]);
    expect(collect((issues) => checkText(issues, ['a'], 7, rule))).toEqual([
      { path: ['a'], message: 'must be a non-empty string' },
    ]);
    expect(collect((issues) => checkText(issues, ['a'], 'abcd', rule))).toEqual([
      { path: ['a'], message: 'must be at most 3 characters' },
    ]);
    expect(collect((issues) => checkText(issues, ['a'], 'xyz', rule))).toEqual([
      { path: ['a'], message: 'must be one of abc' },
    ]);
  });
});

describe('inputIssues', () => {
  it('returns an empty collector for an object input', () => {
    const issues = inputIssues('acme', 'things.create', { name: 'x' });
    expect(issues.list).toEqual([]);
    expect(issues.operation).toBe('things.create');
  });

  it('throws at once for anything else, naming provider and operation', () => {
    for (const input of [undefined, null, 'x', 1, []]) {
      let caught: unknown;
      try {
        inputIssues('acme', 'things.create', input);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ValidationError);
      expect(caught).toMatchObject({
        provider: 'acme',
        operation: 'things.create',
        issues: [{ path: [], message: 'input must be an object' }],
      });
    }
  });
});

describe('ownOptions', () => {
  it('reads an object as is and undefined or null as none', () => {
    const options = { concurrency: 2 };
    const issues = new ValidationIssues('acme', 'things.list');
    expect(ownOptions(issues, options)).toBe(options);
    expect(ownOptions(issues, undefined)).toEqual({});
    expect(ownOptions<{ concurrency?: number }>(issues, null)).toEqual({});
    expect(issues.list).toEqual([]);
  });

  it('records anything else under `options` and reads it as none', () => {
    const issues = new ValidationIssues('acme', 'things.list');
    expect(ownOptions(issues, 'fast' as never)).toEqual({});
    expect(ownOptions(issues, [1] as never)).toEqual({});
    expect(issues.list).toEqual([
      { path: ['options'], message: 'must be an object' },
      { path: ['options'], message: 'must be an object' },
    ]);
  });
});

describe('checkList', () => {
  const nonBlank =
    (issues: ValidationIssues) => (item: unknown, path: ReadonlyArray<string | number>) =>
      checkText(issues, path, item, { required: true });

  it('checks each item under its index', () => {
    expect(
      collect((issues) => checkList(issues, ['ids'], ['a', ' ', 'c', 7], nonBlank(issues))),
    ).toEqual([
      { path: ['ids', 1], message: 'must be a non-empty string' },
      { path: ['ids', 3], message: 'must be a non-empty string' },
    ]);
  });

  it('refuses a missing, empty or non-array list and one over `max`, checking no item', () => {
    for (const value of [undefined, [], 'a', { 0: 'a' }]) {
      expect(collect((issues) => checkList(issues, ['ids'], value, nonBlank(issues)))).toEqual([
        { path: ['ids'], message: 'must be a non-empty array' },
      ]);
    }
    expect(
      collect((issues) => checkList(issues, ['ids'], ['a', '', 'c'], nonBlank(issues), { max: 2 })),
    ).toEqual([{ path: ['ids'], message: 'must hold at most 2 items per call' }]);
  });
});
