import { HttpResponse, http, type RequestHandler } from 'msw';
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

export type FedExFakeFault = 'outage' | 'rate-limit' | 'daily-quota';

export type FedExFakeOperation =
  | 'oauth.token'
  | 'rates.quote'
  | 'shipments.create'
  | 'shipments.cancel'
  | 'tracking.track'
  | 'tracking.byReference'
  | 'addresses.validate';

export interface FedExFakeOptions {
  /** Base URLs served. Default: FedEx's sandbox and production URLs. */
  baseURL?: string | string[] | undefined;
  /** Accepted credentials. Defaults: `test-client-id` / `test-client-secret`. */
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  /** Accepted child credentials for `csp_credentials` / `client_pc_credentials`. */
  childKey?: string | undefined;
  childSecret?: string | undefined;
  /** `expires_in` of issued tokens. Default 3599. */
  expiresIn?: number | undefined;
  /** The fake's time (token expiry, ship dates). Default `Date.now`. */
  now?: (() => number) | undefined;
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

export interface FedExFake {
  /** MSW handlers: pass to `mock.use(...)` or `setupServer(...)`. */
  readonly handlers: RequestHandler[];
  /** Shipments created, by master tracking number. */
  readonly shipments: ReadonlyMap<string, FakeShipment>;
  /** Requests received per operation (faulted and rejected ones included). */
  count(operation: FedExFakeOperation): number;
  /** Tokens issued so far. */
  readonly tokensIssued: number;
  /** Makes every token issued so far expire now (the next call gets a 401). */
  expireTokens(): void;
  /**
   * Answers the next `times` API calls (default: all until `clearFaults`) with
   * a fault: `outage` 503, `rate-limit` the 10-second-window 429, `daily-quota`
   * the daily quota 429. `operations` limits it to some operations.
   */
  fail(
    fault: FedExFakeFault,
    options?: { times?: number; operations?: FedExFakeOperation[] },
  ): void;
  clearFaults(): void;
  /** Adds a scan event to a shipped package (e.g. `PU` picked up, `DL` delivered). */
  scan(
    trackingNumber: string,
    event: { eventType: string; eventDescription: string; derivedStatusCode?: string },
  ): void;
  /** Forgets shipments, tokens, counts and faults. */
  reset(): void;
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

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

/**
 * A stateful FedEx REST fake: OAuth, rates, ship/cancel, track and address
 * validation with FedEx's paths, auth check, error bodies and codes.
 */
export function createFedExFake(options: FedExFakeOptions = {}): FedExFake {
  const bases = [options.baseURL ?? ['https://apis-sandbox.fedex.com', 'https://apis.fedex.com']]
    .flat()
    .map((base) => base.replace(/\/+$/, ''));
  const clientId = options.clientId ?? 'test-client-id';
  const clientSecret = options.clientSecret ?? 'test-client-secret';
  const expiresIn = options.expiresIn ?? 3599;
  const now = options.now ?? Date.now;

  const tokens = new Map<string, number>();
  const shipments = new Map<string, FakeShipment>();
  const byTracking = new Map<string, FakeShipment>();
  const counts = new Map<FedExFakeOperation, number>();
  let faults: Array<{ fault: FedExFakeFault; left: number; operations?: FedExFakeOperation[] }> =
    [];
  let tokenCounter = 0;
  let trackingCounter = 0;
  let transactionCounter = 0;

  const transactionId = () => {
    transactionCounter += 1;
    return `fake-txn-${String(transactionCounter).padStart(6, '0')}`;
  };

  const reply = (status: number, body: Json, request: Request) => {
    const customer = request.headers.get('x-customer-transaction-id');
    const payload: Json = { transactionId: transactionId() };
    if (customer) payload.customerTransactionId = customer;
    return HttpResponse.json({ ...payload, ...body } as never, { status });
  };

  const errorReply = (
    status: number,
    code: string,
    message: string,
    request: Request,
    parameterList?: Array<{ key: string; value: string }>,
  ) =>
    reply(
      status,
      { errors: [parameterList ? { code, message, parameterList } : { code, message }] },
      request,
    );

  const invalid = (request: Request, field: string) =>
    errorReply(400, 'INVALID.INPUT.EXCEPTION', 'Invalid field value in the input', request, [
      { key: 'field', value: field },
    ]);

  const bump = (operation: FedExFakeOperation) =>
    counts.set(operation, (counts.get(operation) ?? 0) + 1);

  const takeFault = (operation: FedExFakeOperation): FedExFakeFault | undefined => {
    const entry = faults.find(
      (item) => item.left > 0 && (!item.operations || item.operations.includes(operation)),
    );
    if (!entry) return undefined;
    entry.left -= 1;
    return entry.fault;
  };

  const faultReply = (fault: FedExFakeFault, request: Request) => {
    if (fault === 'outage') {
      return errorReply(
        503,
        'SERVICE.UNAVAILABLE.ERROR',
        'The service is currently unavailable and we are working to resolve the issue. We apologize for any inconvenience. Please check back at a later time.',
        request,
      );
    }
    // FedEx does not document a code for its 429s; the two kinds differ in wording only.
    return errorReply(
      429,
      'TOO.MANY.REQUESTS',
      fault === 'daily-quota'
        ? 'Too many requests - Daily transaction quota exceeded. Retry after 12:00AM GMT'
        : 'Too many requests - We have received too many requests in a short duration. Please wait a while to try again.',
      request,
    );
  };

  /** Auth, faults and JSON parsing shared by every API route. */
  const api =
    (operation: FedExFakeOperation, handle: (body: Json, request: Request) => Response) =>
    async ({ request }: { request: Request }) => {
      bump(operation);
      const authorization = request.headers.get('authorization') ?? '';
      const token = /^Bearer (.+)$/i.exec(authorization)?.[1];
      const expiresAt = token ? tokens.get(token) : undefined;
      if (expiresAt === undefined || now() >= expiresAt) {
        return errorReply(
          401,
          'NOT.AUTHORIZED.ERROR',
          token && expiresAt !== undefined
            ? 'Access token expired. Please modify your request and try again.'
            : 'The given client credentials were not valid. Please modify your request and try again.',
          request,
        );
      }
      const fault = takeFault(operation);
      if (fault) return faultReply(fault, request);
      let body: unknown;
      try {
        body = JSON.parse(await request.text());
      } catch {
        return invalid(request, 'body');
      }
      if (!isRecord(body)) return invalid(request, 'body');
      return handle(body, request);
    };

  const token = async ({ request }: { request: Request }) => {
    bump('oauth.token');
    const type = request.headers.get('content-type') ?? '';
    if (!type.includes('application/x-www-form-urlencoded')) {
      return invalid(request, 'content-type');
    }
    const form = new URLSearchParams(await request.text());
    const grant = form.get('grant_type');
    const unauthorized = () =>
      errorReply(
        401,
        'NOT.AUTHORIZED.ERROR',
        'The given client credentials were not valid. Please modify your request and try again.',
        request,
      );
    if (
      grant !== 'client_credentials' &&
      grant !== 'csp_credentials' &&
      grant !== 'client_pc_credentials'
    ) {
      return invalid(request, 'grant_type');
    }
    if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
      return unauthorized();
    }
    if (grant !== 'client_credentials') {
      const key = form.get('child_Key');
      const secret = form.get('child_secret');
      if (!key || !secret) return invalid(request, key ? 'child_secret' : 'child_Key');
      if (
        (options.childKey !== undefined && key !== options.childKey) ||
        (options.childSecret !== undefined && secret !== options.childSecret)
      ) {
        return unauthorized();
      }
    }
    tokenCounter += 1;
    const accessToken = `fake-fedex-token-${tokenCounter}`;
    tokens.set(accessToken, now() + expiresIn * 1000);
    return HttpResponse.json({
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: expiresIn,
      scope: 'CXS',
    });
  };

  const checkAddress = (value: unknown, field: string): string | undefined => {
    if (!isRecord(value)) return field;
    if (typeof value.countryCode !== 'string' || !/^[A-Z]{2}$/.test(value.countryCode))
      return `${field}.countryCode`;
    return undefined;
  };

  const checkPackages = (value: unknown, field: string): string | undefined => {
    if (!Array.isArray(value) || value.length === 0) return field;
    for (const [index, item] of value.entries()) {
      const weight = isRecord(item) ? item.weight : undefined;
      if (
        !isRecord(weight) ||
        (weight.units !== 'LB' && weight.units !== 'KG') ||
        typeof weight.value !== 'number' ||
        !(weight.value > 0)
      ) {
        return `${field}[${index}].weight`;
      }
    }
    return undefined;
  };

  const today = () => new Date(now()).toISOString().slice(0, 10);

  const rate = api('rates.quote', (body, request) => {
    const shipment = body.requestedShipment;
    if (!isRecord(body.accountNumber) || typeof body.accountNumber.value !== 'string')
      return invalid(request, 'accountNumber.value');
    if (!isRecord(shipment)) return invalid(request, 'requestedShipment');
    const shipper = isRecord(shipment.shipper) ? shipment.shipper.address : undefined;
    const recipient = isRecord(shipment.recipient) ? shipment.recipient.address : undefined;
    const bad =
      checkAddress(shipper, 'requestedShipment.shipper.address') ??
      checkAddress(recipient, 'requestedShipment.recipient.address') ??
      (typeof shipment.pickupType === 'string' ? undefined : 'requestedShipment.pickupType') ??
      checkPackages(
        shipment.requestedPackageLineItems,
        'requestedShipment.requestedPackageLineItems',
      );
    if (bad) return invalid(request, bad);
    const origin = shipper as Json;
    const destination = recipient as Json;
    const zone = zoneFor(origin, destination);
    const pounds = billablePounds(
      (
        shipment.requestedPackageLineItems as Array<{ weight: { units: string; value: number } }>
      ).map((item) => item.weight),
    );
    const rateTypes = Array.isArray(shipment.rateRequestType)
      ? (shipment.rateRequestType as string[])
      : ['LIST'];
    const shipDate = typeof shipment.shipDateStamp === 'string' ? shipment.shipDateStamp : today();
    let services = servicesFor(origin, destination);
    if (typeof shipment.serviceType === 'string') {
      services = services.filter((service) => service.serviceType === shipment.serviceType);
    }
    const rateReplyDetails = services.map((service) => {
      const list = listCharge(service, pounds, zone);
      const account = accountCharge(list);
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
      const ratedShipmentDetails = rateTypes.flatMap((type) =>
        type === 'ACCOUNT'
          ? [rated('ACCOUNT', account)]
          : type === 'LIST'
            ? [rated('LIST', list)]
            : [],
      );
      return {
        serviceType: service.serviceType,
        serviceName: service.serviceName,
        packagingType:
          typeof shipment.packagingType === 'string' ? shipment.packagingType : 'YOUR_PACKAGING',
        ratedShipmentDetails,
        operationalDetail: {
          transitTime: transitTimeWord(days),
          deliveryDate: addDays(shipDate, days),
        },
      };
    });
    return reply(
      200,
      {
        output: {
          rateReplyDetails,
          quoteDate: shipDate,
          encoded: false,
          alerts: [
            { code: 'VIRTUAL.RESPONSE', alertType: 'NOTE', message: 'This is a Virtual Response.' },
          ],
        },
      },
      request,
    );
  });

  const ship = api('shipments.create', (body, request) => {
    const shipment = body.requestedShipment;
    if (body.labelResponseOptions !== 'URL_ONLY' && body.labelResponseOptions !== 'LABEL')
      return invalid(request, 'labelResponseOptions');
    if (!isRecord(body.accountNumber) || typeof body.accountNumber.value !== 'string')
      return invalid(request, 'accountNumber.value');
    if (!isRecord(shipment)) return invalid(request, 'requestedShipment');
    const recipients = Array.isArray(shipment.recipients) ? shipment.recipients : [];
    const shipper = isRecord(shipment.shipper) ? shipment.shipper : undefined;
    const recipient = isRecord(recipients[0]) ? (recipients[0] as Json) : undefined;
    const label = isRecord(shipment.labelSpecification) ? shipment.labelSpecification : undefined;
    const payment = isRecord(shipment.shippingChargesPayment)
      ? shipment.shippingChargesPayment
      : undefined;
    const bad =
      checkAddress(shipper?.address, 'requestedShipment.shipper.address') ??
      (recipient
        ? checkAddress(recipient.address, 'requestedShipment.recipients[0].address')
        : 'requestedShipment.recipients') ??
      (typeof shipment.serviceType === 'string' ? undefined : 'requestedShipment.serviceType') ??
      (typeof shipment.packagingType === 'string'
        ? undefined
        : 'requestedShipment.packagingType') ??
      (typeof shipment.pickupType === 'string' ? undefined : 'requestedShipment.pickupType') ??
      (typeof payment?.paymentType === 'string'
        ? undefined
        : 'requestedShipment.shippingChargesPayment.paymentType') ??
      (typeof label?.imageType === 'string'
        ? undefined
        : 'requestedShipment.labelSpecification.imageType') ??
      (typeof label?.labelStockType === 'string'
        ? undefined
        : 'requestedShipment.labelSpecification.labelStockType') ??
      checkPackages(
        shipment.requestedPackageLineItems,
        'requestedShipment.requestedPackageLineItems',
      );
    if (bad) return invalid(request, bad);
    const service = serviceByType(shipment.serviceType as string);
    if (!service) return invalid(request, 'requestedShipment.serviceType');
    const origin = (shipper as Json).address as Json;
    const destination = (recipient as Json).address as Json;
    const zone = zoneFor(origin, destination);
    const lines = shipment.requestedPackageLineItems as Array<{
      weight: { units: string; value: number };
      customerReferences?: unknown;
    }>;
    const customerReferences = new Set<string>();
    for (const line of lines) {
      for (const reference of Array.isArray(line.customerReferences)
        ? line.customerReferences
        : []) {
        if (
          isRecord(reference) &&
          reference.customerReferenceType === 'CUSTOMER_REFERENCE' &&
          typeof reference.value === 'string'
        ) {
          customerReferences.add(reference.value);
        }
      }
    }
    const shipDate = typeof shipment.shipDatestamp === 'string' ? shipment.shipDatestamp : today();
    const imageType = label?.imageType as string;
    const pieces = lines.map((line) => {
      trackingCounter += 1;
      const trackingNumber = String(794600000000 + trackingCounter);
      const charge = accountCharge(listCharge(service, billablePounds([line.weight]), zone));
      const document: Json = { contentType: 'LABEL', copiesToPrint: 1, docType: imageType };
      if (body.labelResponseOptions === 'URL_ONLY') {
        document.url = `${new URL(request.url).origin}/document/v2/document/retrieve/SH,${trackingNumber}_SHIPPING_P/isLabel=true&autoPrint=false`;
      } else {
        document.encodedLabel = Buffer.from(
          imageType === 'ZPLII' ? `^XA^FD${trackingNumber}^FS^XZ` : MINIMAL_PDF,
        ).toString('base64');
      }
      return {
        trackingNumber,
        netChargeAmount: charge.net,
        currency: 'USD',
        packageDocuments: [document],
      };
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
      accountNumber: (body.accountNumber as Json).value as string,
      customerReferences: [...customerReferences],
      scans: [
        {
          date: `${shipDate}T09:00:00-06:00`,
          eventType: 'OC',
          eventDescription: 'Shipment information sent to FedEx',
          derivedStatusCode: 'IN',
          scanLocation: {
            city: origin.city,
            stateOrProvinceCode: origin.stateOrProvinceCode,
            postalCode: origin.postalCode,
            countryCode: origin.countryCode,
          },
        },
      ],
    };
    shipments.set(master, record);
    for (const number of record.trackingNumbers) byTracking.set(number, record);
    return reply(
      200,
      {
        output: {
          transactionShipments: [
            {
              masterTrackingNumber: master,
              serviceType: service.serviceType,
              serviceName: service.serviceName,
              shipDatestamp: shipDate,
              pieceResponses: pieces,
            },
          ],
          alerts: [],
        },
      },
      request,
    );
  });

  const cancel = api('shipments.cancel', (body, request) => {
    if (!isRecord(body.accountNumber) || typeof body.accountNumber.value !== 'string')
      return invalid(request, 'accountNumber.value');
    if (typeof body.trackingNumber !== 'string') return invalid(request, 'trackingNumber');
    const record = byTracking.get(body.trackingNumber);
    let cancelledShipment = false;
    let message = 'Shipment not found.';
    if (record?.status === 'created') {
      record.status = 'cancelled';
      record.scans.unshift({
        date: `${today()}T10:00:00-06:00`,
        eventType: 'CA',
        eventDescription: 'Shipment cancelled by sender',
        derivedStatusCode: 'CA',
      });
      cancelledShipment = true;
      message = 'Shipment is successfully cancelled';
    } else if (record) {
      message = 'Shipment is already cancelled.';
    }
    return reply(
      200,
      { output: { cancelledShipment, cancelledHistory: cancelledShipment, message, alerts: [] } },
      request,
    );
  });

  /** One `trackResults[]` entry for a known shipment. */
  const trackResult = (trackingNumber: string, record: FakeShipment, detailed: boolean): Json => {
    const latest = record.scans[0]!;
    const status = STATUS_BY_EVENT[latest.eventType as string];
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
        ...(record.status === 'created'
          ? [{ type: 'ESTIMATED_DELIVERY', dateTime: estimated }]
          : []),
      ],
      scanEvents: detailed ? record.scans : record.scans.slice(0, 1),
      estimatedDeliveryTimeWindow:
        record.status === 'created' ? { window: { ends: estimated } } : { window: {} },
      serviceDetail: { type: record.serviceType },
    };
  };

  const track = api('tracking.track', (body, request) => {
    if (typeof body.includeDetailedScans !== 'boolean')
      return invalid(request, 'includeDetailedScans');
    const info = body.trackingInfo;
    if (!Array.isArray(info) || info.length === 0) return invalid(request, 'trackingInfo');
    if (info.length > 30) {
      return errorReply(400, 'INVALID.INPUT.EXCEPTION', 'Maximum limit is 30', request, [
        { key: 'field', value: 'trackingInfo' },
      ]);
    }
    const numbers: string[] = [];
    for (const [index, item] of info.entries()) {
      const number =
        isRecord(item) && isRecord(item.trackingNumberInfo)
          ? item.trackingNumberInfo.trackingNumber
          : undefined;
      if (typeof number !== 'string' || number.length === 0)
        return invalid(request, `trackingInfo[${index}].trackingNumberInfo.trackingNumber`);
      numbers.push(number);
    }
    const completeTrackResults = numbers.map((trackingNumber) => {
      const record = byTracking.get(trackingNumber);
      if (!record) {
        return {
          trackingNumber,
          trackResults: [
            {
              trackingNumberInfo: { trackingNumber, trackingNumberUniqueId: '', carrierCode: '' },
              error: {
                code: 'TRACKING.TRACKINGNUMBER.NOTFOUND',
                message:
                  'Tracking number cannot be found. Please correct the tracking number and try again.',
              },
            },
          ],
        };
      }
      return {
        trackingNumber,
        trackResults: [trackResult(trackingNumber, record, body.includeDetailedScans === true)],
      };
    });
    return reply(200, { output: { completeTrackResults, alerts: [] } }, request);
  });

  // Track by reference: the account's shipments whose packages carry the value (any ship date here).
  const trackByReference = api('tracking.byReference', (body, request) => {
    if (body.includeDetailedScans !== undefined && typeof body.includeDetailedScans !== 'boolean')
      return invalid(request, 'includeDetailedScans');
    const info = body.referencesInformation;
    if (!isRecord(info)) return invalid(request, 'referencesInformation');
    if (typeof info.value !== 'string' || info.value.length === 0)
      return invalid(request, 'referencesInformation.value');
    if (info.type !== undefined && typeof info.type !== 'string')
      return invalid(request, 'referencesInformation.type');
    if (typeof info.accountNumber !== 'string' || info.accountNumber.length === 0)
      return invalid(request, 'referencesInformation.accountNumber');
    const type = info.type ?? 'CUSTOMER_REFERENCE';
    const matches =
      type === 'CUSTOMER_REFERENCE'
        ? [...shipments.values()].filter(
            (record) =>
              record.accountNumber === info.accountNumber &&
              record.customerReferences.includes(info.value as string),
          )
        : [];
    const completeTrackResults =
      matches.length > 0
        ? matches.map((record) => ({
            trackingNumber: record.masterTrackingNumber,
            trackResults: record.trackingNumbers.map((number) =>
              trackResult(number, record, body.includeDetailedScans === true),
            ),
          }))
        : [
            {
              trackingNumber: info.value,
              trackResults: [
                {
                  trackingNumberInfo: {
                    trackingNumber: '',
                    trackingNumberUniqueId: '',
                    carrierCode: '',
                  },
                  error: {
                    code: 'TRACKING.REFERENCENUMBER.NOTFOUND',
                    message:
                      'Reference number cannot be found. Please correct the reference number and try again.',
                  },
                },
              ],
            },
          ];
    return reply(200, { output: { completeTrackResults, alerts: [] } }, request);
  });

  const resolve = api('addresses.validate', (body, request) => {
    const list = body.addressesToValidate;
    if (!Array.isArray(list) || list.length === 0) return invalid(request, 'addressesToValidate');
    const resolvedAddresses: Json[] = [];
    for (const [index, item] of list.entries()) {
      const address = isRecord(item) ? item.address : undefined;
      const bad = checkAddress(address, `addressesToValidate[${index}].address`);
      if (bad) return invalid(request, bad);
      const input = address as Json;
      const lines = (Array.isArray(input.streetLines) ? input.streetLines : []).map((line) =>
        String(line).toUpperCase(),
      );
      const text = lines.join(' ');
      const residentialHint = /\b(APT|UNIT|LN|LANE|CT|COURT|DR|DRIVE|HOUSE)\b/.test(text);
      const businessHint = /\b(SUITE|STE|BLVD|PKWY|PARKWAY|FLOOR|PLAZA)\b/.test(text);
      const classification =
        residentialHint && businessHint
          ? 'MIXED'
          : residentialHint
            ? 'RESIDENTIAL'
            : businessHint
              ? 'BUSINESS'
              : 'UNKNOWN';
      const resolved = lines.length > 0 && !/^0\s/.test(text) && typeof input.city === 'string';
      const postal = typeof input.postalCode === 'string' ? input.postalCode.toUpperCase() : '';
      resolvedAddresses.push({
        clientReferenceId: isRecord(item) ? item.clientReferenceId : undefined,
        streetLinesToken: lines,
        city: typeof input.city === 'string' ? input.city.toUpperCase() : undefined,
        stateOrProvinceCode: input.stateOrProvinceCode,
        postalCode: postal || undefined,
        parsedPostalCode: {
          base: postal.split('-')[0] ?? '',
          addOn: postal.split('-')[1] ?? '',
          deliveryPoint: '',
        },
        countryCode: input.countryCode,
        classification,
        attributes: {
          Resolved: resolved ? 'true' : 'false',
          Matched: resolved ? 'true' : 'false',
          CountrySupported: 'true',
          ValidlyFormed: 'true',
        },
        customerMessage: resolved
          ? []
          : [
              {
                code: 'STANDARDIZED.ADDRESS.NOTFOUND',
                message: 'Standardized address is not found.',
              },
            ],
      });
    }
    return reply(200, { output: { resolvedAddresses, alerts: [] } }, request);
  });

  const handlers: RequestHandler[] = bases.flatMap((base) => [
    http.post(`${base}/oauth/token`, token),
    http.post(`${base}/rate/v1/rates/quotes`, rate),
    http.post(`${base}/ship/v1/shipments`, ship),
    http.put(`${base}/ship/v1/shipments/cancel`, cancel),
    http.post(`${base}/track/v1/trackingnumbers`, track),
    http.post(`${base}/track/v1/referencenumbers`, trackByReference),
    http.post(`${base}/address/v1/addresses/resolve`, resolve),
  ]);

  return {
    handlers,
    shipments,
    count: (operation) => counts.get(operation) ?? 0,
    get tokensIssued() {
      return tokenCounter;
    },
    expireTokens() {
      const at = now();
      for (const key of tokens.keys()) tokens.set(key, at);
    },
    fail(fault, failOptions = {}) {
      faults.push({
        fault,
        left: failOptions.times ?? Number.POSITIVE_INFINITY,
        operations: failOptions.operations,
      });
    },
    clearFaults() {
      faults = [];
    },
    scan(trackingNumber, event) {
      const record = byTracking.get(trackingNumber);
      if (!record)
        throw new Error(`fedex fake: no shipment with tracking number ${trackingNumber}`);
      record.scans.unshift({
        date: new Date(now()).toISOString(),
        eventType: event.eventType,
        eventDescription: event.eventDescription,
        derivedStatusCode: event.derivedStatusCode ?? STATUS_BY_EVENT[event.eventType]?.derived,
      });
    },
    reset() {
      tokens.clear();
      shipments.clear();
      byTracking.clear();
      counts.clear();
      faults = [];
      tokenCounter = 0;
      trackingCounter = 0;
      transactionCounter = 0;
    },
  };
}
