import { asRecord, endpoint, isRecord, mapBounded, type ValidationIssues } from '@int/core';
import type { FedExContext, Tracking } from './fedex-client-types.js';
import {
  asArray,
  asRecords,
  asString,
  outputOf,
  pickStrings,
  transactionIdOf,
} from './payload-helpers.js';
import type {
  TrackByReferenceInput,
  TrackingEvent,
  TrackingResult,
  TrackOptions,
} from './types.js';
import { checkString, isNonEmptyString, issuesFor, requireObject } from './validation.js';

/** FedEx takes at most 30 tracking numbers per request ("Maximum limit is 30"). */
export const TRACKING_CHUNK_SIZE = 30;

/** FedEx's answer when no shipment carries the reference (inside a 200, like unknown numbers). */
export const REFERENCE_NOT_FOUND_CODES: ReadonlySet<string> = new Set([
  'TRACKING.REFERENCENUMBER.NOTFOUND',
  'TRACKING.DATA.NOTFOUND',
]);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
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
  const dates = pickStrings(input, ['shipDateBegin', 'shipDateEnd']);
  return { referencesInformation: { type, value, accountNumber, ...dates }, includeDetailedScans };
}

function eventOf(event: Record<string, unknown>): TrackingEvent {
  const location = asRecord(event.scanLocation);
  return {
    ...event,
    date: asString(event.date),
    eventType: asString(event.eventType),
    eventDescription: asString(event.eventDescription),
    derivedStatusCode: asString(event.derivedStatusCode),
    location:
      location &&
      pickStrings(location, ['city', 'stateOrProvinceCode', 'postalCode', 'countryCode']),
  };
}

function estimatedDeliveryOf(result: Record<string, unknown>): string | undefined {
  const window = asRecord(asRecord(result.estimatedDeliveryTimeWindow)?.window);
  const estimated = asRecords(result.dateAndTimes).find(
    (entry) => entry.type === 'ESTIMATED_DELIVERY',
  );
  return asString(window?.ends) ?? asString(window?.begins) ?? asString(estimated?.dateTime);
}

export function parseTrackResult(trackingNumber: string, value: unknown): TrackingResult {
  const result = asRecord(value) ?? {};
  const error = asRecord(result.error);
  if (error) {
    return {
      trackingNumber,
      ok: false,
      error: { code: asString(error.code) ?? 'UNKNOWN', message: asString(error.message) },
      raw: value,
    };
  }
  const latest = asRecord(result.latestStatusDetail);
  return {
    trackingNumber,
    ok: true,
    status: {
      code: asString(latest?.code),
      derivedCode: asString(latest?.derivedCode),
      description: asString(latest?.description) ?? asString(latest?.statusByLocale),
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
  requireObject(issues, input);
  if (typeof input.value !== 'string' || input.value.trim().length === 0) {
    issues.add(['value'], 'must be a non-empty string');
  } else if (input.value.length > 40) {
    issues.add(['value'], 'must be at most 40 characters');
  }
  issues.oneOf(['type'], input.type, REFERENCE_TYPES);
  for (const key of ['shipDateBegin', 'shipDateEnd'] as const) {
    const value = input[key];
    if (value !== undefined && !(typeof value === 'string' && DATE.test(value))) {
      issues.add([key], 'must be a YYYY-MM-DD string');
    }
  }
  if ((input.shipDateBegin === undefined) !== (input.shipDateEnd === undefined)) {
    issues.add(['shipDateEnd'], 'shipDateBegin and shipDateEnd go together');
  }
  issues.throwIfAny();
  return { ...input, value: input.value.trim() };
}

/** The tracking options apart from the per-call ones, checked; `null` from plain JavaScript means none. */
function splitOptions(value: TrackOptions | null | undefined, issues: ValidationIssues) {
  if (!isRecord(value ?? {})) {
    issues.add(['options'], 'must be an object');
    issues.throwIfAny();
  }
  const { includeDetailedScans, concurrency, ...request } = value ?? {};
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0)) {
    issues.add(['concurrency'], 'must be a positive integer');
  }
  if (includeDetailedScans !== undefined && typeof includeDetailedScans !== 'boolean') {
    issues.add(['includeDetailedScans'], 'must be a boolean');
  }
  return { includeDetailedScans, concurrency, request };
}

/** One result per number of the chunk, in its order, from FedEx's answer to it. */
function chunkResults(chunk: string[], raw: unknown): TrackingResult[] {
  const transactionId = transactionIdOf(raw);
  // Queue answers per number: a number asked twice gets its answers in order.
  const byNumber = new Map<string, unknown[]>();
  for (const completeValue of asArray(outputOf(raw)?.completeTrackResults)) {
    const complete = asRecord(completeValue);
    const first = asArray(complete?.trackResults)[0];
    const number =
      asString(complete?.trackingNumber) ??
      asString(asRecord(asRecord(first)?.trackingNumberInfo)?.trackingNumber);
    if (!number) continue;
    byNumber.set(number, [...(byNumber.get(number) ?? []), first]);
  }
  return chunk.map((number): TrackingResult => {
    const queue = byNumber.get(number);
    if (!queue || queue.length === 0) {
      return {
        trackingNumber: number,
        ok: false,
        error: {
          code: 'TRACKING.RESULT.MISSING',
          message: 'FedEx returned no result for this number.',
        },
        transactionId,
        raw: undefined,
      };
    }
    const result = parseTrackResult(number, queue.length > 1 ? queue.shift() : queue[0]);
    return { ...result, transactionId };
  });
}

/** Every package FedEx found for a reference, without its "not found" placeholder. */
function referenceResults(raw: unknown): TrackingResult[] {
  const transactionId = transactionIdOf(raw);
  return asArray(outputOf(raw)?.completeTrackResults).flatMap((completeValue) => {
    const complete = asRecord(completeValue);
    return asArray(complete?.trackResults).flatMap((trackValue): TrackingResult[] => {
      const number =
        asString(asRecord(asRecord(trackValue)?.trackingNumberInfo)?.trackingNumber) ??
        asString(complete?.trackingNumber) ??
        '';
      const result = parseTrackResult(number, trackValue);
      if (!result.ok && REFERENCE_NOT_FOUND_CODES.has(result.error.code)) return [];
      return [{ ...result, transactionId }];
    });
  });
}

const trackNumbers = endpoint({
  operation: 'tracking.track',
  method: 'POST',
  path: '/track/v1/trackingnumbers',
  idempotent: true,
});

const trackReference = endpoint<unknown, TrackingResult[]>({
  operation: 'tracking.byReference',
  method: 'POST',
  path: '/track/v1/referencenumbers',
  idempotent: true,
  map: referenceResults,
});

export function createTracking(context: FedExContext): Tracking {
  const { client, accountNumber } = context;
  return {
    async byReference(input, value) {
      const issues = issuesFor('tracking.byReference');
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
      if (!Array.isArray(trackingNumbers) || trackingNumbers.length === 0) {
        issues.add(['trackingNumbers'], 'must be a non-empty array of strings');
      } else {
        trackingNumbers.forEach((number, index) => {
          if (!isNonEmptyString(number)) {
            issues.add(['trackingNumbers', index], 'must be a non-empty string');
          }
        });
      }
      const prefix = request.customerTransactionId;
      checkString(issues, ['customerTransactionId'], prefix);
      issues.throwIfAny();
      const chunks: string[][] = [];
      for (let start = 0; start < trackingNumbers.length; start += TRACKING_CHUNK_SIZE) {
        chunks.push(
          trackingNumbers.slice(start, start + TRACKING_CHUNK_SIZE).map((number) => number.trim()),
        );
      }
      const answers = await mapBounded(
        chunks,
        concurrency ?? context.trackingConcurrency,
        (chunk, index) =>
          client.call(
            trackNumbers,
            { body: trackBody(chunk, includeDetailedScans) },
            { ...request, customerTransactionId: prefix && `${prefix}-${index + 1}` },
          ),
        { signal: request.signal, provider: 'fedex' },
      );
      return chunks.flatMap((chunk, index) => chunkResults(chunk, answers[index]));
    },
  };
}
