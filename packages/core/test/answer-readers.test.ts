import { describe, expect, it } from 'vitest';
import { asArray, asNumber, asRecords, asText, pickTexts, valueAt } from '../src/provider/index.js';

describe('answer readers', () => {
  it('asText keeps non-empty strings only', () => {
    expect(asText('x')).toBe('x');
    expect(asText(' ')).toBe(' ');
    for (const value of ['', undefined, null, 1, {}, ['x']]) expect(asText(value)).toBeUndefined();
  });

  it('asNumber reads finite numbers and the strings that spell them', () => {
    expect(asNumber(12.5)).toBe(12.5);
    expect(asNumber('12.50')).toBe(12.5);
    expect(asNumber(' 3 ')).toBe(3);
    for (const value of ['', ' ', 'abc', Number.NaN, Number.POSITIVE_INFINITY, null, {}]) {
      expect(asNumber(value)).toBeUndefined();
    }
  });

  it('asArray and asRecords read lists leniently', () => {
    const list = [1, 'a'];
    expect(asArray(list)).toBe(list);
    expect(asArray({ 0: 'a' })).toEqual([]);
    expect(asRecords([{ a: 1 }, null, 'x', [], { b: 2 }])).toEqual([{ a: 1 }, { b: 2 }]);
    expect(asRecords(undefined)).toEqual([]);
  });

  it('valueAt walks nested objects and stops at anything else', () => {
    const answer = { output: { alerts: [{ code: 'A' }] }, text: 'x' };
    expect(valueAt(answer, 'output', 'alerts')).toEqual([{ code: 'A' }]);
    expect(valueAt(answer, 'text', 'length')).toBeUndefined();
    expect(valueAt(answer, 'missing', 'deeper')).toBeUndefined();
    expect(valueAt(answer)).toBe(answer);
  });

  it('pickTexts keeps the listed non-empty string fields, in the listed order', () => {
    const record = { city: 'Memphis', postalCode: '', countryCode: 'US', state: 5, other: 'x' };
    const picked = pickTexts(record, ['countryCode', 'city', 'postalCode', 'state']);
    expect(picked).toEqual({ countryCode: 'US', city: 'Memphis' });
    expect(Object.keys(picked)).toEqual(['countryCode', 'city']);
  });
});
