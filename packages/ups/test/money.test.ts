import { describe, expect, it } from 'vitest';
import { parseRates } from '../src/rates.js';
import { money } from '../src/ups-answers.js';
import { rateInput, setup, useMockServer } from './helpers.js';

const mock = useMockServer();
const ups = (CurrencyCode: string, MonetaryValue: string) => ({ CurrencyCode, MonetaryValue });

describe('exact money', () => {
  it('counts minor units from the digits, per currency exponent, never through a float', () => {
    expect(money(ups('USD', '12.34'))).toEqual({
      value: '12.34',
      currency: 'USD',
      minorUnits: 1234,
    });
    expect(money(ups('USD', '0.29'))).toMatchObject({ minorUnits: 29 }); // 0.29 * 100 = 28.999999999999996
    expect(money(ups('USD', '1.1'))).toMatchObject({ minorUnits: 110 });
    expect(money(ups('USD', '19.990'))).toMatchObject({ minorUnits: 1999 });
    expect(money(ups('USD', '7'))).toMatchObject({ minorUnits: 700 });
    expect(money(ups('USD', '-3.05'))).toMatchObject({ minorUnits: -305 });
    expect(money(ups('JPY', '1500'))).toMatchObject({ minorUnits: 1500 });
    expect(money(ups('KWD', '2.125'))).toMatchObject({ minorUnits: 2125 });
    expect(money(ups('EUR', '90071992547409.91'))).toMatchObject({ minorUnits: 9007199254740991 });
  });

  it('refuses what it cannot represent exactly, and garbage', () => {
    for (const value of ['12.345', '1e3', '12,34', '', ' ', 'NaN', '0x10', '90071992547409.92']) {
      expect(money(ups('USD', value)), value).toBeUndefined();
    }
    expect(money(ups('JPY', '1500.5'))).toBeUndefined();
    expect(money(ups('usd', '1.00'))).toBeUndefined();
    for (const value of [
      undefined,
      null,
      12.34,
      { MonetaryValue: '1.00' },
      { CurrencyCode: 'USD', MonetaryValue: 1 },
    ]) {
      expect(money(value)).toBeUndefined();
    }
  });

  it('every quote carries its published, negotiated and due charge as Money', () => {
    const [quote] = parseRates({
      RateResponse: {
        RatedShipment: {
          Service: { Code: '03' },
          TotalCharges: ups('USD', '12.34'),
          TransportationCharges: ups('USD', '12.34'),
          ServiceOptionsCharges: ups('USD', '0.00'),
          NegotiatedRateCharges: { TotalCharge: ups('USD', '10.10') },
        },
      },
    });
    expect(quote).toMatchObject({
      service: '03',
      serviceName: 'Ground',
      total: { minorUnits: 1234 },
      negotiatedTotal: { minorUnits: 1010 },
      charge: { value: '10.10', minorUnits: 1010 },
      serviceOptions: { minorUnits: 0 },
    });
    // No negotiated rate: the published total is due.
    const [published] = parseRates({
      RateResponse: {
        RatedShipment: [{ Service: { Code: '99' }, TotalCharges: ups('USD', '5.00') }],
      },
    });
    expect(published).toMatchObject({
      serviceName: undefined,
      negotiatedTotal: undefined,
      charge: { minorUnits: 500 },
    });
  });

  it("the fake's totals add up exactly: the shop total is the sum of the package charges", async () => {
    const { ups: client } = setup(mock);
    const one = await client.rates.quote(rateInput({ service: '03' }));
    const two = await client.rates.quote(
      rateInput({ service: '03', packages: [rateInput().packages[0]!, rateInput().packages[0]!] }),
    );
    expect(two.quotes[0]!.total!.minorUnits).toBe(2 * one.quotes[0]!.total!.minorUnits);
    expect(two.quotes[0]!.negotiatedTotal!.minorUnits).toBe(
      Math.round(two.quotes[0]!.total!.minorUnits * 0.85),
    );
  });
});
