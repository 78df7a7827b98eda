import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/errors.js';
import { asRecord, brandErrorClass, isRecord, parseDecimalText } from '../src/provider/index.js';

describe('parseDecimalText', () => {
  it.each([
    ['19.99', { negative: false, whole: '19', fraction: '99' }],
    ['-3.50', { negative: true, whole: '3', fraction: '5' }],
    [' 007.0100 ', { negative: false, whole: '7', fraction: '01' }],
    ['1e2', { negative: false, whole: '100', fraction: '' }],
    ['1.5E-3', { negative: false, whole: '0', fraction: '0015' }],
    ['+0', { negative: false, whole: '0', fraction: '' }],
    ['12.', { negative: false, whole: '12', fraction: '' }],
  ])('reads %j exactly', (text, expected) => {
    expect(parseDecimalText(text)).toEqual(expected);
  });

  it.each(['', 'abc', '1,5', '.5', '1.2.3', '0x10', 'Infinity', '1e'])('refuses %j', (text) => {
    expect(parseDecimalText(text)).toBeUndefined();
  });
});

describe('isRecord and asRecord', () => {
  it('take objects with fields, not null, arrays or primitives', () => {
    expect(isRecord({ a: 1 })).toBe(true);
    expect(isRecord(Object.create(null))).toBe(true);
    for (const value of [null, undefined, [], [1], 'x', 1, true]) {
      expect(isRecord(value)).toBe(false);
      expect(asRecord(value)).toBeUndefined();
    }
    const fields = { error: { type: 'card_error' } };
    expect(asRecord(fields)).toBe(fields);
  });
});

describe('brandErrorClass', () => {
  class AcmeDeclineError extends ApiError {}
  brandErrorClass(AcmeDeclineError, 'acme', 'AcmeDeclineError');

  it('sets the name and a brand that isInstance reads across copies', () => {
    const error = new AcmeDeclineError('declined', { status: 402, provider: 'acme' });
    expect(error.name).toBe('AcmeDeclineError');
    expect(AcmeDeclineError.isInstance(error)).toBe(true);
    expect(ApiError.isInstance(error)).toBe(true);
    expect(AcmeDeclineError.isInstance(new ApiError('x', { status: 402 }))).toBe(false);
    // A copy from a second package instance carries the same global symbol.
    const copy = { [Symbol.for('@int/acme/error/AcmeDeclineError')]: true };
    expect(AcmeDeclineError.isInstance(copy)).toBe(true);
  });
});
