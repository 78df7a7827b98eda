import {
  asArray,
  asRecord,
  asRecords,
  asText,
  checkCalendarDay,
  checkList,
  checkText,
  inputIssues,
  mapChunks,
  ownOptions,
  pickTexts,
  type ValidationIssues,
  valueAt,
} from '@int/core';
import type { FedExContext, Tracking } from './fedex-client-types.js';
import { fedexRead } from './fedex-read.js';
import { outputOf, transactionIdOf } from './payload-helpers.js';
import type {
  TrackByReferenceInput,
  TrackingEvent,
  TrackingResult,
  TrackOptions,
} from './types.js';
import { issuesFor } from './validation.js';

/** FedEx takes at most 30 tracking numbers per request ("Maximum limit is 30"). */
export const TRACKING_CHUNK_SIZE = 30;

/** FedEx's answer when no shipment carries the reference (inside a 200, like unknown numbers). */
export const REFERENCE_NOT_FOUND_CODES: ReadonlySet<string> = new Set([
  'TRACKING.REFERENCENUMBER.NOTFOUND',
  'TRACKING.DATA.NOTFOUND',
]);

const REFERENCE_TYPES = [
  'CUSTOMER_REFERENCE',
  'BILL_OF_LADING',
  'DEPARTMENT',
  'INVOICE',
  'PURCHASE_ORDER',
  'RETURN_MATERIALS_AUTHORIZATION',
];

/** The body of `POST /track/v1/referencenumbers`; the account number scopes the search to our shipments. */
export function trackByReferenceBody(
  input: TrackByReferenceInput,
  accountNumber: string,
  includeDetailedScans: boolean,
) {
  const { type = 'CUSTOMER_REFERENCE', value } = input;
  const dates = pickTexts(input, ['shipDateBegin', 'shipDateEnd']);
  return { referencesInformation: { type, value, accountNumber, ...dates }, includeDetailedScans };
}

function eventOf(event: Record<string, unknown>): TrackingEvent {
  const location = asRecord(event.scanLocation);
  return {
    ...event,
    date: asText(event.date),
    eventType: asText(event.eventType),
    eventDescription: asText(event.eventDescription),
    derivedStatusCode: asText(event.derivedStatusCode),
    location:
      location && pickTexts(location, ['city', 'stateOrProvinceCode', 'postalCode', 'countryCode']),
  };
}

function estimatedDeliveryOf(result: Record<string, unknown>): string | undefined {
  const window = asRecord(asRecord(result.estimatedDeliveryTimeWindow)?.window);
  const estimated = asRecords(result.dateAndTimes).find(
    (entry) => entry.type === 'ESTIMATED_DELIVERY',
  );
  return asText(window?.ends) ?? asText(window?.begins) ?? asText(estimated?.dateTime);
}

export function parseTrackResult(trackingNumber: string, value: unknown): TrackingResult {
  const result = asRecord(value) ?? {};
  const error = asRecord(result.error);
  if (error) {
    return {
      trackingNumber,
      ok: false,
      error: { code: asText(error.code) ?? 'UNKNOWN', message: asText(error.message) },
      raw: value,
    };
  }
  const latest = asRecord(result.latestStatusDetail);
  return {
    trackingNumber,
    ok: true,
    status: {
      code: asText(latest?.code),
      derivedCode: asText(latest?.derivedCode),
      description: asText(latest?.description) ?? asText(latest?.statusByLocale),
    },
    events: asRecords(result.scanEvents).map(eventOf),
    estimatedDelivery: estimatedDeliveryOf(result),
    raw: value,
  };
}

export function trackBody(numbers: string[], includeDetailedScans: boolean) {
  return {
    includeDetailedScans,
    trackingInfo: numbers.map((trackingNumber) => ({ trackingNumberInfo: { trackingNumber } })),
  };
}

function checkByReference(input: TrackByReferenceInput, issues: ValidationIssues) {
  checkText(issues, ['value'], input.value, { required: true, maxLength: 40 });
  issues.oneOf(['type'], input.type, REFERENCE_TYPES);
  checkCalendarDay(issues, ['shipDateBegin'], input.shipDateBegin);
  checkCalendarDay(issues, ['shipDateEnd'], input.shipDateEnd);
  if ((input.shipDateBegin === undefined) !== (input.shipDateEnd === undefined)) {
    issues.add(['shipDateEnd'], 'shipDateBegin and shipDateEnd go together');
  }
  issues.throwIfAny();
  return { ...input, value: input.value.trim() };
}

/** The tracking options apart from the per-call ones, checked. */
function splitOptions(value: TrackOptions | null | undefined, issues: ValidationIssues) {
  const { includeDetailedScans, concurrency, ...request } = ownOptions(issues, value);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0)) {
    issues.add(['concurrency'], 'must be a positive integer');
  }
  if (includeDetailedScans !== undefined && typeof includeDetailedScans !== 'boolean') {
    issues.add(['includeDetailedScans'], 'must be a boolean');
  }
  return { includeDetailedScans, concurrency, request };
}

/** A number FedEx's answer left out: a result saying so, never a hole in the list. */
const missingResult = (trackingNumber: string): TrackingResult => ({
  trackingNumber,
  ok: false,
  error: { code: 'TRACKING.RESULT.MISSING', message: 'FedEx returned no result for this number.' },
  raw: undefined,
});

/** One result per number of the chunk, in its order, from FedEx's answer to it. */
function chunkResults(chunk: string[], raw: unknown): TrackingResult[] {
  const transactionId = transactionIdOf(raw);
  // Queue answers per number: a number asked twice gets its answers in order.
  const byNumber = new Map<string, unknown[]>();
  for (const complete of asRecords(outputOf(raw)?.completeTrackResults)) {
    const first = asArray(complete.trackResults)[0];
    const number =
      asText(complete.trackingNumber) ??
      asText(valueAt(first, 'trackingNumberInfo', 'trackingNumber'));
    if (number) byNumber.set(number, [...(byNumber.get(number) ?? []), first]);
  }
  return chunk.map((number): TrackingResult => {
    const queue = byNumber.get(number) ?? [];
    const result =
      queue.length === 0
        ? missingResult(number)
        : parseTrackResult(number, queue.length > 1 ? queue.shift() : queue[0]);
    return { ...result, transactionId };
  });
}

/** Every package FedEx found for a reference, without its "not found" placeholder. */
function referenceResults(raw: unknown): TrackingResult[] {
  const transactionId = transactionIdOf(raw);
  return asRecords(outputOf(raw)?.completeTrackResults).flatMap((complete) =>
    asArray(complete.trackResults).flatMap((trackValue): TrackingResult[] => {
      const number =
        asText(valueAt(trackValue, 'trackingNumberInfo', 'trackingNumber')) ??
        asText(complete.trackingNumber) ??
        '';
      const result = parseTrackResult(number, trackValue);
      if (!result.ok && REFERENCE_NOT_FOUND_CODES.has(result.error.code)) return [];
      return [{ ...result, transactionId }];
    }),
  );
}

const trackNumbers = fedexRead('tracking.track', '/track/v1/trackingnumbers');
const trackReference = fedexRead(
  'tracking.byReference',
  '/track/v1/referencenumbers',
  referenceResults,
);

export function createTracking(context: FedExContext): Tracking {
  const { client, accountNumber } = context;
  return {
    async byReference(input, value) {
      const issues = inputIssues('fedex', 'tracking.byReference', input);
      const { includeDetailedScans = false, request } = splitOptions(value, issues);
      const body = trackByReferenceBody(
        checkByReference(input, issues),
        accountNumber(),
        includeDetailedScans,
      );
      return client.call(trackReference, { body }, request);
    },
    async track(trackingNumbers, value) {
      const issues = issuesFor('tracking.track');
      const { includeDetailedScans = true, concurrency, request } = splitOptions(value, issues);
      checkList(issues, ['trackingNumbers'], trackingNumbers, (number, path) => {
        checkText(issues, path, number, { required: true });
      });
      const prefix = request.customerTransactionId;
      checkText(issues, ['customerTransactionId'], prefix);
      issues.throwIfAny();
      return mapChunks(
        trackingNumbers.map((number) => number.trim()),
        TRACKING_CHUNK_SIZE,
        concurrency ?? context.trackingConcurrency,
        async (chunk, index) => {
          const raw = await client.call(
            trackNumbers,
            { body: trackBody(chunk, includeDetailedScans) },
            { ...request, customerTransactionId: prefix && `${prefix}-${index + 1}` },
          );
          return chunkResults(chunk, raw);
        },
        { signal: request.signal, provider: 'fedex' },
      );
    },
  };
}
