import { ValidationError } from '@int/core';
import { describe, expect, it } from 'vitest';
import { beverlyHills, memphis, setup, shipmentInput, useMockServer } from './helpers.js';

const mock = useMockServer();

async function issuesOf(promise: Promise<unknown>) {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues;
}

describe('validation before sending', () => {
  it('a bad country code is a ValidationError and nothing is sent', async () => {
    const { fedex } = setup(mock);
    const issues = await issuesOf(
      fedex.rates.quote({
        shipper: memphis,
        recipient: { address: { ...beverlyHills.address, countryCode: 'USA' } },
        packages: [{ weight: { units: 'LB', value: 1 } }],
      }),
    );
    expect(issues).toEqual([
      {
        path: ['recipient', 'address', 'countryCode'],
        message: 'must be an ISO 3166-1 alpha-2 code in upper case (got "USA")',
      },
    ]);
    expect(mock.calls).toHaveLength(0);
  });

  it('rejects lower case and unassigned codes', async () => {
    const { fedex } = setup(mock);
    for (const countryCode of ['us', 'XX', 'UK']) {
      await expect(
        fedex.addresses.validate([{ ...memphis.address, countryCode }]),
      ).rejects.toBeInstanceOf(ValidationError);
    }
    expect(mock.calls).toHaveLength(0);
  });

  it('zero weight is a ValidationError', async () => {
    const { fedex } = setup(mock);
    const issues = await issuesOf(
      fedex.shipments.create(shipmentInput({ packages: [{ weight: { units: 'LB', value: 0 } }] })),
    );
    expect(issues).toEqual([
      { path: ['packages', 0, 'weight', 'value'], message: 'must be a number above zero' },
    ]);
    expect(mock.calls).toHaveLength(0);
  });

  it('a missing US postal code is a ValidationError; a country without postal codes needs none', async () => {
    const { fedex } = setup(mock);
    const { postalCode: _dropped, ...noPostal } = memphis.address;
    const issues = await issuesOf(
      fedex.rates.quote({
        shipper: { address: noPostal },
        recipient: beverlyHills,
        packages: [{ weight: { units: 'KG', value: 2 } }],
      }),
    );
    expect(issues).toEqual([
      { path: ['shipper', 'address', 'postalCode'], message: 'is required for country US' },
    ]);
    expect(mock.calls).toHaveLength(0);
    const hongKong = {
      address: { streetLines: ['1 Queen’s Rd'], city: 'Hong Kong', countryCode: 'HK' },
    };
    await expect(
      fedex.rates.quote({
        shipper: memphis,
        recipient: hongKong,
        packages: [{ weight: { units: 'KG', value: 2 } }],
      }),
    ).resolves.toBeDefined();
  });

  it('reports every issue at once', async () => {
    const { fedex } = setup(mock);
    const issues = await issuesOf(
      fedex.shipments.create({
        ...shipmentInput(),
        serviceType: '',
        packages: [{ weight: { units: 'OZ' as 'LB', value: -1 } }],
        label: { imageType: 'GIF' as 'PDF' },
        labelResponse: 'EMAIL' as 'LABEL',
      }),
    );
    expect(issues.map((issue) => issue.path.join('.'))).toEqual([
      'packages.0.weight.units',
      'packages.0.weight.value',
      'serviceType',
      'label.imageType',
      'labelResponse',
    ]);
  });

  it('shipments need a contact with a phone number and a name', async () => {
    const { fedex } = setup(mock);
    const issues = await issuesOf(
      fedex.shipments.create(
        shipmentInput({
          recipients: [{ ...beverlyHills, contact: { phoneNumber: '' } }],
        }),
      ),
    );
    expect(issues).toEqual([
      { path: ['recipients', 0, 'contact', 'phoneNumber'], message: 'must be a non-empty string' },
      { path: ['recipients', 0, 'contact'], message: 'needs personName or companyName' },
    ]);
  });

  it('cancel needs a tracking number', async () => {
    const { fedex } = setup(mock);
    await expect(fedex.shipments.cancel({ trackingNumber: '' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(
      fedex.shipments.cancel({ trackingNumber: '1', senderCountryCode: 'usa' }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(mock.calls).toHaveLength(0);
  });
});
