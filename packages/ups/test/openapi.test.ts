import { describe, expect, it } from 'vitest';
import { rateBody } from './bodies.js';
import { ERRATA, loadSpec, operationOf, schemaErrors } from './openapi.js';

const RATE = '/rating/{version}/{requestoption}';

describe('UPS OpenAPI specs as the contract tests use them', () => {
  it('every erratum is needed: the published Rating schema rejects our body exactly there', () => {
    expect(schemaErrors('Rating', RATE, 'POST', rateBody, false)).toEqual([
      "/RateRequest/Request must have required property 'RequestOption'",
      '/RateRequest/Shipment/Service/Code must NOT have fewer than 3 characters',
    ]);
    expect(schemaErrors('Rating', RATE, 'POST', rateBody)).toEqual([]);
    expect(ERRATA.map((erratum) => `${erratum.spec} ${erratum.schema}`)).toEqual([
      'Rating RateRequest_Request',
      'Rating Shipment_Service',
    ]);
  });

  it('the validator is not vacuous: wrong types, missing fields and long strings are reported', () => {
    const shipment = rateBody.RateRequest.Shipment;
    const broken = {
      RateRequest: {
        Request: {},
        Shipment: {
          ...shipment,
          Shipper: { ...shipment.Shipper, ShipperNumber: 'A1B2C3D' },
          ShipTo: { Address: { AddressLine: ['1 Main St'] } },
          Package: [
            {
              PackageWeight: {
                UnitOfMeasurement: { Code: 'LBS', Description: 'Pounds' },
                Weight: 5,
              },
            },
          ],
        },
      },
    };
    expect(schemaErrors('Rating', RATE, 'POST', broken)).toEqual([
      '/RateRequest/Shipment/Shipper/ShipperNumber must NOT have more than 6 characters',
      "/RateRequest/Shipment/ShipTo/Address must have required property 'CountryCode'",
      // UPS writes `maximum: 1` (meaning "one occurrence") on strings: it bites only a number.
      '/RateRequest/Shipment/Package/0/PackageWeight/Weight must be <= 1',
      '/RateRequest/Shipment/Package/0/PackageWeight/Weight must be string',
    ]);
  });

  it("unknown keys are errors: a misspelt field or one of Shipping's names in a Rating body is caught", () => {
    const shipment = rateBody.RateRequest.Shipment;
    const mixed = {
      RateRequest: {
        ...rateBody.RateRequest,
        Shipment: { ...shipment, PaymentInformation: {}, NegotiatedRatesIndicatr: '' },
      },
    };
    expect(schemaErrors('Rating', RATE, 'POST', mixed)).toEqual([
      '/RateRequest/Shipment must NOT have additional properties',
      '/RateRequest/Shipment must NOT have additional properties',
    ]);
  });

  it("UPS's own Address Validation example passes the harness, but for the one key its schema lacks", () => {
    const path = '/addressvalidation/{version}/{requestoption}';
    const content = operationOf('AddressValidation', path, 'POST').requestBody!.content[
      'application/json'
    ]!;
    const examples = Object.values(content.examples ?? {});
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      const { XAVRequest } = example.value as { XAVRequest: { AddressKeyFormat: object } };
      // The example sends `BuildingName`, which XAVRequest_AddressKeyFormat does not declare.
      expect(schemaErrors('AddressValidation', path, 'POST', example.value)).toEqual([
        '/XAVRequest/AddressKeyFormat must NOT have additional properties',
      ]);
      const { BuildingName, ...declared } = XAVRequest.AddressKeyFormat as {
        BuildingName?: string;
      };
      expect(BuildingName).toBe('Innoplex');
      const corrected = {
        ...(example.value as object),
        XAVRequest: { ...XAVRequest, AddressKeyFormat: declared },
      };
      expect(schemaErrors('AddressValidation', path, 'POST', corrected)).toEqual([]);
    }
  });

  it('the servers are the hosts the client defaults to, under /api', () => {
    for (const name of ['Rating', 'Shipping', 'Tracking', 'AddressValidation'] as const) {
      const servers = (loadSpec(name) as unknown as { servers: Array<{ url: string }> }).servers;
      expect(servers.map((server) => server.url)).toEqual([
        'https://wwwcie.ups.com/api',
        'https://onlinetools.ups.com/api',
      ]);
    }
  });
});
