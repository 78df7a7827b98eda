import { ValidationError } from '@int/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyExponent, fromMinorUnits, toMinorUnits } from '../src/index.js';

describe('toMinorUnits / fromMinorUnits', () => {
  const table: Array<[number | string, string, number, string]> = [
    ['19.99', 'USD', 1999, '19.99'],
    [19.99, 'usd', 1999, '19.99'],
    [0.1, 'usd', 10, '0.10'],
    ['0.07', 'eur', 7, '0.07'],
    [4.35, 'eur', 435, '4.35'],
    [1234567.89, 'eur', 123456789, '1234567.89'],
    ['500', 'jpy', 500, '500'],
    [500, 'JPY', 500, '500'],
    ['12000', 'krw', 12000, '12000'],
    ['1.5', 'kwd', 1500, '1.500'],
    [1.234, 'kwd', 1234, '1.234'],
    ['0.005', 'bhd', 5, '0.005'],
    ['12.340', 'bhd', 12340, '12.340'],
    ['-3.50', 'usd', -350, '-3.50'],
    ['1e2', 'usd', 10000, '100.00'],
    [1e-2, 'usd', 1, '0.01'],
  ];
  for (const [amount, currency, minor, back] of table) {
    it(`${String(amount)} ${currency} <-> ${minor}`, () => {
      expect(toMinorUnits(amount, currency)).toBe(minor);
      expect(fromMinorUnits(minor, currency)).toBe(back);
    });
  }

  it('refuses more decimals than the currency has', () => {
    for (const [amount, currency] of [
      [1.005, 'usd'],
      ['19.999', 'eur'],
      ['500.5', 'jpy'],
      ['1.5', 'krw'],
      ['1.2345', 'kwd'],
      ['0.0001', 'bhd'],
      ['5.10', 'isk'],
    ] as const) {
      expect(() => toMinorUnits(amount, currency)).toThrow(ValidationError);
    }
  });

  it('refuses what is not an amount or a currency', () => {
    expect(() => toMinorUnits('1,000.00', 'usd')).toThrow(ValidationError);
    expect(() => toMinorUnits(Number.NaN, 'usd')).toThrow(ValidationError);
    expect(() => toMinorUnits('1', 'dollars')).toThrow(ValidationError);
    expect(() => toMinorUnits('1e30', 'usd')).toThrow(ValidationError);
    expect(() => fromMinorUnits(1.5, 'usd')).toThrow(ValidationError);
  });

  it("uses Stripe's exponents: zero-decimal, three-decimal, ISK kept at two", () => {
    expect(['jpy', 'krw', 'vnd', 'clp', 'ugx', 'xof'].map(currencyExponent)).toEqual([
      0, 0, 0, 0, 0, 0,
    ]);
    expect(['kwd', 'bhd', 'jod', 'omr', 'tnd'].map(currencyExponent)).toEqual([3, 3, 3, 3, 3]);
    expect(['usd', 'eur', 'gbp', 'isk', 'huf', 'twd'].map(currencyExponent)).toEqual([
      2, 2, 2, 2, 2, 2,
    ]);
    expect(toMinorUnits(5, 'isk')).toBe(500);
  });

  it('property: fromMinorUnits then toMinorUnits is the identity, for every currency class', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(10 ** 12), max: 10 ** 12 }),
        fc.constantFrom('usd', 'eur', 'jpy', 'krw', 'kwd', 'bhd'),
        (minor, currency) => {
          expect(toMinorUnits(fromMinorUnits(minor, currency), currency)).toBe(minor);
        },
      ),
    );
  });

  it('property: a number with two decimals converts exactly (no 1998 for 19.99)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), (cents) => {
        const amount = cents / 100; // the double closest to the decimal
        expect(toMinorUnits(amount, 'usd')).toBe(cents);
        expect(toMinorUnits(amount.toFixed(2), 'usd')).toBe(cents);
      }),
    );
  });
});
