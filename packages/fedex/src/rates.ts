import {
  asRecord,
  asRecords,
  asText,
  calendarDay,
  checkCalendarDay,
  checkText,
  inputIssues,
} from '@int/core';
import type { FedExContext, Rates } from './fedex-client-types.js';
import { fedexRead } from './fedex-read.js';
import {
  money,
  outputOf,
  packageLineItems,
  partyPayload,
  transitDaysOf,
  withEnvelope,
} from './payload-helpers.js';
import type { RateQuote, RateQuoteInput, RateQuoteResult } from './types.js';
import { checkPackages, checkParty, PICKUP_TYPES } from './validation.js';

/** Checks every field before anything is sent; returns the input. */
export function checkRateQuote(input: RateQuoteInput): RateQuoteInput {
  const issues = inputIssues('fedex', 'rates.quote', input);
  checkParty(issues, ['shipper'], input.shipper);
  checkParty(issues, ['recipient'], input.recipient);
  checkPackages(issues, input.packages);
  checkText(issues, ['serviceType'], input.serviceType);
  checkText(issues, ['packagingType'], input.packagingType);
  checkText(issues, ['pickupType'], input.pickupType, { oneOf: PICKUP_TYPES });
  checkCalendarDay(issues, ['shipDate'], input.shipDate, { allowDate: true });
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
  issues.throwIfAny();
  return input;
}

/** FedEx's rate request, fields in the order FedEx documents them. */
export function rateQuoteBody(input: RateQuoteInput, accountNumber: string) {
  const { returnTransitTimes, serviceType, shipDate } = input;
  return {
    accountNumber: { value: accountNumber },
    ...(returnTransitTimes === undefined
      ? {}
      : { rateRequestControlParameters: { returnTransitTimes } }),
    requestedShipment: {
      shipper: partyPayload(input.shipper),
      recipient: partyPayload(input.recipient),
      pickupType: input.pickupType ?? 'DROPOFF_AT_FEDEX_LOCATION',
      packagingType: input.packagingType ?? 'YOUR_PACKAGING',
      rateRequestType: input.rateRequestTypes ?? ['ACCOUNT', 'LIST'],
      requestedPackageLineItems: packageLineItems(input.packages),
      ...(serviceType ? { serviceType } : {}),
      ...(shipDate === undefined ? {} : { shipDateStamp: calendarDay(shipDate) }),
    },
  };
}

export function parseRateQuotes(body: unknown): RateQuote[] {
  return asRecords(outputOf(body)?.rateReplyDetails).flatMap((detail) => {
    const operational = asRecord(detail.operationalDetail);
    const commit = asRecord(detail.commit);
    const deliveryDate =
      asText(operational?.deliveryDate) ??
      asText(asRecord(commit?.dateDetail)?.dayFormat) ??
      asText(asRecord(commit?.dateDetail)?.dayCxsFormat) ??
      asText(operational?.commitDate);
    const transitDays =
      transitDaysOf(operational?.transitTime) ?? transitDaysOf(commit?.transitDays);
    return asRecords(detail.ratedShipmentDetails).map((rated) => {
      const currency = rated.currency ?? asRecord(rated.shipmentRateDetail)?.currency;
      return {
        serviceType: asText(detail.serviceType) ?? 'UNKNOWN',
        serviceName: asText(detail.serviceName),
        packagingType: asText(detail.packagingType),
        rateType: asText(rated.rateType),
        totalNetCharge: money(rated.totalNetCharge, currency),
        totalBaseCharge: money(rated.totalBaseCharge, currency),
        deliveryDate,
        transitDays,
      };
    });
  });
}

const quote = fedexRead(
  'rates.quote',
  '/rate/v1/rates/quotes',
  (raw): RateQuoteResult => withEnvelope(raw, { quotes: parseRateQuotes(raw) }),
);

export function createRates({ client, accountNumber }: FedExContext): Rates {
  return {
    quote: async (input, options) =>
      client.call(quote, { body: rateQuoteBody(checkRateQuote(input), accountNumber()) }, options),
  };
}
