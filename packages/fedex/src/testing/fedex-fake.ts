import { isRecord } from '@int/core';
import {
  createFakeApi,
  type FakeControls,
  type FakeErrorInfo,
  type FakeFault,
  type FakeReply,
  type FakeRouteContext,
} from '@int/core/testing';
import {
  accountCharge,
  addDays,
  billablePounds,
  FUEL_SURCHARGE_PERCENT,
  listCharge,
  serviceByType,
  servicesFor,
  transitTimeWord,
  zoneFor,
} from './fake-rates.js';

export interface FedExFakeOptions {
  /** Base URLs served. Default: FedEx's sandbox and production URLs. */
  baseURL?: string | string[] | undefined;
  /** Accepted credentials. Defaults: `test-client-id` / `test-client-secret`. */
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  /** Accepted child credentials for `csp_credentials` / `client_pc_credentials`. Default: any. */
  childKey?: string | undefined;
  childSecret?: string | undefined;
  /** `expires_in` of issued tokens, in seconds. Default 3599. */
  expiresIn?: number | undefined;
  /** The fake's time (token expiry, ship dates): the clock the client under test uses. Default: the system clock. */
  clock?: { now(): number } | undefined;
}

export interface FakeShipment {
  trackingNumbers: string[];
  masterTrackingNumber: string;
  serviceType: string;
  shipDate: string;
  status: 'created' | 'cancelled';
  shipper: Record<string, unknown>;
  recipient: Record<string, unknown>;
  transitDays: number;
  scans: Array<Record<string, unknown>>;
  /** The account that shipped it (`accountNumber.value`). */
  accountNumber: string;
  /** `CUSTOMER_REFERENCE` values from the package line items. */
  customerReferences: string[];
}

/** The toolkit's controls plus FedEx's own state. */
export interface FedExFake extends FakeControls {
  /** Shipments created, by master tracking number. */
  readonly shipments: ReadonlyMap<string, FakeShipment>;
  /** Adds a scan event to a shipped package (e.g. `PU` picked up, `DL` delivered). */
  scan(
    trackingNumber: string,
    event: { eventType: string; eventDescription: string; derivedStatusCode?: string | undefined },
  ): void;
}

/** FedEx's daily quota 429 (it differs from the 10-second window's only in wording): `fake.fail(DAILY_QUOTA_FAULT)`. */
export const DAILY_QUOTA_FAULT: FakeFault = {
  status: 429,
  code: 'TOO.MANY.REQUESTS',
  message: 'Too many requests - Daily transaction quota exceeded. Retry after 12:00AM GMT',
};

type Json = Record<string, unknown>;

/** A route's checks of the request body: each answers FedEx's 400 naming `field` when it fails. */
interface Check {
  bad(field: string, message?: string): never;
  object(value: unknown, field: string): Json;
  list(value: unknown, field: string): unknown[];
  /** An object with an upper-case two-letter `countryCode`. */
  address(value: unknown, field: string): Json;
  /** A non-empty list of packages weighing more than 0 `LB` or `KG`. */
  packages(value: unknown, field: string): Line[];
  /** Each of `fields` of `record` is a string. */
  strings(record: Json, fields: string[], prefix: string): void;
}

type Line = { weight: { units: string; value: number }; customerReferences?: unknown };

const LOCATION = ['city', 'stateOrProvinceCode', 'postalCode', 'countryCode'];

const MINIMAL_PDF =
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';

const STATUS_BY_EVENT: Record<string, { derived: string; description: string }> = {
  OC: { derived: 'IN', description: 'Label created' },
  PU: { derived: 'PU', description: 'Picked up' },
  IT: { derived: 'IT', description: 'In transit' },
  OD: { derived: 'OD', description: 'Out for delivery' },
  DL: { derived: 'DL', description: 'Delivered' },
  CA: { derived: 'CA', description: 'Shipment cancelled' },
};

/** A scan event as FedEx's track answer lists it. */
const scanEvent = (
  date: string,
  eventType: string,
  eventDescription: string,
  derivedStatusCode: string | undefined,
  more: Json = {},
): Json => ({ date, eventType, eventDescription, derivedStatusCode, ...more });

const NOT_STANDARDIZED = {
  code: 'STANDARDIZED.ADDRESS.NOTFOUND',
  message: 'Standardized address is not found.',
};
const NOT_AUTHORIZED = {
  code: 'NOT.AUTHORIZED.ERROR',
  message: 'The given client credentials were not valid. Please modify your request and try again.',
};
const INVALID_INPUT = {
  code: 'INVALID.INPUT.EXCEPTION',
  message: 'Invalid field value in the input',
};

/** FedEx's codes and words for the toolkit's own errors (auth, malformed requests, faults). */
const FEDEX_ERRORS: Record<string, { code: string; message?: string }> = {
  missing_credentials: NOT_AUTHORIZED,
  invalid_credentials: NOT_AUTHORIZED,
  invalid_client: NOT_AUTHORIZED,
  token_expired: { ...NOT_AUTHORIZED, message: 'Access token expired. Please try again.' },
  invalid_request: INVALID_INPUT,
  invalid_body: INVALID_INPUT,
  unsupported_grant_type: INVALID_INPUT,
  not_found: { code: 'NOT.FOUND.ERROR' },
  // Injected faults, by status.
  'fault 429': { code: 'TOO.MANY.REQUESTS' },
  'fault 500': { code: 'INTERNAL.SERVER.ERROR' },
  'fault 503': { code: 'SERVICE.UNAVAILABLE.ERROR' },
};

/** `{ transactionId, customerTransactionId?, errors: [{ code, message, parameterList? }] }`. */
function errorEnvelope({ status, code, message, requestId, extra }: FakeErrorInfo): Json {
  const { customerTransactionId, ...item } = extra;
  const fedex = FEDEX_ERRORS[code === 'fault' ? `fault ${status}` : code] ?? { code };
  return {
    transactionId: requestId,
    ...(customerTransactionId ? { customerTransactionId } : {}),
    errors: [{ code: fedex.code, message: fedex.message ?? message, ...item }],
  };
}

/**
 * A stateful FedEx REST fake on core's fake toolkit: OAuth (client and child
 * grants), rates, ship/cancel, track (by number and by reference) and address
 * validation with FedEx's paths, error bodies and codes.
 */
export function createFedExFake(options: FedExFakeOptions = {}): FedExFake {
  const shipments = new Map<string, FakeShipment>();
  const byTracking = new Map<string, FakeShipment>();
  const api = createFakeApi({
    name: 'fedex',
    baseURL: options.baseURL ?? ['https://apis-sandbox.fedex.com', 'https://apis.fedex.com'],
    clock: options.clock,
    errorEnvelope,
    requestIdHeader: false,
    auth: {
      tokenEndpoint: {
        path: '/oauth/token',
        clients: {
          [options.clientId ?? 'test-client-id']: options.clientSecret ?? 'test-client-secret',
        },
        ttlSeconds: options.expiresIn ?? 3599,
        grantTypes: ['client_credentials', 'csp_credentials', 'client_pc_credentials'],
        extra: { scope: 'CXS' },
        // The child grants carry `child_Key` / `child_secret` besides the client's own.
        grant: ({ grantType, form, clientValid }) => {
          if (!clientValid || grantType === 'client_credentials') return undefined;
          const key = form.get('child_Key');
          const secret = form.get('child_secret');
          if (!key || !secret) return invalid(key ? 'child_secret' : 'child_Key');
          const wrong =
            (options.childKey !== undefined && key !== options.childKey) ||
            (options.childSecret !== undefined && secret !== options.childSecret);
          return wrong ? api.error(401, NOT_AUTHORIZED.message, 'invalid_client') : undefined;
        },
      },
    },
    onReset: () => {
      shipments.clear();
      byTracking.clear();
    },
  });

  function invalid(field: string, message = INVALID_INPUT.message, request?: Request): FakeReply {
    const customerTransactionId = request?.headers.get('x-customer-transaction-id');
    return api.error(400, message, INVALID_INPUT.code, {
      parameterList: [{ key: 'field', value: field }],
      ...(customerTransactionId ? { customerTransactionId } : {}),
    });
  }

  /** An API route: a JSON object body, FedEx's ids on the answer, `bad(field)` for a 400. */
  const route = (
    method: string,
    path: string,
    handle: (body: Json, check: Check, context: FakeRouteContext) => Json,
  ) =>
    api.route(method, path, (context) => {
      const bad = (field: string, message?: string): never => {
        throw invalid(field, message, context.request);
      };
      const check: Check = {
        bad,
        object: (value, field) => (isRecord(value) ? value : bad(field)),
        list: (value, field) => (Array.isArray(value) && value.length > 0 ? value : bad(field)),
        address: (value, field) => {
          const address = check.object(value, field);
          const country = address.countryCode;
          return typeof country === 'string' && /^[A-Z]{2}$/.test(country)
            ? address
            : bad(`${field}.countryCode`);
        },
        packages: (value, field) =>
          check.list(value, field).map((item, index) => {
            const weight = isRecord(item) ? item.weight : undefined;
            const valid =
              isRecord(weight) &&
              (weight.units === 'LB' || weight.units === 'KG') &&
              typeof weight.value === 'number' &&
              weight.value > 0;
            return valid ? (item as Line) : bad(`${field}[${index}].weight`);
          }),
        strings: (record, fields, prefix) => {
          for (const name of fields) if (typeof record[name] !== 'string') bad(`${prefix}.${name}`);
        },
      };
      if (!isRecord(context.body)) bad('body');
      const customer = context.request.headers.get('x-customer-transaction-id');
      return api.json({
        transactionId: context.requestId,
        ...(customer ? { customerTransactionId: customer } : {}),
        output: handle(context.body as Json, check, context),
      });
    });

  const today = () => new Date(api.now()).toISOString().slice(0, 10);

  const accountOf = (body: Json, bad: Check['bad']): string => {
    const value = isRecord(body.accountNumber) ? body.accountNumber.value : undefined;
    return typeof value === 'string' ? value : bad('accountNumber.value');
  };

  route('POST', '/rate/v1/rates/quotes', (body, check) => {
    accountOf(body, check.bad);
    const field = 'requestedShipment';
    const shipment = check.object(body.requestedShipment, field);
    const party = (name: string) => (isRecord(shipment[name]) ? shipment[name].address : undefined);
    const origin = check.address(party('shipper'), `${field}.shipper.address`);
    const destination = check.address(party('recipient'), `${field}.recipient.address`);
    check.strings(shipment, ['pickupType'], field);
    const lines = check.packages(
      shipment.requestedPackageLineItems,
      `${field}.requestedPackageLineItems`,
    );
    const zone = zoneFor(origin, destination);
    const pounds = billablePounds(lines.map((item) => item.weight));
    const rateTypes = Array.isArray(shipment.rateRequestType) ? shipment.rateRequestType : ['LIST'];
    const shipDate = typeof shipment.shipDateStamp === 'string' ? shipment.shipDateStamp : today();
    const services = servicesFor(origin, destination).filter(
      (service) =>
        typeof shipment.serviceType !== 'string' || service.serviceType === shipment.serviceType,
    );
    const rateReplyDetails = services.map((service) => {
      const list = listCharge(service, pounds, zone);
      const days = service.transitDays(zone);
      const rated = (rateType: string, charge: typeof list) => ({
        rateType,
        ratedWeightMethod: 'ACTUAL',
        totalDiscounts:
          rateType === 'ACCOUNT' ? Math.round((list.net - charge.net) * 100) / 100 : 0,
        totalBaseCharge: charge.base,
        totalNetCharge: charge.net,
        totalNetFedExCharge: charge.net,
        shipmentRateDetail: {
          rateZone: String(zone).padStart(2, '0'),
          fuelSurchargePercent: FUEL_SURCHARGE_PERCENT,
          totalSurcharges: charge.surcharge,
          surCharges: [{ type: 'FUEL', description: 'Fuel Surcharge', amount: charge.surcharge }],
          totalBillingWeight: { units: 'LB', value: pounds },
          currency: 'USD',
        },
        currency: 'USD',
      });
      return {
        serviceType: service.serviceType,
        serviceName: service.serviceName,
        packagingType:
          typeof shipment.packagingType === 'string' ? shipment.packagingType : 'YOUR_PACKAGING',
        ratedShipmentDetails: rateTypes.flatMap((type: unknown) =>
          type === 'ACCOUNT' || type === 'LIST'
            ? [rated(type, type === 'ACCOUNT' ? accountCharge(list) : list)]
            : [],
        ),
        operationalDetail: {
          transitTime: transitTimeWord(days),
          deliveryDate: addDays(shipDate, days),
        },
      };
    });
    return {
      rateReplyDetails,
      quoteDate: shipDate,
      encoded: false,
      alerts: [
        { code: 'VIRTUAL.RESPONSE', alertType: 'NOTE', message: 'This is a Virtual Response.' },
      ],
    };
  });

  route('POST', '/ship/v1/shipments', (body, check, { url }) => {
    const { bad } = check;
    if (body.labelResponseOptions !== 'URL_ONLY' && body.labelResponseOptions !== 'LABEL')
      bad('labelResponseOptions');
    const account = accountOf(body, bad);
    const field = 'requestedShipment';
    const shipment = check.object(body.requestedShipment, field);
    const part = (value: unknown) => (isRecord(value) ? value : {});
    const origin = check.address(part(shipment.shipper).address, `${field}.shipper.address`);
    const recipients = Array.isArray(shipment.recipients) ? shipment.recipients : [];
    const recipient = check.object(recipients[0], `${field}.recipients`);
    const destination = check.address(recipient.address, `${field}.recipients[0].address`);
    const label = part(shipment.labelSpecification);
    check.strings(shipment, ['serviceType', 'packagingType', 'pickupType'], field);
    check.strings(
      part(shipment.shippingChargesPayment),
      ['paymentType'],
      `${field}.shippingChargesPayment`,
    );
    check.strings(label, ['imageType', 'labelStockType'], `${field}.labelSpecification`);
    const lines = check.packages(
      shipment.requestedPackageLineItems,
      `${field}.requestedPackageLineItems`,
    );
    const service = serviceByType(shipment.serviceType as string) ?? bad(`${field}.serviceType`);
    const zone = zoneFor(origin, destination);
    const customerReferences = lines.flatMap(({ customerReferences: references }) =>
      (Array.isArray(references) ? references : []).flatMap((reference) =>
        isRecord(reference) &&
        reference.customerReferenceType === 'CUSTOMER_REFERENCE' &&
        typeof reference.value === 'string'
          ? [reference.value]
          : [],
      ),
    );
    const shipDate = typeof shipment.shipDatestamp === 'string' ? shipment.shipDatestamp : today();
    const imageType = label.imageType as string;
    const pieces = lines.map((line) => {
      const trackingNumber = String(794600000000 + api.nextNumber('tracking'));
      const charge = accountCharge(listCharge(service, billablePounds([line.weight]), zone));
      const document: Json = { contentType: 'LABEL', copiesToPrint: 1, docType: imageType };
      if (body.labelResponseOptions === 'URL_ONLY') {
        document.url = `${url.origin}/document/v2/document/retrieve/SH,${trackingNumber}_SHIPPING_P/isLabel=true&autoPrint=false`;
      } else {
        const content = imageType === 'ZPLII' ? `^XA^FD${trackingNumber}^FS^XZ` : MINIMAL_PDF;
        document.encodedLabel = Buffer.from(content).toString('base64');
      }
      const piece = { trackingNumber, netChargeAmount: charge.net, currency: 'USD' };
      return { ...piece, packageDocuments: [document] };
    });
    const master = pieces[0]!.trackingNumber;
    const record: FakeShipment = {
      trackingNumbers: pieces.map((piece) => piece.trackingNumber),
      masterTrackingNumber: master,
      serviceType: service.serviceType,
      shipDate,
      status: 'created',
      shipper: origin,
      recipient: destination,
      transitDays: service.transitDays(zone),
      accountNumber: account,
      customerReferences: [...new Set(customerReferences)],
      scans: [
        scanEvent(`${shipDate}T09:00:00-06:00`, 'OC', 'Shipment information sent to FedEx', 'IN', {
          scanLocation: Object.fromEntries(LOCATION.map((key) => [key, origin[key]])),
        }),
      ],
    };
    shipments.set(master, record);
    for (const number of record.trackingNumbers) byTracking.set(number, record);
    const { serviceType, serviceName } = service;
    const shipped = {
      masterTrackingNumber: master,
      serviceType,
      serviceName,
      shipDatestamp: shipDate,
    };
    return { transactionShipments: [{ ...shipped, pieceResponses: pieces }], alerts: [] };
  });

  route('PUT', '/ship/v1/shipments/cancel', (body, { bad }) => {
    accountOf(body, bad);
    if (typeof body.trackingNumber !== 'string') bad('trackingNumber');
    const record = byTracking.get(body.trackingNumber as string);
    const cancelledShipment = record?.status === 'created';
    if (record && cancelledShipment) {
      record.status = 'cancelled';
      record.scans.unshift(
        scanEvent(`${today()}T10:00:00-06:00`, 'CA', 'Shipment cancelled by sender', 'CA'),
      );
    }
    const message = cancelledShipment
      ? 'Shipment is successfully cancelled'
      : record
        ? 'Shipment is already cancelled.'
        : 'Shipment not found.';
    return { cancelledShipment, cancelledHistory: cancelledShipment, message, alerts: [] };
  });

  /** One `trackResults[]` entry for a known shipment. */
  const trackResult = (trackingNumber: string, record: FakeShipment, detailed: boolean): Json => {
    const latest = record.scans[0]!;
    const status = STATUS_BY_EVENT[latest.eventType as string];
    const created = record.status === 'created';
    const estimated = `${addDays(record.shipDate, record.transitDays)}T20:00:00-06:00`;
    return {
      trackingNumberInfo: { trackingNumber, carrierCode: 'FDXE' },
      latestStatusDetail: {
        code: latest.eventType,
        derivedCode: status?.derived ?? latest.derivedStatusCode,
        statusByLocale: status?.description ?? latest.eventDescription,
        description: status?.description ?? latest.eventDescription,
      },
      dateAndTimes: [
        { type: 'SHIP', dateTime: `${record.shipDate}T00:00:00-06:00` },
        ...(created ? [{ type: 'ESTIMATED_DELIVERY', dateTime: estimated }] : []),
      ],
      scanEvents: detailed ? record.scans : record.scans.slice(0, 1),
      estimatedDeliveryTimeWindow: { window: created ? { ends: estimated } : {} },
      serviceDetail: { type: record.serviceType },
    };
  };

  /** FedEx's "not found" inside a 200; `shown` is the number it echoes in `trackingNumberInfo`. */
  const notFound = (trackingNumber: string, shown: string, kind: 'tracking' | 'reference') => ({
    trackingNumber,
    trackResults: [
      {
        trackingNumberInfo: { trackingNumber: shown, trackingNumberUniqueId: '', carrierCode: '' },
        error: {
          code: `TRACKING.${kind.toUpperCase()}NUMBER.NOTFOUND`,
          message: `${kind === 'tracking' ? 'Tracking' : 'Reference'} number cannot be found. Please correct the ${kind} number and try again.`,
        },
      },
    ],
  });

  route('POST', '/track/v1/trackingnumbers', (body, { bad, list }) => {
    if (typeof body.includeDetailedScans !== 'boolean') bad('includeDetailedScans');
    const info = list(body.trackingInfo, 'trackingInfo');
    if (info.length > 30) bad('trackingInfo', 'Maximum limit is 30');
    const numbers = info.map((item, index) => {
      const number =
        isRecord(item) && isRecord(item.trackingNumberInfo)
          ? item.trackingNumberInfo.trackingNumber
          : undefined;
      return typeof number === 'string' && number.length > 0
        ? number
        : bad(`trackingInfo[${index}].trackingNumberInfo.trackingNumber`);
    });
    const completeTrackResults = numbers.map((trackingNumber) => {
      const record = byTracking.get(trackingNumber);
      return record
        ? {
            trackingNumber,
            trackResults: [trackResult(trackingNumber, record, body.includeDetailedScans === true)],
          }
        : notFound(trackingNumber, trackingNumber, 'tracking');
    });
    return { completeTrackResults, alerts: [] };
  });

  // Track by reference: the account's shipments whose packages carry the value (any ship date here).
  route('POST', '/track/v1/referencenumbers', (body, { bad, object }) => {
    if (body.includeDetailedScans !== undefined && typeof body.includeDetailedScans !== 'boolean')
      bad('includeDetailedScans');
    const info = object(body.referencesInformation, 'referencesInformation');
    const field = 'referencesInformation';
    if (typeof info.value !== 'string' || info.value.length === 0) bad(`${field}.value`);
    if (info.type !== undefined && typeof info.type !== 'string') bad(`${field}.type`);
    if (typeof info.accountNumber !== 'string' || info.accountNumber.length === 0)
      bad(`${field}.accountNumber`);
    const matches = [...shipments.values()].filter(
      (record) =>
        (info.type ?? 'CUSTOMER_REFERENCE') === 'CUSTOMER_REFERENCE' &&
        record.accountNumber === info.accountNumber &&
        record.customerReferences.includes(info.value as string),
    );
    const completeTrackResults =
      matches.length > 0
        ? matches.map((record) => ({
            trackingNumber: record.masterTrackingNumber,
            trackResults: record.trackingNumbers.map((number) =>
              trackResult(number, record, body.includeDetailedScans === true),
            ),
          }))
        : [notFound(info.value as string, '', 'reference')];
    return { completeTrackResults, alerts: [] };
  });

  route('POST', '/address/v1/addresses/resolve', (body, check) => {
    const addresses = check.list(body.addressesToValidate, 'addressesToValidate');
    const resolvedAddresses = addresses.map((item, index) => {
      const address = isRecord(item) ? item.address : undefined;
      const input = check.address(address, `addressesToValidate[${index}].address`);
      const lines = (Array.isArray(input.streetLines) ? input.streetLines : []).map((line) =>
        String(line).toUpperCase(),
      );
      const text = lines.join(' ');
      const residential = /\b(APT|UNIT|LN|LANE|CT|COURT|DR|DRIVE|HOUSE)\b/.test(text);
      const business = /\b(SUITE|STE|BLVD|PKWY|PARKWAY|FLOOR|PLAZA)\b/.test(text);
      const classes = ['UNKNOWN', 'BUSINESS', 'RESIDENTIAL', 'MIXED'];
      const classification = classes[Number(business) + 2 * Number(residential)];
      const resolved = lines.length > 0 && !/^0\s/.test(text) && typeof input.city === 'string';
      const postal = typeof input.postalCode === 'string' ? input.postalCode.toUpperCase() : '';
      const flag = resolved ? 'true' : 'false';
      const [base = '', addOn = ''] = postal.split('-');
      return {
        clientReferenceId: isRecord(item) ? item.clientReferenceId : undefined,
        streetLinesToken: lines,
        city: typeof input.city === 'string' ? input.city.toUpperCase() : undefined,
        stateOrProvinceCode: input.stateOrProvinceCode,
        postalCode: postal || undefined,
        parsedPostalCode: { base, addOn, deliveryPoint: '' },
        countryCode: input.countryCode,
        classification,
        attributes: {
          Resolved: flag,
          Matched: flag,
          CountrySupported: 'true',
          ValidlyFormed: 'true',
        },
        customerMessage: resolved ? [] : [NOT_STANDARDIZED],
      };
    });
    return { resolvedAddresses, alerts: [] };
  });

  return {
    ...api.controls,
    shipments,
    scan(trackingNumber, event) {
      const record = byTracking.get(trackingNumber);
      if (!record)
        throw new Error(`fedex fake: no shipment with tracking number ${trackingNumber}`);
      const { eventType, eventDescription, derivedStatusCode } = event;
      const derived = derivedStatusCode ?? STATUS_BY_EVENT[eventType]?.derived;
      record.scans.unshift(
        scanEvent(new Date(api.now()).toISOString(), eventType, eventDescription, derived),
      );
    },
  };
}
