import { isRecord } from '@int/core';
import {
  createFakeApi,
  type FakeControls,
  type FakeErrorInfo,
  type FakeReply,
  type FakeRouteContext,
  fakeLookup,
} from '@int/core/testing';

export interface UPSFakeOptions {
  /** Base URLs served. Default: UPS's test (CIE) and production hosts. */
  baseURL?: string | string[] | undefined;
  /** Accepted credentials. Defaults: `test-client-id` / `test-client-secret`. */
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  /** `expires_in` of issued tokens, in seconds. Default 14399 (about four hours). */
  expiresIn?: number | undefined;
  /** The fake's time (token expiry, ship and scan dates): the clock the client under test uses. */
  clock?: { now(): number } | undefined;
}

export interface FakeActivity {
  /** `YYYYMMDD` and `HHMMSS` in UTC on the fake's clock. */
  date: string;
  time: string;
  /** UPS's status type: `M` manifest, `P` pickup, `I` in transit, `D` delivered, `X` exception. */
  type: string;
  code: string;
  description: string;
}

export interface FakeShipment {
  shipmentId: string;
  trackingNumbers: string[];
  shipperNumber: string;
  service: string;
  /** Package `ReferenceNumber.Value`s. */
  references: string[];
  /** Epoch ms on the fake's clock. */
  createdAt: number;
  /** Tracking numbers voided so far. */
  voided: Set<string>;
  shipTo: Record<string, unknown>;
  /** Newest first. */
  activity: FakeActivity[];
  total: { currency: string; value: string };
}

/** The toolkit's controls plus UPS's own state. */
export interface UPSFake extends FakeControls {
  /** Shipments created, by shipment identification number. */
  readonly shipments: ReadonlyMap<string, FakeShipment>;
  /** Adds a scan to a shipped package, e.g. `{ type: 'D', code: 'KB', description: 'Delivered' }`. */
  scan(trackingNumber: string, event: Omit<FakeActivity, 'date' | 'time'>): void;
}

type Json = Record<string, unknown>;

/** One-or-many, as UPS accepts both. */
const many = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];
const part = (value: unknown, key: string): Json => {
  const child = isRecord(value) ? value[key] : undefined;
  return isRecord(child) ? child : {};
};

// Toolkit codes (auth, faults) as UPS writes them; see the spec's error examples.
const UPS_ERRORS: Record<string, { code: string; message?: string }> = {
  missing_credentials: { code: '250002', message: 'Invalid Authentication Information.' },
  invalid_credentials: { code: '250002', message: 'Invalid Authentication Information.' },
  token_expired: { code: '250002', message: 'Invalid Authentication Information.' },
  invalid_client: { code: '10401', message: 'ClientId is Invalid' },
  'fault 429': { code: '10429', message: 'Too Many Requests' },
};

/** `{ response: { errors: [{ code, message }] } }`, every API's and the token endpoint's. */
function errorEnvelope({ status, code, message }: FakeErrorInfo): Json {
  const ups = UPS_ERRORS[code === 'fault' ? `fault ${status}` : code] ?? { code };
  return { response: { errors: [{ code: ups.code, message: ups.message ?? message }] } };
}

/** The fake's own code for a request it cannot take (UPS's codes for these are not published). */
export const INVALID_REQUEST = 'INVALID_REQUEST';

const DOMESTIC: Array<[string, string, number, number, number]> = [
  // code, name, base cents, cents per billable pound, business days
  ['03', 'UPS Ground', 950, 95, 5],
  ['12', 'UPS 3 Day Select', 1800, 150, 3],
  ['02', 'UPS 2nd Day Air', 2400, 210, 2],
  ['59', 'UPS 2nd Day Air A.M.', 2900, 240, 2],
  ['13', 'UPS Next Day Air Saver', 3600, 290, 1],
  ['01', 'UPS Next Day Air', 4200, 330, 1],
  ['14', 'UPS Next Day Air Early', 7900, 380, 1],
];
const INTERNATIONAL: Array<[string, string, number, number, number]> = [
  ['08', 'UPS Worldwide Expedited', 6200, 450, 5],
  ['65', 'UPS Worldwide Saver', 7400, 520, 3],
  ['07', 'UPS Worldwide Express', 8100, 560, 2],
  ['54', 'UPS Worldwide Express Plus', 11500, 600, 1],
];

const POUNDS: Record<string, number> = { LBS: 1, KGS: 2.20462, OZS: 1 / 16 };

const amount = (cents: number) => ({
  CurrencyCode: 'USD',
  MonetaryValue: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
});

/** UPS's check digit over characters 3 to 17 of a 1Z number (letters as (ASCII - 3) mod 10). */
export function oneZCheckDigit(first17: string): string {
  let total = 0;
  [...first17.slice(2, 17)].forEach((char, index) => {
    const value = /\d/.test(char) ? Number(char) : (char.charCodeAt(0) - 3) % 10;
    total += index % 2 === 0 ? value : 2 * value;
  });
  return String((10 - (total % 10)) % 10);
}

const TINY_LABELS: Record<string, (number: string) => string> = {
  GIF: () => 'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7',
  PNG: () =>
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  ZPL: (number) => Buffer.from(`^XA^FO50,50^BCN,100^FD${number}^FS^XZ`).toString('base64'),
  EPL: (number) => Buffer.from(`N\nB50,50,0,1,2,4,100,N,"${number}"\nP1\n`).toString('base64'),
};

/**
 * A stateful UPS fake on core's fake toolkit: OAuth client credentials (Basic
 * auth, string fields, expiry on the fake's clock), rating and shopping priced
 * by billable weight and zone, ship / void with 1Z numbers and labels,
 * tracking by number and by reference, and street-level address validation,
 * with UPS's paths, error bodies and the toolkit's faults.
 */
export function createUPSFake(options: UPSFakeOptions = {}): UPSFake {
  const shipments = new Map<string, FakeShipment>();
  const byPackage = new Map<string, FakeShipment>();
  const clientId = options.clientId ?? 'test-client-id';
  const ttlSeconds = options.expiresIn ?? 14399;
  const api = createFakeApi({
    name: 'ups',
    baseURL: options.baseURL ?? ['https://wwwcie.ups.com', 'https://onlinetools.ups.com'],
    clock: options.clock,
    errorEnvelope,
    auth: {
      tokenEndpoint: {
        path: '/security/v1/oauth/token',
        clients: { [clientId]: options.clientSecret ?? 'test-client-secret' },
        ttlSeconds,
        // UPS takes the client credentials as HTTP Basic only, and writes every field as a string.
        grant: ({ request, grantType, clientValid, issue, error }) => {
          if (!/^Basic\s/i.test(request.headers.get('authorization') ?? '')) {
            return error(401, 'Invalid Authentication Information.', 'invalid_credentials');
          }
          if (grantType !== 'client_credentials' || !clientValid) return undefined;
          const extra = {
            token_type: 'Bearer',
            issued_at: String(api.now()),
            client_id: clientId,
            expires_in: String(ttlSeconds),
            refresh_count: '0',
            status: 'approved',
          };
          return issue({ extra });
        },
      },
    },
    onReset: () => {
      shipments.clear();
      byPackage.clear();
    },
  });

  const bad = (message: string, code = INVALID_REQUEST): never => {
    throw api.error(400, message, code);
  };
  const stamp = () => {
    const iso = new Date(api.now()).toISOString();
    return { date: iso.slice(0, 10).replace(/-/g, ''), time: iso.slice(11, 19).replace(/:/g, '') };
  };
  const success = { ResponseStatus: { Code: '1', Description: 'Success' } };

  /** An address with an `AddressLine` list and a two-letter `CountryCode`. */
  const address = (value: unknown, field: string, city: boolean): Json => {
    if (!isRecord(value) || !/^[A-Z]{2}$/.test(String(value.CountryCode))) {
      return bad(`Missing or invalid ${field}.CountryCode`);
    }
    if (many(value.AddressLine).length === 0) bad(`Missing ${field}.AddressLine`);
    if (city && typeof value.City !== 'string') bad(`Missing ${field}.City`);
    return value;
  };

  /** The zone of a route: domestic by postal-code distance, 10 between countries. */
  const zoneOf = (from: Json, to: Json) => {
    if (from.CountryCode !== to.CountryCode) return 10;
    const digit = (place: Json) => Number(String(place.PostalCode ?? '0').charAt(0)) || 0;
    return 2 + Math.min(6, Math.abs(digit(from) - digit(to)));
  };

  /** Billable pounds of each package: its weight rounded up to a whole pound. */
  const billable = (packages: unknown[]) =>
    packages.map((item, index) => {
      const weight = part(item, 'PackageWeight');
      const unit = String(part(weight, 'UnitOfMeasurement').Code);
      const value = Number(weight.Weight);
      if (!(value > 0) || !(unit in POUNDS))
        bad(`Missing or invalid Package[${index}].PackageWeight`);
      return Math.max(1, Math.ceil(value * (POUNDS[unit] ?? 1)));
    });

  /** Price of a service over a route, in cents: list and, when asked, negotiated (85 %). */
  const price = (service: (typeof DOMESTIC)[number], zone: number, pounds: number[]) => {
    const [, , base, perPound] = service;
    const total = pounds.reduce(
      (sum, lb) => sum + base + Math.round(perPound * lb * (1 + (zone - 2) / 10)),
      0,
    );
    return { total, negotiated: Math.round(total * 0.85) };
  };

  /** The shipment's route, services and billable weights, checked as Rating and Shipping both need. */
  const shipmentOf = (body: unknown, root: string, ship: boolean) => {
    const shipment = part(part(body, root), 'Shipment');
    const shipper = part(shipment, 'Shipper');
    const from = address(
      isRecord(shipment.ShipFrom) ? part(shipment, 'ShipFrom').Address : shipper.Address,
      'Shipper.Address',
      ship,
    );
    const to = address(part(shipment, 'ShipTo').Address, 'ShipTo.Address', ship);
    const packages = many(shipment.Package);
    if (packages.length === 0) bad('Missing Shipment.Package');
    const services = from.CountryCode === to.CountryCode ? DOMESTIC : INTERNATIONAL;
    // Negotiated rates need the indicator and an account number.
    const negotiated =
      part(shipment, 'ShipmentRatingOptions').NegotiatedRatesIndicator !== undefined &&
      /^[A-Z0-9]{6}$/i.test(String(shipper.ShipperNumber));
    return {
      shipment,
      shipper,
      from,
      to,
      packages,
      services,
      negotiated,
      pounds: billable(packages),
    };
  };

  const ratedShipment = (
    service: (typeof DOMESTIC)[number],
    zone: number,
    pounds: number[],
    negotiated: boolean,
  ) => {
    const charge = price(service, zone, pounds);
    const weight = String(pounds.reduce((sum, lb) => sum + lb, 0));
    return {
      Service: { Code: service[0], Description: '' },
      RatedShipmentAlert: [
        { Code: '110971', Description: 'Your invoice may vary from the displayed reference rates' },
      ],
      BillingWeight: { UnitOfMeasurement: { Code: 'LBS', Description: 'Pounds' }, Weight: weight },
      TransportationCharges: amount(charge.total),
      ServiceOptionsCharges: amount(0),
      TotalCharges: amount(charge.total),
      ...(negotiated ? { NegotiatedRateCharges: { TotalCharge: amount(charge.negotiated) } } : {}),
      GuaranteedDelivery: { BusinessDaysInTransit: String(service[4]) },
      RatedPackage: pounds.map((lb) => ({ Weight: String(lb) })),
      Zone: String(zone).padStart(3, '0'),
    };
  };

  const unavailable = () =>
    bad('The requested service is unavailable between the selected locations.', '111210');

  api.route('POST', '/api/rating/:version/:option', ({ body, params }) => {
    const option = params.option?.toLowerCase() ?? '';
    if (!['rate', 'shop', 'ratetimeintransit', 'shoptimeintransit'].includes(option)) {
      bad(`Invalid request option ${params.option}`);
    }
    const { shipment, from, to, services, negotiated, pounds } = shipmentOf(
      body,
      'RateRequest',
      false,
    );
    const zone = zoneOf(from, to);
    let offered = services;
    if (option.startsWith('rate')) {
      const code = part(shipment, 'Service').Code;
      if (typeof code !== 'string') bad('Missing Shipment.Service.Code');
      offered = services.filter((service) => service[0] === code);
      if (offered.length === 0) unavailable();
    }
    return api.json({
      RateResponse: {
        Response: success,
        RatedShipment: offered.map((service) => ratedShipment(service, zone, pounds, negotiated)),
      },
    });
  });

  api.route('POST', '/api/shipments/:version/ship', ({ body }) => {
    const request = part(part(body, 'ShipmentRequest'), 'Request');
    if (request.RequestOption !== 'nonvalidate' && request.RequestOption !== 'validate') {
      bad('Missing or invalid Request.RequestOption');
    }
    const { shipment, shipper, from, to, packages, services, negotiated, pounds } = shipmentOf(
      body,
      'ShipmentRequest',
      true,
    );
    if (typeof shipper.Name !== 'string' || typeof part(shipment, 'ShipTo').Name !== 'string') {
      bad('Missing Shipper.Name or ShipTo.Name');
    }
    const shipperNumber = String(shipper.ShipperNumber ?? '');
    if (!/^[A-Z0-9]{6}$/i.test(shipperNumber)) bad('Missing or invalid Shipper.ShipperNumber');
    const service =
      services.find(([code]) => code === part(shipment, 'Service').Code) ?? unavailable();
    if (shipment.ReferenceNumber !== undefined && from.CountryCode === to.CountryCode) {
      bad('Shipment level reference numbers are not allowed for this shipment.', '120541');
    }
    const format = String(
      part(part(part(body, 'ShipmentRequest'), 'LabelSpecification'), 'LabelImageFormat').Code,
    );
    const label =
      TINY_LABELS[format] ?? bad('Missing or invalid LabelSpecification.LabelImageFormat.Code');
    const references = packages.flatMap((item) =>
      many(isRecord(item) ? item.ReferenceNumber : undefined).flatMap((reference) =>
        isRecord(reference) && typeof reference.Value === 'string' ? [reference.Value] : [],
      ),
    );
    const trackingNumbers = packages.map(() => {
      const serial = String(api.nextNumber('package')).padStart(7, '0');
      const first17 = `1Z${shipperNumber.toUpperCase()}${service[0]}${serial}`;
      return `${first17}${oneZCheckDigit(first17)}`;
    });
    const charge = price(service, zoneOf(from, to), pounds);
    const record: FakeShipment = {
      shipmentId: trackingNumbers[0]!,
      trackingNumbers,
      shipperNumber,
      service: service[0],
      references: [...new Set(references)],
      createdAt: api.now(),
      voided: new Set(),
      shipTo: to,
      activity: [
        {
          ...stamp(),
          type: 'M',
          code: 'MP',
          description: 'Shipper created a label, UPS has not received the package yet.',
        },
      ],
      total: { currency: 'USD', value: amount(charge.total).MonetaryValue },
    };
    shipments.set(record.shipmentId, record);
    for (const number of trackingNumbers) byPackage.set(number, record);
    return api.json({
      ShipmentResponse: {
        Response: success,
        ShipmentResults: {
          ShipmentCharges: {
            TransportationCharges: amount(charge.total),
            ServiceOptionsCharges: amount(0),
            TotalCharges: amount(charge.total),
          },
          ...(negotiated
            ? { NegotiatedRateCharges: { TotalCharge: amount(charge.negotiated) } }
            : {}),
          BillingWeight: {
            UnitOfMeasurement: { Code: 'LBS', Description: 'Pounds' },
            Weight: String(pounds.reduce((sum, lb) => sum + lb, 0)),
          },
          ShipmentIdentificationNumber: record.shipmentId,
          PackageResults: trackingNumbers.map((number) => ({
            TrackingNumber: number,
            ShippingLabel: {
              ImageFormat: { Code: format, Description: format },
              GraphicImage: label(number),
            },
          })),
        },
      },
    });
  });

  const voidable = fakeLookup(shipments, () =>
    api.error(400, 'No shipment found within the allowed void period', '190102'),
  );
  api.route('DELETE', '/api/shipments/:version/void/cancel/:id', ({ params, url }) => {
    const shipment = voidable(params.id ?? '');
    const asked = url.searchParams.get('trackingnumber');
    const numbers =
      asked === null
        ? undefined
        : asked.startsWith('[')
          ? (JSON.parse(asked) as unknown[])
          : [asked];
    for (const number of numbers ?? []) {
      if (typeof number !== 'string' || !shipment.trackingNumbers.includes(number)) {
        bad('No shipment found within the allowed void period', '190102');
      }
    }
    for (const number of (numbers as string[] | undefined) ?? shipment.trackingNumbers)
      shipment.voided.add(number);
    const voided = { Code: '1', Description: 'Voided' };
    return api.json({
      VoidShipmentResponse: {
        Response: success,
        SummaryResult: {
          Status:
            shipment.voided.size === shipment.trackingNumbers.length
              ? voided
              : { Code: '1', Description: 'Partially Voided' },
        },
        ...(numbers
          ? {
              PackageLevelResults: (numbers as string[]).map((number) => ({
                TrackingNumber: number,
                Status: voided,
              })),
            }
          : {}),
      },
    });
  });

  /** Tracking requires both headers (the spec marks them required there). */
  const tracked = (
    context: FakeRouteContext,
    inquiry: string,
    found: FakeShipment[],
    numbers: (record: FakeShipment) => string[],
  ): FakeReply => {
    if (!context.request.headers.get('transid') || !context.request.headers.get('transactionsrc')) {
      bad('Missing transId or transactionSrc header');
    }
    if (found.length === 0) {
      const warnings = [{ code: 'TW0001', message: 'Tracking Information Not Found' }];
      return api.json({ trackResponse: { shipment: [{ inquiryNumber: inquiry, warnings }] } });
    }
    const shipment = found.map((record) => ({
      inquiryNumber: inquiry,
      package: numbers(record).map((trackingNumber) => {
        const [latest] = record.activity;
        const status = { type: latest!.type, code: latest!.code, description: latest!.description };
        return {
          trackingNumber,
          currentStatus: status,
          activity: record.activity.map(({ date, time, ...rest }) => ({
            date,
            time,
            location: { address: { countryCode: String(record.shipTo.CountryCode) } },
            status: rest,
          })),
          deliveryDate: [{ type: 'SDD', date: record.activity.at(-1)!.date }],
          service: { code: record.service },
          referenceNumber: record.references.map((number) => ({ type: 'PACKAGE', number })),
        };
      }),
    }));
    return api.json({ trackResponse: { shipment } });
  };

  api.route('GET', '/api/track/v1/details/:number', (context) => {
    const number = context.params.number ?? '';
    const record = byPackage.get(number) ?? shipments.get(number);
    return tracked(context, number, record ? [record] : [], (found) =>
      byPackage.has(number) ? [number] : found.trackingNumbers,
    );
  });

  // By reference: this shipper's shipments carrying it, created in the last 14 days (UPS's default window).
  api.route('GET', '/api/track/v1/reference/details/:reference', (context) => {
    const reference = context.params.reference ?? '';
    const shipper = context.url.searchParams.get('shipperNum');
    const since = api.now() - 14 * 86_400_000;
    const found = [...shipments.values()].filter(
      (record) =>
        record.references.includes(reference) &&
        record.createdAt >= since &&
        (shipper === null || shipper.toUpperCase() === record.shipperNumber.toUpperCase()),
    );
    return tracked(context, reference, found, (record) => record.trackingNumbers);
  });

  api.route('POST', '/api/addressvalidation/:version/:option', ({ body, params }) => {
    const option = params.option ?? '';
    if (!['1', '2', '3'].includes(option)) bad(`Invalid request option ${option}`);
    const key = part(part(body, 'XAVRequest'), 'AddressKeyFormat');
    if (key.CountryCode !== 'US' && key.CountryCode !== 'PR') bad('Invalid or missing CountryCode');
    const lines = many(key.AddressLine).map((line) => String(line).toUpperCase());
    const joined = lines.join(' ');
    const commercial = /\b(SUITE|STE|BLVD|PKWY|FLOOR|PLAZA|INDUSTRIAL)\b/.test(joined);
    const classification = commercial
      ? { Code: '1', Description: 'Commercial' }
      : /\b(APT|UNIT|LN|LANE|CT|DR|HOUSE)\b/.test(joined)
        ? { Code: '2', Description: 'Residential' }
        : { Code: '0', Description: 'Unclassified' };
    const withClass = option !== '1';
    const candidate = (extended: string): Json => ({
      ...(withClass ? { AddressClassification: classification } : {}),
      AddressKeyFormat: {
        AddressLine: lines,
        PoliticalDivision2: String(key.PoliticalDivision2 ?? '').toUpperCase(),
        PoliticalDivision1: String(key.PoliticalDivision1 ?? '').toUpperCase(),
        PostcodePrimaryLow: String(key.PostcodePrimaryLow ?? '00000'),
        PostcodeExtendedLow: extended,
        CountryCode: key.CountryCode,
      },
    });
    // `0 ...` has no candidate; no postal code is ambiguous (two ZIP+4s); anything else is valid.
    const outcome =
      lines.length === 0 || /^0\s/.test(joined)
        ? { NoCandidatesIndicator: '' }
        : key.PostcodePrimaryLow === undefined
          ? { AmbiguousAddressIndicator: '', Candidate: [candidate('1001'), candidate('1002')] }
          : { ValidAddressIndicator: '', Candidate: [candidate('1001')] };
    const { Candidate, ...indicator } = outcome as Json;
    return api.json({
      XAVResponse: {
        Response: success,
        ...indicator,
        ...(withClass && Candidate ? { AddressClassification: classification } : {}),
        ...(Candidate ? { Candidate } : {}),
      },
    });
  });

  return {
    ...api.controls,
    shipments,
    scan(trackingNumber, event) {
      const record = byPackage.get(trackingNumber);
      if (!record) throw new Error(`ups fake: no package with tracking number ${trackingNumber}`);
      record.activity.unshift({ ...stamp(), ...event });
    },
  };
}
