import { describe, expect, it } from 'vitest';
import { beverlyHills, memphis, setup, shipmentInput, useMockServer } from './helpers.js';

const mock = useMockServer();

describe('normalized results', () => {
  it('rates.quote returns one quote per service and rate type, money as { amount, currency }', async () => {
    const { fedex } = setup(mock);
    const result = await fedex.rates.quote({
      shipper: memphis,
      recipient: { address: { ...beverlyHills.address } },
      packages: [{ weight: { units: 'LB', value: 5 } }],
      shipDate: '2026-12-01',
    });
    expect(result.quotes.map((quote) => `${quote.serviceType}/${quote.rateType}`)).toEqual([
      'FEDEX_GROUND/ACCOUNT',
      'FEDEX_GROUND/LIST',
      'FEDEX_2_DAY/ACCOUNT',
      'FEDEX_2_DAY/LIST',
      'STANDARD_OVERNIGHT/ACCOUNT',
      'STANDARD_OVERNIGHT/LIST',
      'PRIORITY_OVERNIGHT/ACCOUNT',
      'PRIORITY_OVERNIGHT/LIST',
    ]);
    // Zone 8 (3xxxx to 9xxxx), 5 lb: LIST base (8.5 + 0.75 * 5) * 1.48 = 18.13, fuel 10 %.
    expect(result.quotes[1]).toEqual({
      serviceType: 'FEDEX_GROUND',
      serviceName: 'FedEx Ground®',
      packagingType: 'YOUR_PACKAGING',
      rateType: 'LIST',
      totalNetCharge: { amount: 19.94, currency: 'USD' },
      totalBaseCharge: { amount: 18.13, currency: 'USD' },
      deliveryDate: '2026-12-06',
      transitDays: 5,
    });
    expect(result.alerts).toEqual([
      { code: 'VIRTUAL.RESPONSE', alertType: 'NOTE', message: 'This is a Virtual Response.' },
    ]);
    expect(result.transactionId).toMatch(/^fedex_req_/);
    expect(result.raw).toMatchObject({ output: { rateReplyDetails: expect.any(Array) } });
  });

  it('quotes are deterministic and grow with weight', async () => {
    const { fedex } = setup(mock);
    const price = async (value: number) =>
      (
        await fedex.rates.quote({
          shipper: memphis,
          recipient: beverlyHills,
          packages: [{ weight: { units: 'LB', value } }],
          serviceType: 'FEDEX_2_DAY',
          rateRequestTypes: ['ACCOUNT'],
        })
      ).quotes[0]!.totalNetCharge!.amount;
    expect(await price(2)).toBe(await price(2));
    expect(await price(20)).toBeGreaterThan(await price(2));
  });

  it('parses a documented FedEx rate response', async () => {
    const { parseRateQuotes } = await import('../src/rates.js');
    const fixture = (await import('../__fixtures__/rate-quote-response.json')).default;
    expect(parseRateQuotes(fixture)[0]).toEqual({
      serviceType: 'FEDEX_GROUND',
      serviceName: 'FedEx Ground®',
      packagingType: 'YOUR_PACKAGING',
      rateType: 'ACCOUNT',
      totalNetCharge: { amount: 23.48, currency: 'USD' },
      totalBaseCharge: { amount: 20.1, currency: 'USD' },
      deliveryDate: '2026-12-04',
      transitDays: 3,
    });
  });

  it('shipments.create returns tracking numbers and a base64 PDF label', async () => {
    const { fedex, fake } = setup(mock);
    const result = await fedex.shipments.create(
      shipmentInput({
        packages: [{ weight: { units: 'LB', value: 5 } }, { weight: { units: 'LB', value: 2 } }],
      }),
    );
    expect(result.masterTrackingNumber).toMatch(/^\d{12}$/);
    expect(result.serviceType).toBe('FEDEX_2_DAY');
    expect(result.packages).toHaveLength(2);
    const label = result.packages[0]!.label!;
    expect(label.contentType).toBe('application/pdf');
    expect(Buffer.from(label.base64!, 'base64').toString('latin1').startsWith('%PDF-')).toBe(true);
    expect(result.netCharge?.currency).toBe('USD');
    expect(result.netCharge!.amount).toBeGreaterThan(0);
    expect(fake.shipments.get(result.masterTrackingNumber!)?.trackingNumbers).toEqual(
      result.packages.map((item) => item.trackingNumber),
    );
  });

  it('shipments.create with URL_ONLY returns a label URL', async () => {
    const { fedex } = setup(mock);
    const result = await fedex.shipments.create(shipmentInput({ labelResponse: 'URL_ONLY' }));
    expect(result.packages[0]!.label).toMatchObject({
      url: expect.stringContaining(result.masterTrackingNumber!),
      contentType: 'application/pdf',
    });
    expect(result.packages[0]!.label!.base64).toBeUndefined();
  });

  it('parses a documented FedEx ship response (alerts, jobId, charges)', async () => {
    const { parseShipment } = await import('../src/shipments.js');
    const fixture = (await import('../__fixtures__/ship-response.json')).default;
    expect(parseShipment(fixture)).toEqual({
      masterTrackingNumber: '794953535000',
      serviceType: 'STANDARD_OVERNIGHT',
      packages: [
        {
          trackingNumber: '794953535000',
          label: {
            url: 'https://www.fedex.com/document/v1/cache/retrieve/SH,794953535000_SHIPPING_P',
            contentType: 'application/pdf',
            docType: 'PDF',
          },
        },
      ],
      netCharge: { amount: 21.45, currency: 'USD' },
      alerts: [
        {
          code: 'SHIP.RECIPIENT.POSTALCITY.MISMATCH',
          alertType: 'NOTE',
          message: 'Recipient Postal-City Mismatch.',
        },
      ],
      jobId: 'abc123456',
    });
  });

  it('cancel cancels once; a second cancel says so', async () => {
    const { fedex } = setup(mock);
    const created = await fedex.shipments.create(shipmentInput());
    const first = await fedex.shipments.cancel({ trackingNumber: created.masterTrackingNumber! });
    expect(first).toMatchObject({
      cancelled: true,
      message: 'Shipment is successfully cancelled',
      alerts: [],
    });
    const second = await fedex.shipments.cancel({ trackingNumber: created.masterTrackingNumber! });
    expect(second.cancelled).toBe(false);
    const [tracked] = await fedex.tracking.track([created.masterTrackingNumber!]);
    expect(tracked).toMatchObject({ ok: true, status: { code: 'CA' } });
  });

  it('addresses.validate classifies each address and keeps input order', async () => {
    const { fedex } = setup(mock);
    const result = await fedex.addresses.validate([
      memphis.address,
      beverlyHills.address,
      {
        streetLines: ['100 Main St'],
        city: 'Dallas',
        stateOrProvinceCode: 'TX',
        postalCode: '75201',
        countryCode: 'US',
      },
    ]);
    expect(result.addresses.map((item) => item.classification)).toEqual([
      'BUSINESS',
      'RESIDENTIAL',
      'UNKNOWN',
    ]);
    expect(result.addresses[0]).toMatchObject({
      resolved: true,
      address: {
        streetLines: ['3875 AIRWAYS BLVD'],
        city: 'MEMPHIS',
        stateOrProvinceCode: 'TN',
        postalCode: '38116',
        countryCode: 'US',
      },
      alerts: [],
    });
  });

  it('parses a documented FedEx address resolution (boolean or string attributes)', async () => {
    const { parseResolvedAddress } = await import('../src/addresses.js');
    const fixture = (await import('../__fixtures__/address-resolve-response.json')).default;
    expect(
      fixture.output.resolvedAddresses
        .map(parseResolvedAddress)
        .map(({ raw: _raw, ...rest }) => rest),
    ).toEqual([
      {
        resolved: true,
        address: {
          streetLines: ['7372 PARKRIDGE BLVD', 'APT 286'],
          city: 'IRVING',
          stateOrProvinceCode: 'TX',
          postalCode: '75063-8659',
          countryCode: 'US',
        },
        classification: 'MIXED',
        alerts: [{ code: 'SUITE.NUMBER.REQUIRED', message: 'Invalid or missing Apartment/Suite' }],
      },
    ]);
  });
});
