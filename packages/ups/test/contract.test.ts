import type { RecordedCall } from '@int/core/testing';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  alpharetta,
  apiCalls,
  CIE,
  CLIENT_ID,
  CLIENT_SECRET,
  rateInput,
  setup,
  shipmentInput,
  timonium,
  useMockServer,
} from './helpers.js';
import { bodyOf, requiredParameters, type SpecName, schemaErrors } from './openapi.js';

const mock = useMockServer();

/** The one API call of a test (the token request left out). */
function only(): RecordedCall {
  const calls = apiCalls(mock);
  expect(calls).toHaveLength(1);
  return calls[0]!;
}

/** What UPS's spec asks of this call: every required header and query parameter, and a valid body. */
function expectSpec(call: RecordedCall, spec: SpecName, path: string) {
  for (const parameter of requiredParameters(spec, path, call.method)) {
    const [where, name] = parameter.split(':') as [string, string];
    const sent =
      where === 'header' ? call.headers[name.toLowerCase()] : call.url.searchParams.get(name);
    expect(sent, `${parameter} of ${call.method} ${path}`).toBeTruthy();
  }
  if (call.body !== '') expect(schemaErrors(spec, path, call.method, bodyOf(call))).toEqual([]);
}

const ONE_POUND = { UnitOfMeasurement: { Code: 'LBS', Description: 'Pounds' }, Weight: '1' };
const TRANS_ID = /^[0-9a-f]{32}$/;

function expectApiHeaders(call: RecordedCall, json: boolean, transactionSrc = 'int-ups') {
  expect(call.headers.authorization).toBe('Bearer fake-ups-access-1');
  expect(call.headers.transid).toMatch(TRANS_ID);
  expect(call.headers.transactionsrc).toBe(transactionSrc);
  expect(call.headers.accept).toBe('application/json');
  expect(call.headers['content-type']).toBe(json ? 'application/json' : undefined);
  expect(call.headers['user-agent']).toMatch(/^int-ups\/0\.1\.0 int-core\/[\d.]+ node\//);
}

const upsAddress = (party: typeof timonium) => ({
  AddressLine: party.address.addressLines,
  City: party.address.city,
  StateProvinceCode: party.address.stateProvinceCode,
  PostalCode: party.address.postalCode,
  CountryCode: party.address.countryCode,
  ...(party.residential ? { ResidentialAddressIndicator: '' } : {}),
});

const PACKAGE = {
  Dimensions: {
    UnitOfMeasurement: { Code: 'IN', Description: 'Inches' },
    Length: '10',
    Width: '8',
    Height: '4',
  },
  PackageWeight: { UnitOfMeasurement: { Code: 'LBS', Description: 'Pounds' }, Weight: '5' },
};

describe('wire contract', () => {
  it('token: POST /security/v1/oauth/token, HTTP Basic, form body grant_type=client_credentials', async () => {
    const { ups } = setup(mock);
    await ups.rates.quote(rateInput());
    const [token] = mock.callsTo('POST', `${CIE}/security/v1/oauth/token`);
    expect(token!.headers.authorization).toBe(
      `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
    );
    expect(token!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(token!.body).toBe('grant_type=client_credentials');
    expectSpec(token!, 'OAuthClientCredentials', '/security/v1/oauth/token');
  });

  it('rates.quote with a service: POST /api/rating/v2409/Rate, exact body, valid against RATERequestWrapper', async () => {
    const { ups } = setup(mock);
    const result = await ups.rates.quote(rateInput({ service: '03' }), {
      transId: 'order-42-quote',
    });
    const call = only();
    expect(call.method).toBe('POST');
    expect(call.url.pathname).toBe('/api/rating/v2409/Rate');
    expect(call.url.search).toBe('');
    expect(call.headers.transid).toBe('order-42-quote');
    expect(call.body).toBe(
      JSON.stringify({
        RateRequest: {
          Request: {},
          Shipment: {
            Shipper: {
              Name: 'Acme Widgets',
              ShipperNumber: ACCOUNT,
              Address: upsAddress(timonium),
            },
            ShipTo: { Name: 'Jane Doe', Address: upsAddress(alpharetta) },
            PaymentDetails: {
              ShipmentCharge: [{ Type: '01', BillShipper: { AccountNumber: ACCOUNT } }],
            },
            Service: { Code: '03', Description: 'Ground' },
            ShipmentRatingOptions: { NegotiatedRatesIndicator: '' },
            Package: [{ PackagingType: { Code: '02' }, ...PACKAGE }],
          },
        },
      }),
    );
    expectSpec(call, 'Rating', '/rating/{version}/{requestoption}');
    expect(result.quotes.map((quote) => quote.service)).toEqual(['03']);
  });

  it('rates.quote without a service: POST /api/rating/v2409/Shop with headers, ship-from and no negotiated rates', async () => {
    const { ups } = setup(mock);
    const shipFrom = {
      address: { addressLines: ['1 Dock Rd'], postalCode: '21030', countryCode: 'US' },
    };
    await ups.rates.quote(
      rateInput({
        shipFrom,
        negotiatedRates: false,
        packages: [{ weight: { value: 2.5, unit: 'KGS' }, packagingType: '21' }],
      }),
    );
    const call = only();
    expect(call.url.pathname).toBe('/api/rating/v2409/Shop');
    expectApiHeaders(call, true);
    const shipment = (call.json() as { RateRequest: { Shipment: Record<string, unknown> } })
      .RateRequest.Shipment;
    expect(shipment.ShipFrom).toEqual({
      Address: { AddressLine: ['1 Dock Rd'], PostalCode: '21030', CountryCode: 'US' },
    });
    expect(shipment.Service).toBeUndefined();
    expect(shipment.ShipmentRatingOptions).toBeUndefined();
    expect(shipment.Package).toEqual([
      {
        PackagingType: { Code: '21' },
        PackageWeight: {
          UnitOfMeasurement: { Code: 'KGS', Description: 'Kilograms' },
          Weight: '2.5',
        },
      },
    ]);
    expectSpec(call, 'Rating', '/rating/{version}/{requestoption}');
  });

  it('shipments.create: POST /api/shipments/v2409/ship, exact body, valid against SHIPRequestWrapper', async () => {
    const { ups } = setup(mock);
    const created = await ups.shipments.create(
      shipmentInput({ description: 'Widgets', labelFormat: 'ZPL', addressValidation: 'validate' }),
    );
    const call = only();
    expect(call.method).toBe('POST');
    expect(call.url.pathname).toBe('/api/shipments/v2409/ship');
    expectApiHeaders(call, true);
    expect(call.body).toBe(
      JSON.stringify({
        ShipmentRequest: {
          Request: { RequestOption: 'validate' },
          Shipment: {
            Description: 'Widgets',
            Shipper: {
              Name: 'Acme Widgets',
              Phone: { Number: '4105551234' },
              ShipperNumber: ACCOUNT,
              Address: upsAddress(timonium),
            },
            ShipTo: {
              Name: 'Jane Doe',
              Phone: { Number: '7705559876' },
              Address: upsAddress(alpharetta),
            },
            PaymentInformation: {
              ShipmentCharge: [{ Type: '01', BillShipper: { AccountNumber: ACCOUNT } }],
            },
            Service: { Code: '03' },
            ShipmentRatingOptions: { NegotiatedRatesIndicator: '' },
            Package: [
              { Packaging: { Code: '02' }, ...PACKAGE, ReferenceNumber: [{ Value: 'order-1001' }] },
            ],
          },
          LabelSpecification: {
            LabelImageFormat: { Code: 'ZPL' },
            LabelStockSize: { Height: '6', Width: '4' },
          },
        },
      }),
    );
    expectSpec(call, 'Shipping', '/shipments/{version}/ship');
    expect(created.shipmentId).toMatch(/^1ZA1B2C303\d{8}$/);
    expect(created.packages[0]!.label).toMatchObject({
      format: 'ZPL',
      contentType: 'application/x-zpl',
    });
  });

  it('shipments.create with defaults (GIF label, nonvalidate) and several packages is schema-valid', async () => {
    const { ups } = setup(mock);
    const two = { weight: { value: 1, unit: 'LBS' as const } };
    const created = await ups.shipments.create(
      shipmentInput({ packages: [two, two], reference: undefined }),
    );
    const call = only();
    const request = (call.json() as { ShipmentRequest: Record<string, Record<string, unknown>> })
      .ShipmentRequest;
    expect(request.Request).toEqual({ RequestOption: 'nonvalidate' });
    expect(request.LabelSpecification!.LabelImageFormat).toEqual({ Code: 'GIF' });
    expect(request.Shipment!.Package).toEqual([
      { Packaging: { Code: '02' }, PackageWeight: ONE_POUND },
      { Packaging: { Code: '02' }, PackageWeight: ONE_POUND },
    ]);
    expectSpec(call, 'Shipping', '/shipments/{version}/ship');
    expect(created.packages).toHaveLength(2);
    expect(created.packages[0]!.label!.contentType).toBe('image/gif');
  });

  it('shipments.void: DELETE .../void/cancel/{id}, no query for the whole shipment, no body', async () => {
    const { ups } = setup(mock);
    const { shipmentId } = await ups.shipments.create(shipmentInput());
    mock.calls.length = 0;
    const result = await ups.shipments.void({ shipmentId });
    const call = only();
    expect(call.method).toBe('DELETE');
    expect(call.url.pathname).toBe(`/api/shipments/v2409/void/cancel/${shipmentId}`);
    expect(call.url.search).toBe('');
    expect(call.body).toBe('');
    expectApiHeaders(call, false);
    expectSpec(call, 'Shipping', '/shipments/{version}/void/cancel/{shipmentidentificationnumber}');
    expect(result).toMatchObject({ voided: true, status: { code: '1', description: 'Voided' } });
  });

  it('shipments.void of packages: trackingnumber=1Z... for one, ["1Z...","1Z..."] for several', async () => {
    const { ups } = setup(mock);
    const one = { weight: { value: 1, unit: 'LBS' as const } };
    const { shipmentId, packages } = await ups.shipments.create(
      shipmentInput({ packages: [one, one, one] }),
    );
    const [first, second, third] = packages.map((item) => item.trackingNumber) as [
      string,
      string,
      string,
    ];
    await ups.shipments.void({ shipmentId, trackingNumbers: [first] });
    const several = await ups.shipments.void({ shipmentId, trackingNumbers: [second, third] });
    const voids = mock.calls.filter((call) => call.method === 'DELETE');
    expect(voids.map((call) => call.url.searchParams.get('trackingnumber'))).toEqual([
      first,
      `["${second}","${third}"]`,
    ]);
    expect(voids[1]!.url.search).toBe(
      `?trackingnumber=${encodeURIComponent(`["${second}","${third}"]`)}`,
    );
    expect(several.packages.map((item) => [item.trackingNumber, item.voided])).toEqual([
      [second, true],
      [third, true],
    ]);
  });

  it('tracking.track: GET /api/track/v1/details/{number}?locale=en_US per number, transId and transactionSrc sent', async () => {
    const { ups } = setup(mock, { locale: 'es_US', transactionSrc: 'shop' });
    const { packages } = await ups.shipments.create(shipmentInput());
    mock.calls.length = 0;
    const number = packages[0]!.trackingNumber;
    const results = await ups.tracking.track([number, '1Z999AA10123456784']);
    const calls = apiCalls(mock);
    expect(calls.map((call) => `${call.method} ${call.url.pathname}${call.url.search}`)).toEqual([
      `GET /api/track/v1/details/${number}?locale=es_US`,
      'GET /api/track/v1/details/1Z999AA10123456784?locale=es_US',
    ]);
    for (const call of calls) {
      expectApiHeaders(call, false, 'shop');
      expect(call.body).toBe('');
      expectSpec(call, 'Tracking', '/track/v1/details/{inquiryNumber}');
    }
    // One transId per call.
    expect(new Set(calls.map((call) => call.headers.transid)).size).toBe(2);
    expect(results.map((result) => result.ok)).toEqual([true, false]);
  });

  it('tracking.byReference: GET /api/track/v1/reference/details/{reference}?locale&shipperNum', async () => {
    const { ups } = setup(mock);
    await ups.shipments.create(shipmentInput({ reference: 'order 7 b' }));
    mock.calls.length = 0;
    const found = await ups.tracking.byReference('order 7 b');
    const call = only();
    expect(call.method).toBe('GET');
    expect(call.url.pathname).toBe('/api/track/v1/reference/details/order%207%20b');
    expect(call.url.search).toBe(`?locale=en_US&shipperNum=${ACCOUNT}`);
    expectApiHeaders(call, false);
    expectSpec(call, 'Tracking', '/track/v1/reference/details/{referenceNumber}');
    expect(found).toHaveLength(1);
  });

  it('addresses.validate: POST /api/addressvalidation/v2/3, ZIP+4 split, valid against XAVRequestWrapper', async () => {
    const { ups } = setup(mock);
    await ups.addresses.validate(
      {
        addressLines: ['26601 Aliso Creek Rd'],
        city: 'Aliso Viejo',
        stateProvinceCode: 'CA',
        postalCode: '92656-1234',
        countryCode: 'US',
      },
      { maximumCandidates: 5 },
    );
    const call = only();
    expect(call.method).toBe('POST');
    expect(call.url.pathname).toBe('/api/addressvalidation/v2/3');
    expect(call.url.search).toBe('?maximumcandidatelistsize=5');
    expectApiHeaders(call, true);
    expect(call.body).toBe(
      JSON.stringify({
        XAVRequest: {
          AddressKeyFormat: {
            AddressLine: ['26601 Aliso Creek Rd'],
            PoliticalDivision2: 'Aliso Viejo',
            PoliticalDivision1: 'CA',
            PostcodePrimaryLow: '92656',
            PostcodeExtendedLow: '1234',
            CountryCode: 'US',
          },
        },
      }),
    );
    expectSpec(call, 'AddressValidation', '/addressvalidation/{version}/{requestoption}');
  });

  it('bad input of every method is a ValidationError and sends nothing', async () => {
    const { ups } = setup(mock);
    const attempts: Array<() => Promise<unknown>> = [
      () => ups.rates.quote(rateInput({ packages: [] })),
      () => ups.rates.quote(rateInput({ service: '99' as '03' })),
      () => ups.shipments.create(shipmentInput({ reference: 'x'.repeat(36) })),
      () => ups.shipments.create(shipmentInput({ shipTo: { ...alpharetta, name: undefined } })),
      () => ups.shipments.void({ shipmentId: '1z0000' }),
      () => ups.shipments.void({ shipmentId: '1ZA1B2C30300000017', trackingNumbers: [] }),
      () => ups.tracking.track(['123']),
      () => ups.tracking.byReference(' '),
      () => ups.addresses.validate({ addressLines: ['1 Rue'], countryCode: 'FR' }),
      () => ups.rates.quote(rateInput(), { transId: 'x'.repeat(33) }),
    ];
    for (const attempt of attempts) {
      await expect(attempt()).rejects.toMatchObject({ name: 'ValidationError', provider: 'ups' });
    }
    expect(mock.calls).toHaveLength(0);
  });
});
