import { describe, expect, it } from 'vitest';
import { oneZCheckDigit } from '../src/testing/index.js';
import {
  ACCOUNT,
  CIE,
  CLIENT_ID,
  CLIENT_SECRET,
  rateInput,
  setup,
  shipmentInput,
  useMockServer,
} from './helpers.js';

const mock = useMockServer();
const basic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('the UPS fake', () => {
  it('token endpoint: Basic only, every field a string, expiry on the fake clock', async () => {
    const { fake } = setup(mock);
    const url = `${CIE}/security/v1/oauth/token`;
    const body = 'grant_type=client_credentials';
    const ok = await fetch(url, {
      method: 'POST',
      headers: { ...form, authorization: basic },
      body,
    });
    expect(await ok.json()).toMatchObject({
      access_token: 'fake-ups-access-1',
      token_type: 'Bearer',
      expires_in: '14399',
      issued_at: String(fake.now()),
      client_id: CLIENT_ID,
      status: 'approved',
    });
    const inBody = await fetch(url, {
      method: 'POST',
      headers: form,
      body: `${body}&client_id=${CLIENT_ID}&client_secret=${CLIENT_SECRET}`,
    });
    expect(inBody.status).toBe(401);
    expect(await inBody.json()).toEqual({
      response: { errors: [{ code: '250002', message: 'Invalid Authentication Information.' }] },
    });
    const wrong = await fetch(url, {
      method: 'POST',
      headers: { ...form, authorization: `Basic ${btoa('x:y')}` },
      body,
    });
    expect((await wrong.json()).response.errors[0].code).toBe('10401');
  });

  it('rates by weight and zone, deterministic: heavier and farther cost more; Shop lists the domestic services', async () => {
    const { ups } = setup(mock);
    const price = async (pounds: number, postalCode: string) => {
      const shipTo = {
        name: 'X',
        address: { addressLines: ['1 A St'], postalCode, countryCode: 'US' },
      };
      const { quotes } = await ups.rates.quote(
        rateInput({
          service: '03',
          shipTo,
          packages: [{ weight: { value: pounds, unit: 'LBS' } }],
        }),
      );
      return quotes[0]!.total!.minorUnits;
    };
    expect(await price(5, '21030')).toBe(await price(5, '21030'));
    expect(await price(10, '21030')).toBeGreaterThan(await price(5, '21030'));
    expect(await price(5, '90210')).toBeGreaterThan(await price(5, '21030'));
    const shop = await ups.rates.quote(rateInput());
    expect(shop.quotes.map((quote) => quote.service)).toEqual([
      '03',
      '12',
      '02',
      '59',
      '13',
      '01',
      '14',
    ]);
    expect(
      shop.quotes.every((quote) => quote.negotiatedTotal && quote.alerts[0]?.code === '110971'),
    ).toBe(true);
    const abroad = await ups.rates.quote(
      rateInput({
        shipTo: {
          name: 'Y',
          address: { addressLines: ['1 King St'], postalCode: 'M5H2N2', countryCode: 'CA' },
        },
      }),
    );
    expect(abroad.quotes.map((quote) => quote.service)).toEqual(['08', '65', '07', '54']);
    await expect(ups.rates.quote(rateInput({ service: '07' }))).rejects.toMatchObject({
      status: 400,
      code: '111210',
    });
  });

  it('ship, track, scan, void: state kept between calls; numbers pass the 1Z check digit', async () => {
    const { ups, fake, clock } = setup(mock);
    const created = await ups.shipments.create(shipmentInput());
    const number = created.packages[0]!.trackingNumber;
    expect(number.slice(17)).toBe(oneZCheckDigit(number.slice(0, 17)));
    expect(created.total).toEqual({
      value: expect.any(String),
      currency: 'USD',
      minorUnits: expect.any(Number),
    });
    let [tracked] = await ups.tracking.track([number]);
    expect(tracked).toMatchObject({
      ok: true,
      status: { type: 'M', code: 'MP' },
      events: [{ date: '20261129', time: '153000' }],
    });
    clock.set(clock.now() + 86_400_000);
    fake.scan(number, { type: 'D', code: 'KB', description: 'Delivered' });
    [tracked] = await ups.tracking.track([number]);
    expect(tracked).toMatchObject({ ok: true, status: { type: 'D', description: 'Delivered' } });
    expect(tracked!.ok && tracked!.events.map((event) => event.code)).toEqual(['KB', 'MP']);
    const voided = await ups.shipments.void({ shipmentId: created.shipmentId });
    expect(voided.voided).toBe(true);
    expect(fake.shipments.get(created.shipmentId)!.voided.has(number)).toBe(true);
    // Voiding again: UPS answers "voided" again (status 1 means voided or already voided).
    expect((await ups.shipments.void({ shipmentId: created.shipmentId })).voided).toBe(true);
  });

  it("check digit matches the spec's example and UPS's CIE void numbers", () => {
    for (const number of ['1Z023E2X0214323462', '1Z2220060294314162', '1Z2220060291994175']) {
      expect(oneZCheckDigit(number.slice(0, 17))).toBe(number.slice(17));
    }
  });

  it('unknown numbers are a 200 with TW0001; by reference only this shipper, last 14 days', async () => {
    const { ups, clock } = setup(mock);
    expect(await ups.tracking.track(['1Z999AA10123456784'])).toEqual([
      expect.objectContaining({
        ok: false,
        error: { code: 'TW0001', message: 'Tracking Information Not Found' },
      }),
    ]);
    await ups.shipments.create(shipmentInput({ reference: 'order-9' }));
    expect(await ups.tracking.byReference('order-9')).toHaveLength(1);
    const { ups: other } = setup(mock, { accountNumber: 'Z9Z9Z9' });
    expect(await other.tracking.byReference('order-9')).toEqual([]);
    clock.set(clock.now() + 15 * 86_400_000);
    expect(await ups.tracking.byReference('order-9')).toEqual([]);
  });

  it('refuses what UPS refuses: a US shipment-level reference (120541), tracking without transId', async () => {
    setup(mock);
    const issued = await fetch(`${CIE}/security/v1/oauth/token`, {
      method: 'POST',
      headers: { ...form, authorization: basic },
      body: 'grant_type=client_credentials',
    });
    const token = ((await issued.json()) as { access_token: string }).access_token;
    const tracked = await fetch(`${CIE}/api/track/v1/details/1Z999AA10123456784`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(tracked.status).toBe(400);
    const ship = await fetch(`${CIE}/api/shipments/v2409/ship`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        ShipmentRequest: {
          Request: { RequestOption: 'nonvalidate' },
          Shipment: {
            Shipper: {
              Name: 'A',
              ShipperNumber: ACCOUNT,
              Address: { AddressLine: ['1'], City: 'X', CountryCode: 'US' },
            },
            ShipTo: { Name: 'B', Address: { AddressLine: ['2'], City: 'Y', CountryCode: 'US' } },
            Service: { Code: '03' },
            ReferenceNumber: [{ Value: 'order-1' }],
            Package: {
              Packaging: { Code: '02' },
              PackageWeight: { UnitOfMeasurement: { Code: 'LBS' }, Weight: '1' },
            },
          },
          LabelSpecification: { LabelImageFormat: { Code: 'GIF' } },
        },
      }),
    });
    expect((await ship.json()).response.errors[0].code).toBe('120541');
  });

  it('address validation: valid with classification, ambiguous without a ZIP, none for "0 ..."', async () => {
    const { ups } = setup(mock);
    const address = {
      addressLines: ['1 Market Plaza Suite 5'],
      city: 'San Francisco',
      stateProvinceCode: 'CA',
      postalCode: '94105',
      countryCode: 'US',
    };
    const valid = await ups.addresses.validate(address);
    expect(valid).toMatchObject({
      match: 'valid',
      classification: { code: '1', description: 'Commercial' },
      candidates: [
        {
          address: {
            addressLines: ['1 MARKET PLAZA SUITE 5'],
            city: 'SAN FRANCISCO',
            postalCode: '94105-1001',
          },
        },
      ],
    });
    const ambiguous = await ups.addresses.validate({ ...address, postalCode: undefined });
    expect(ambiguous.match).toBe('ambiguous');
    expect(ambiguous.candidates).toHaveLength(2);
    const none = await ups.addresses.validate({ ...address, addressLines: ['0 Nowhere'] });
    expect(none).toMatchObject({ match: 'none', candidates: [] });
  });

  it('reset forgets shipments, tokens and counts', async () => {
    const { ups, fake } = setup(mock);
    await ups.shipments.create(shipmentInput());
    fake.reset();
    expect(fake.shipments.size).toBe(0);
    expect(fake.calls()).toBe(0);
  });
});
