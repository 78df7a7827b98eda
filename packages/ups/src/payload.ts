import type {
  Money,
  Party,
  RateQuoteInput,
  ShipmentCreateInput,
  UPSAlert,
  UPSServiceCode,
} from './ups-types.js';

type Json = Record<string, unknown>;

export const asRecord = (value: unknown): Json | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Json)
    : undefined;

/** UPS sends a one-item list as a bare object below some versions: always a list of objects here. */
export const list = (value: unknown): Json[] =>
  (Array.isArray(value) ? (value as unknown[]) : [value]).flatMap((item): Json[] => {
    const record = asRecord(item);
    return record ? [record] : [];
  });

/** Walks `path` through nested objects. */
export const at = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((current, key) => asRecord(current)?.[key], value);

/** A non-empty string, without the `&#xD;` entities live void answers carry. */
export function text(value: unknown): string | undefined {
  const cleaned = typeof value === 'string' ? value.replace(/&#xD;/gi, '').trim() : '';
  return cleaned.length > 0 ? cleaned : undefined;
}

/** `{ Code, Description }` (or lower-case keys, as Tracking writes them). */
export const statusOf = (value: unknown) => ({
  code: text(at(value, 'Code') ?? at(value, 'code')),
  description: text(at(value, 'Description') ?? at(value, 'description')),
});

export const alertsOf = (value: unknown): UPSAlert[] =>
  list(value).flatMap((alert) => {
    const { code, description } = statusOf(alert);
    return code ? [{ code, description }] : [];
  });

const ZERO_DECIMALS = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF';
const THREE_DECIMALS = 'BHD IQD JOD KWD LYD OMR TND';

/**
 * `{ CurrencyCode, MonetaryValue }` as exact money: the decimal string kept, minor
 * units counted from its digits (never through a float). Undefined when the
 * value is not a plain decimal or has more decimals than its currency.
 */
export function money(value: unknown): Money | undefined {
  const currency = text(at(value, 'CurrencyCode'));
  const amount = text(at(value, 'MonetaryValue'));
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount ?? '');
  if (!currency || !amount || !match || !/^[A-Z]{3}$/.test(currency)) return undefined;
  const [, sign, whole, fraction = ''] = match;
  const decimals = ZERO_DECIMALS.includes(currency) ? 0 : THREE_DECIMALS.includes(currency) ? 3 : 2;
  if (/[^0]/.test(fraction.slice(decimals))) return undefined;
  const minorUnits = Number(`${sign}${whole}${fraction.slice(0, decimals).padEnd(decimals, '0')}`);
  return Number.isSafeInteger(minorUnits) ? { value: amount, currency, minorUnits } : undefined;
}

// Code and name, from the service lists of UPS's Rating and Shipping specs.
const SERVICE_TABLE =
  '01 Next Day Air|02 2nd Day Air|03 Ground|07 Worldwide Express|08 Worldwide Expedited|' +
  '11 Standard|12 3 Day Select|13 Next Day Air Saver|14 Next Day Air Early|' +
  '17 Worldwide Economy DDU|54 Worldwide Express Plus|59 2nd Day Air A.M.|65 Worldwide Saver|' +
  '70 Access Point Economy|71 Worldwide Express Freight Midday|72 Worldwide Economy DDP|' +
  '74 Express 12:00|75 Heavy Goods|82 Today Standard|83 Today Dedicated Courier|' +
  '84 Today Intercity|85 Today Express|86 Today Express Saver|96 Worldwide Express Freight|' +
  'M2 First Class Mail|M3 Priority Mail|M4 Expedited Mail Innovations|' +
  'M5 Priority Mail Innovations|M6 Economy Mail Innovations|M7 Mail Innovations Returns|' +
  'C6 Roadie XD AM|C7 Roadie XD PM|C8 Roadie XD Anytime|T0 Master (TradeDirect)|T1 LTL (TradeDirect)';

/** UPS service code → name, e.g. `03` → `Ground`. */
export const UPS_SERVICES = Object.freeze(
  Object.fromEntries(SERVICE_TABLE.split('|').map((entry) => [entry.slice(0, 2), entry.slice(3)])),
) as Readonly<Record<UPSServiceCode, string>>;

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
