import { UPS_SERVICES } from './ups-services.js';
import type { Party, RateQuoteInput, ShipmentCreateInput } from './ups-types.js';

type Json = Record<string, unknown>;

const UNITS: Json = {
  LBS: 'Pounds',
  KGS: 'Kilograms',
  OZS: 'Ounces',
  IN: 'Inches',
  CM: 'Centimeters',
};
const unit = (code: string) => ({ Code: code, Description: UNITS[code] });

// Payloads carry `undefined` for what the caller left out: JSON drops those keys.

export const addressPayload = ({ address, residential }: Party) => ({
  AddressLine: address.addressLines,
  City: address.city,
  StateProvinceCode: address.stateProvinceCode,
  PostalCode: address.postalCode,
  CountryCode: address.countryCode,
  ResidentialAddressIndicator: residential ? '' : undefined,
});

/** A party as Rating (name and address) or Shipping (with a phone) takes it. */
const partyPayload = (party: Party, ship: boolean, shipperNumber?: string) => ({
  Name: party.name,
  AttentionName: party.attentionName,
  Phone: ship && party.phone ? { Number: party.phone } : undefined,
  ShipperNumber: shipperNumber,
  Address: addressPayload(party),
});

/**
 * The `Shipment` Rating and Shipping both take, in their specs' order; they
 * name payment and packaging differently. The reference goes on each package:
 * UPS refuses a shipment-level one within the US (120541).
 */
export function shipmentPayload(
  input: RateQuoteInput & Partial<Pick<ShipmentCreateInput, 'reference' | 'description'>>,
  account: string,
  ship: boolean,
) {
  const { service, shipFrom, packages, reference } = input;
  return {
    Description: input.description,
    Shipper: partyPayload(input.shipper, ship, account),
    ShipTo: partyPayload(input.shipTo, ship),
    ShipFrom: shipFrom && partyPayload(shipFrom, ship),
    [ship ? 'PaymentInformation' : 'PaymentDetails']: {
      ShipmentCharge: [{ Type: '01', BillShipper: { AccountNumber: account } }],
    },
    Service: service && { Code: service, Description: ship ? undefined : UPS_SERVICES[service] },
    ShipmentRatingOptions:
      input.negotiatedRates === false ? undefined : { NegotiatedRatesIndicator: '' },
    Package: packages.map(({ weight, dimensions: size, packagingType }) => ({
      [ship ? 'Packaging' : 'PackagingType']: { Code: packagingType ?? '02' },
      Dimensions: size && {
        UnitOfMeasurement: unit(size.unit),
        Length: String(size.length),
        Width: String(size.width),
        Height: String(size.height),
      },
      PackageWeight: { UnitOfMeasurement: unit(weight.unit), Weight: String(weight.value) },
      ReferenceNumber: ship && reference ? [{ Value: reference }] : undefined,
    })),
  };
}
