import type { FedExTransport } from './fedex-transport.js';
import {
  alertsOf,
  asArray,
  asRecord,
  asString,
  dateStamp,
  money,
  packageLineItems,
  partyPayload,
  transitDaysOf,
} from './payload-helpers.js';
import type { CallOptions, FedExAlert, Money, PackageInput, Party, PickupType } from './types.js';
import { checkPackages, checkParty, checkString, Issues } from './validation.js';

export interface RateQuoteInput {
  shipper: Party;
  recipient: Party;
  packages: PackageInput[];
  /** One service (`FEDEX_GROUND`, `PRIORITY_OVERNIGHT`, ...). Default: every available service. */
  serviceType?: string | undefined;
  /** Default `DROPOFF_AT_FEDEX_LOCATION`. */
  pickupType?: PickupType | undefined;
  /** Default `YOUR_PACKAGING`. */
  packagingType?: string | undefined;
  /** Sent as `shipDateStamp` (`YYYY-MM-DD`). Default: FedEx's (today). */
  shipDate?: string | Date | undefined;
  /** Sent as `rateRequestType`. Default `['ACCOUNT', 'LIST']`. */
  rateRequestTypes?: string[] | undefined;
  /** Sent as `rateRequestControlParameters.returnTransitTimes`. Default: not sent. */
  returnTransitTimes?: boolean | undefined;
}

export interface RateQuote {
  serviceType: string;
  serviceName: string | undefined;
  packagingType: string | undefined;
  /** `ACCOUNT`, `LIST`, `PREFERRED_INCENTIVE`, ... */
  rateType: string | undefined;
  totalNetCharge: Money | undefined;
  totalBaseCharge: Money | undefined;
  /** As FedEx gives it (date or date-time), when known. */
  deliveryDate: string | undefined;
  transitDays: number | undefined;
}

export interface RateQuoteResult {
  /** One entry per service and rate type. */
  quotes: RateQuote[];
  alerts: FedExAlert[];
  transactionId: string | undefined;
  /** FedEx's response body, untouched. */
  raw: unknown;
}

const PICKUP_TYPES = [
  'DROPOFF_AT_FEDEX_LOCATION',
  'CONTACT_FEDEX_TO_SCHEDULE',
  'USE_SCHEDULED_PICKUP',
];
const SHIP_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function validateRateQuote(input: RateQuoteInput, operation = 'rates.quote'): void {
  const issues = new Issues();
  if (!input || typeof input !== 'object') {
    issues.add([], 'input must be an object');
    issues.throwIfAny(operation);
  }
  checkParty(issues, ['shipper'], input.shipper);
  checkParty(issues, ['recipient'], input.recipient);
  checkPackages(issues, ['packages'], input.packages);
  checkString(issues, ['serviceType'], input.serviceType);
  checkString(issues, ['packagingType'], input.packagingType);
  checkString(issues, ['pickupType'], input.pickupType, { oneOf: PICKUP_TYPES });
  if (input.shipDate !== undefined) {
    const valid =
      (input.shipDate instanceof Date && !Number.isNaN(input.shipDate.getTime())) ||
      (typeof input.shipDate === 'string' && SHIP_DATE.test(input.shipDate));
    if (!valid) issues.add(['shipDate'], 'must be a Date or a YYYY-MM-DD string');
  }
  if (
    input.rateRequestTypes !== undefined &&
    (!Array.isArray(input.rateRequestTypes) ||
      input.rateRequestTypes.length === 0 ||
      !input.rateRequestTypes.every((type) => typeof type === 'string' && type.length > 0))
  ) {
    issues.add(['rateRequestTypes'], 'must be a non-empty array of strings');
  }
  if (input.returnTransitTimes !== undefined && typeof input.returnTransitTimes !== 'boolean') {
    issues.add(['returnTransitTimes'], 'must be a boolean');
  }
  issues.throwIfAny(operation);
}

export function rateQuoteBody(
  input: RateQuoteInput,
  accountNumber: string,
): Record<string, unknown> {
  const requestedShipment: Record<string, unknown> = {
    shipper: partyPayload(input.shipper),
    recipient: partyPayload(input.recipient),
    pickupType: input.pickupType ?? 'DROPOFF_AT_FEDEX_LOCATION',
    packagingType: input.packagingType ?? 'YOUR_PACKAGING',
    rateRequestType: input.rateRequestTypes ?? ['ACCOUNT', 'LIST'],
    requestedPackageLineItems: packageLineItems(input.packages),
  };
  if (input.serviceType) requestedShipment.serviceType = input.serviceType;
  if (input.shipDate !== undefined) requestedShipment.shipDateStamp = dateStamp(input.shipDate);
  const body: Record<string, unknown> = { accountNumber: { value: accountNumber } };
  if (input.returnTransitTimes !== undefined) {
    body.rateRequestControlParameters = { returnTransitTimes: input.returnTransitTimes };
  }
  body.requestedShipment = requestedShipment;
  return body;
}

export function parseRateQuotes(body: unknown): RateQuote[] {
  const output = asRecord(asRecord(body)?.output);
  return asArray(output?.rateReplyDetails).flatMap((detailValue) => {
    const detail = asRecord(detailValue);
    if (!detail) return [];
    const operational = asRecord(detail.operationalDetail);
    const commit = asRecord(detail.commit);
    const deliveryDate =
      asString(operational?.deliveryDate) ??
      asString(asRecord(commit?.dateDetail)?.dayFormat) ??
      asString(asRecord(commit?.dateDetail)?.dayCxsFormat) ??
      asString(operational?.commitDate);
    const transitDays =
      transitDaysOf(operational?.transitTime) ?? transitDaysOf(commit?.transitDays);
    return asArray(detail.ratedShipmentDetails).flatMap((ratedValue) => {
      const rated = asRecord(ratedValue);
      if (!rated) return [];
      const currency = rated.currency ?? asRecord(rated.shipmentRateDetail)?.currency;
      return [
        {
          serviceType: asString(detail.serviceType) ?? 'UNKNOWN',
          serviceName: asString(detail.serviceName),
          packagingType: asString(detail.packagingType),
          rateType: asString(rated.rateType),
          totalNetCharge: money(rated.totalNetCharge, currency),
          totalBaseCharge: money(rated.totalBaseCharge, currency),
          deliveryDate,
          transitDays,
        },
      ];
    });
  });
}

export interface Rates {
  /** `POST /rate/v1/rates/quotes`. Safe to retry (a read). */
  quote(input: RateQuoteInput, options?: CallOptions): Promise<RateQuoteResult>;
}

export function createRates(transport: FedExTransport): Rates {
  return {
    async quote(input, options) {
      validateRateQuote(input);
      const body = rateQuoteBody(input, transport.accountNumber());
      const response = await transport.send<unknown>({
        operation: 'rates.quote',
        method: 'POST',
        path: '/rate/v1/rates/quotes',
        body,
        options,
        idempotent: true,
      });
      return {
        quotes: parseRateQuotes(response.data),
        alerts: alertsOf(asRecord(asRecord(response.data)?.output)?.alerts),
        transactionId: response.transactionId,
        raw: response.data,
      };
    },
  };
}
