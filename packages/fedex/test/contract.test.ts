import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  beverlyHills,
  memphis,
  SANDBOX,
  setup,
  shipmentInput,
  useMockServer,
} from './helpers.js';

const mock = useMockServer();

function apiHeaders(headers: Record<string, string>) {
  return {
    authorization: headers.authorization,
    'content-type': headers['content-type'],
    accept: headers.accept,
    'x-customer-transaction-id': headers['x-customer-transaction-id'],
    'x-locale': headers['x-locale'],
  };
}

describe('wire contract', () => {
  it('requests a token with a form-encoded client_credentials grant', async () => {
    const { fedex } = setup(mock);
    await fedex.rates.quote({
      shipper: memphis,
      recipient: beverlyHills,
      packages: [{ weight: { units: 'LB', value: 2 } }],
    });
    const [token] = mock.callsTo('POST', `${SANDBOX}/oauth/token`);
    expect(token!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(token!.body).toBe(
      'grant_type=client_credentials&client_id=test-client-id&client_secret=test-client-secret',
    );
  });

  it('sends child credentials as csp_credentials with child_Key and child_secret', async () => {
    const { fedex } = setup(mock, { childKey: 'child-key-1', childSecret: 'child-secret-1' });
    await fedex.tracking.track(['794600000001']);
    const [token] = mock.callsTo('POST', `${SANDBOX}/oauth/token`);
    expect(token!.form()).toEqual([
      ['grant_type', 'csp_credentials'],
      ['child_Key', 'child-key-1'],
      ['child_secret', 'child-secret-1'],
      ['client_id', 'test-client-id'],
      ['client_secret', 'test-client-secret'],
    ]);
    expect(token!.headers.authorization).toBeUndefined();
  });

  it('uses client_pc_credentials when asked', async () => {
    const { fedex } = setup(mock, {
      childKey: 'k',
      childSecret: 's',
      grantType: 'client_pc_credentials',
    });
    await fedex.tracking.track(['794600000001']);
    expect(mock.callsTo('POST', `${SANDBOX}/oauth/token`)[0]!.form()[0]).toEqual([
      'grant_type',
      'client_pc_credentials',
    ]);
  });

  it('rates.quote: POST /rate/v1/rates/quotes with FedEx request body and headers', async () => {
    const { fedex } = setup(mock, { locale: 'en_US' });
    await fedex.rates.quote(
      {
        shipper: memphis,
        recipient: beverlyHills,
        packages: [
          {
            weight: { units: 'LB', value: 2.5 },
            dimensions: { length: 10, width: 8, height: 4, units: 'IN' },
          },
        ],
        shipDate: '2026-12-01',
        returnTransitTimes: true,
      },
      { customerTransactionId: 'order-1001' },
    );
    const [call] = mock.callsTo('POST', `${SANDBOX}/rate/v1/rates/quotes`);
    expect(call!.method).toBe('POST');
    expect(apiHeaders(call!.headers)).toEqual({
      authorization: 'Bearer fake-fedex-access-1',
      'content-type': 'application/json',
      accept: 'application/json',
      'x-customer-transaction-id': 'order-1001',
      'x-locale': 'en_US',
    });
    expect(call!.headers['user-agent']).toMatch(/^int-fedex\/0\.1\.0 int-core\/[\d.]+ node\//);
    expect(call!.body).toBe(
      JSON.stringify({
        accountNumber: { value: ACCOUNT },
        rateRequestControlParameters: { returnTransitTimes: true },
        requestedShipment: {
          shipper: {
            address: {
              streetLines: ['3875 Airways Blvd'],
              city: 'Memphis',
              stateOrProvinceCode: 'TN',
              postalCode: '38116',
              countryCode: 'US',
            },
          },
          recipient: {
            address: {
              streetLines: ['123 Palm Ln'],
              city: 'Beverly Hills',
              stateOrProvinceCode: 'CA',
              postalCode: '90210',
              countryCode: 'US',
              residential: true,
            },
          },
          pickupType: 'DROPOFF_AT_FEDEX_LOCATION',
          packagingType: 'YOUR_PACKAGING',
          rateRequestType: ['ACCOUNT', 'LIST'],
          requestedPackageLineItems: [
            {
              weight: { units: 'LB', value: 2.5 },
              dimensions: { length: 10, width: 8, height: 4, units: 'IN' },
            },
          ],
          shipDateStamp: '2026-12-01',
        },
      }),
    );
  });

  it('sends a fresh UUID as x-customer-transaction-id when none is given, and no x-locale', async () => {
    const { fedex } = setup(mock);
    await fedex.rates.quote({
      shipper: memphis,
      recipient: beverlyHills,
      packages: [{ weight: { units: 'KG', value: 1 } }],
    });
    await fedex.rates.quote({
      shipper: memphis,
      recipient: beverlyHills,
      packages: [{ weight: { units: 'KG', value: 1 } }],
    });
    const calls = mock.callsTo('POST', `${SANDBOX}/rate/v1/rates/quotes`);
    const ids = calls.map((call) => call.headers['x-customer-transaction-id']);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids[0]).not.toBe(ids[1]);
    expect(calls[0]!.headers['x-locale']).toBeUndefined();
  });

  it('shipments.create: POST /ship/v1/shipments with the full requested shipment', async () => {
    const { fedex } = setup(mock);
    await fedex.shipments.create(
      shipmentInput({
        label: { imageType: 'PDF', stockType: 'PAPER_85X11_TOP_HALF_LABEL' },
        labelResponse: 'URL_ONLY',
        shipDate: '2026-12-01',
      }),
      { customerTransactionId: 'ship-1' },
    );
    const [call] = mock.callsTo('POST', `${SANDBOX}/ship/v1/shipments`);
    expect(call!.headers['x-customer-transaction-id']).toBe('ship-1');
    expect(call!.headers['content-type']).toBe('application/json');
    expect(call!.json()).toEqual({
      labelResponseOptions: 'URL_ONLY',
      accountNumber: { value: ACCOUNT },
      requestedShipment: {
        shipper: {
          contact: { companyName: 'Acme Widgets', phoneNumber: '9015551234' },
          address: {
            streetLines: ['3875 Airways Blvd'],
            city: 'Memphis',
            stateOrProvinceCode: 'TN',
            postalCode: '38116',
            countryCode: 'US',
          },
        },
        recipients: [
          {
            contact: { personName: 'Jane Doe', phoneNumber: '3105559876' },
            address: {
              streetLines: ['123 Palm Ln'],
              city: 'Beverly Hills',
              stateOrProvinceCode: 'CA',
              postalCode: '90210',
              countryCode: 'US',
              residential: true,
            },
          },
        ],
        shipDatestamp: '2026-12-01',
        serviceType: 'FEDEX_2_DAY',
        packagingType: 'YOUR_PACKAGING',
        pickupType: 'DROPOFF_AT_FEDEX_LOCATION',
        totalWeight: 5,
        shippingChargesPayment: {
          paymentType: 'SENDER',
          payor: { responsibleParty: { accountNumber: { value: ACCOUNT } } },
        },
        labelSpecification: { imageType: 'PDF', labelStockType: 'PAPER_85X11_TOP_HALF_LABEL' },
        requestedPackageLineItems: [
          {
            weight: { units: 'LB', value: 5 },
            dimensions: { length: 10, width: 8, height: 4, units: 'IN' },
          },
        ],
      },
    });
  });

  it('shipments.cancel: PUT /ship/v1/shipments/cancel', async () => {
    const { fedex } = setup(mock);
    await fedex.shipments.cancel({ trackingNumber: '794600000001', senderCountryCode: 'US' });
    const [call] = mock.callsTo('PUT', `${SANDBOX}/ship/v1/shipments/cancel`);
    expect(call!.method).toBe('PUT');
    expect(call!.body).toBe(
      JSON.stringify({
        accountNumber: { value: ACCOUNT },
        senderCountryCode: 'US',
        deletionControl: 'DELETE_ALL_PACKAGES',
        trackingNumber: '794600000001',
      }),
    );
  });

  it('tracking.track: POST /track/v1/trackingnumbers', async () => {
    const { fedex } = setup(mock);
    await fedex.tracking.track(['794600000001', ' 794600000002 '], { includeDetailedScans: false });
    const [call] = mock.callsTo('POST', `${SANDBOX}/track/v1/trackingnumbers`);
    expect(call!.body).toBe(
      JSON.stringify({
        includeDetailedScans: false,
        trackingInfo: [
          { trackingNumberInfo: { trackingNumber: '794600000001' } },
          { trackingNumberInfo: { trackingNumber: '794600000002' } },
        ],
      }),
    );
  });

  it('tracking.byReference: POST /track/v1/referencenumbers finds a shipment by its customer reference', async () => {
    const { fedex } = setup(mock);
    const created = await fedex.shipments.create(
      shipmentInput({
        customerReference: 'ord_0123456789abcdef',
        packages: [{ weight: { units: 'LB', value: 1 } }, { weight: { units: 'LB', value: 2 } }],
      }),
    );
    const [ship] = mock.callsTo('POST', `${SANDBOX}/ship/v1/shipments`);
    const lines = ship!.json<{
      requestedShipment: { requestedPackageLineItems: Array<{ customerReferences: unknown }> };
    }>().requestedShipment.requestedPackageLineItems;
    expect(lines.map((line) => line.customerReferences)).toEqual([
      [{ customerReferenceType: 'CUSTOMER_REFERENCE', value: 'ord_0123456789abcdef' }],
      [{ customerReferenceType: 'CUSTOMER_REFERENCE', value: 'ord_0123456789abcdef' }],
    ]);

    const found = await fedex.tracking.byReference(
      { value: 'ord_0123456789abcdef' },
      { customerTransactionId: 'lookup-1' },
    );
    const [call] = mock.callsTo('POST', `${SANDBOX}/track/v1/referencenumbers`);
    expect(call!.method).toBe('POST');
    expect(call!.headers['content-type']).toBe('application/json');
    expect(call!.headers.authorization).toMatch(/^Bearer fake-fedex-access-\d+$/);
    expect(call!.headers['x-customer-transaction-id']).toBe('lookup-1');
    expect(call!.body).toBe(
      JSON.stringify({
        referencesInformation: {
          type: 'CUSTOMER_REFERENCE',
          value: 'ord_0123456789abcdef',
          accountNumber: ACCOUNT,
        },
        includeDetailedScans: false,
      }),
    );
    expect(found.map((result) => [result.trackingNumber, result.ok])).toEqual(
      created.packages.map((item) => [item.trackingNumber, true]),
    );

    // Dates go along when given; a reference nobody shipped is an empty list, not an error.
    const none = await fedex.tracking.byReference({
      value: 'ord_nobody',
      shipDateBegin: '2026-11-01',
      shipDateEnd: '2026-11-30',
    });
    expect(none).toEqual([]);
    const second = mock.callsTo('POST', `${SANDBOX}/track/v1/referencenumbers`)[1]!;
    expect(second.json()).toEqual({
      referencesInformation: {
        type: 'CUSTOMER_REFERENCE',
        value: 'ord_nobody',
        accountNumber: ACCOUNT,
        shipDateBegin: '2026-11-01',
        shipDateEnd: '2026-11-30',
      },
      includeDetailedScans: false,
    });
  });

  it('tracking.byReference and customerReference refuse bad input before anything is sent', async () => {
    const { fedex } = setup(mock);
    await expect(fedex.tracking.byReference({ value: ' ' })).rejects.toMatchObject({
      name: 'ValidationError',
      issues: [expect.objectContaining({ path: ['value'] })],
    });
    await expect(
      fedex.tracking.byReference({ value: 'x', shipDateBegin: '2026-1-1' }),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(
      fedex.shipments.create(shipmentInput({ customerReference: 'x'.repeat(31) })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      issues: [expect.objectContaining({ path: ['customerReference'] })],
    });
    expect(mock.calls).toEqual([]);
  });

  it('addresses.validate: POST /address/v1/addresses/resolve', async () => {
    const { fedex } = setup(mock);
    await fedex.addresses.validate([memphis.address]);
    const [call] = mock.callsTo('POST', `${SANDBOX}/address/v1/addresses/resolve`);
    expect(call!.json()).toEqual({
      addressesToValidate: [
        {
          address: {
            streetLines: ['3875 Airways Blvd'],
            city: 'Memphis',
            stateOrProvinceCode: 'TN',
            postalCode: '38116',
            countryCode: 'US',
          },
        },
      ],
    });
  });

  it('production uses https://apis.fedex.com; baseURL overrides', async () => {
    const production = setup(mock, { environment: 'production' });
    await production.fedex.tracking.track(['1']);
    expect(mock.callsTo('POST', 'https://apis.fedex.com/track/v1/trackingnumbers')).toHaveLength(1);
    expect(mock.callsTo('POST', 'https://apis.fedex.com/oauth/token')).toHaveLength(1);
  });
});

describe('custom baseURL', () => {
  it('a baseURL with a path prefix is used for the token and every call', async () => {
    const base = 'https://fedex-proxy.test/fedex';
    const { fedex } = setup(mock, { baseURL: base }, { baseURL: base });
    await fedex.tracking.track(['1']);
    expect(mock.calls.map((call) => `${call.method} ${call.url.href}`)).toEqual([
      `POST ${base}/oauth/token`,
      `POST ${base}/track/v1/trackingnumbers`,
    ]);
  });
});
