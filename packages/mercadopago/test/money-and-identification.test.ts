import { ValidationError } from '@int/core';
import { describe, expect, it } from 'vitest';
import {
  CURRENCY_DECIMALS,
  currencyDecimals,
  fromMinorUnits,
  identification,
  toAmount,
  toMinorUnits,
} from '../src/index.js';

const issueOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(ValidationError.isInstance(error)).toBe(true);
    return (error as ValidationError).issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
  }
  return 'no error';
};

describe('money', () => {
  it('decimals per currency: CLP and COP whole units, the rest two', () => {
    expect(CURRENCY_DECIMALS).toEqual({ ARS: 2, BRL: 2, CLP: 0, COP: 0, MXN: 2, PEN: 2, UYU: 2 });
    expect(currencyDecimals('CLP')).toBe(0);
    expect(issueOf(() => currencyDecimals('USD' as never))).toContain('currency: must be one of');
  });

  it('converts exactly, with no float drift', () => {
    expect(toMinorUnits(19.99, 'BRL')).toBe(1999);
    expect(toMinorUnits('19.99', 'BRL')).toBe(1999);
    expect(toMinorUnits(0.1, 'MXN')).toBe(10);
    expect(toMinorUnits('1.10', 'ARS')).toBe(110);
    expect(toMinorUnits(1500, 'CLP')).toBe(1500);
    expect(toMinorUnits('10500.00', 'COP')).toBe(10500);
    expect(fromMinorUnits(1999, 'BRL')).toBe('19.99');
    expect(fromMinorUnits(5, 'PEN')).toBe('0.05');
    expect(fromMinorUnits(1500, 'CLP')).toBe('1500');
    expect(toAmount(1999, 'BRL')).toBe(19.99);
    expect(JSON.stringify({ transaction_amount: toAmount(1999, 'UYU') })).toBe(
      '{"transaction_amount":19.99}',
    );
    // Every cent from 0 to 100 000.00 survives the round trip.
    for (let minor = 0; minor <= 10_000_000; minor += 997) {
      expect(toMinorUnits(toAmount(minor, 'BRL'), 'BRL')).toBe(minor);
    }
  });

  it('refuses more decimals than the currency has, and anything that is not a decimal', () => {
    expect(issueOf(() => toMinorUnits(0.1 + 0.2, 'BRL'))).toBe(
      'amount: has 17 decimals; 2 allowed',
    );
    expect(issueOf(() => toMinorUnits(1.5, 'CLP'))).toBe('amount: has 1 decimals; 0 allowed');
    expect(issueOf(() => toMinorUnits('10.5', 'COP'))).toContain('0 allowed');
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -1, '1e3', '', 'abc', '1,50']) {
      expect(issueOf(() => toMinorUnits(bad as number, 'BRL'))).toContain(
        'amount: must be a non-negative decimal',
      );
    }
    expect(issueOf(() => toMinorUnits('99999999999999999', 'BRL'))).toBe('amount: is too large');
    expect(issueOf(() => fromMinorUnits(1.5, 'BRL'))).toContain('minor: must be a safe integer');
    expect(issueOf(() => fromMinorUnits(-1, 'BRL'))).toContain('minor');
  });
});

describe('identification (CPF and CNPJ check digits)', () => {
  it('accepts valid documents, with or without punctuation', () => {
    expect(identification('CPF', '12345678909')).toEqual({ type: 'CPF', number: '12345678909' });
    expect(identification('CPF', '191.191.191-00')).toEqual({ type: 'CPF', number: '19119119100' });
    expect(identification('CNPJ', '11.222.333/0001-81')).toEqual({
      type: 'CNPJ',
      number: '11222333000181',
    });
    // The alphanumeric CNPJ (from July 2026), Receita Federal's example.
    expect(identification('CNPJ', '12.ABC.345/01DE-35')).toEqual({
      type: 'CNPJ',
      number: '12ABC34501DE35',
    });
  });

  it('refuses wrong check digits, shapes and repeated digits, without echoing the number', () => {
    const cases: Array<[string, string, string]> = [
      [
        'CPF',
        '123.456.789-00',
        'identification.number: is not a valid CPF: the check digits do not match',
      ],
      [
        'CPF',
        '12345678919',
        'identification.number: is not a valid CPF: the check digits do not match',
      ],
      [
        'CPF',
        '111.111.111-11',
        'identification.number: is not a valid CPF: every digit is the same',
      ],
      ['CPF', '1234567890', 'identification.number: must be 11 digits'],
      [
        'CNPJ',
        '11222333000180',
        'identification.number: is not a valid CNPJ: the check digits do not match',
      ],
      [
        'CNPJ',
        '12ABC34501DE36',
        'identification.number: is not a valid CNPJ: the check digits do not match',
      ],
      [
        'CNPJ',
        '00000000000000',
        'identification.number: is not a valid CNPJ: every digit is the same',
      ],
      [
        'CNPJ',
        '12ABC34501DEAB',
        'identification.number: must be 12 digits or capitals, then 2 digits',
      ],
      ['RG', '12345678909', 'identification.number: needs CPF or CNPJ'],
    ];
    for (const [type, number, message] of cases) {
      const issue = issueOf(() => identification(type as 'CPF', number));
      expect(issue).toBe(message);
      expect(issue).not.toContain(number.replace(/\D/g, '').slice(0, 6));
    }
    expect(issueOf(() => identification('CPF', 12345678909 as never))).toBe(
      'identification.number: must be 11 digits',
    );
  });

  it('every wrong value of either check digit is caught', () => {
    for (const [type, valid] of [
      ['CPF', '12345678909'],
      ['CNPJ', '11222333000181'],
    ] as const) {
      for (const index of [valid.length - 2, valid.length - 1]) {
        for (let step = 1; step < 10; step += 1) {
          const digit = (Number(valid[index]) + step) % 10;
          const changed = `${valid.slice(0, index)}${digit}${valid.slice(index + 1)}`;
          expect(
            issueOf(() => identification(type, changed)),
            changed,
          ).toContain('check digits');
        }
      }
    }
  });
});
