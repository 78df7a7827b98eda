import type { FedExTransport } from './fedex-transport.js';
import { asArray, asRecord, asString } from './payload-helpers.js';
import type { CallOptions } from './types.js';
import { Issues } from './validation.js';

/** FedEx takes at most 30 tracking numbers per request ("Maximum limit is 30"). */
export const TRACKING_CHUNK_SIZE = 30;

export interface TrackingEvent {
  date: string | undefined;
  eventType: string | undefined;
  eventDescription: string | undefined;
  derivedStatusCode: string | undefined;
  location:
    | {
        city?: string;
        stateOrProvinceCode?: string;
        postalCode?: string;
        countryCode?: string;
      }
    | undefined;
  [key: string]: unknown;
}

export interface TrackingStatus {
  code: string | undefined;
  derivedCode: string | undefined;
  description: string | undefined;
}

export type TrackingResult =
  | {
      trackingNumber: string;
      ok: true;
      status: TrackingStatus;
      events: TrackingEvent[];
      /** End (or start) of FedEx's estimated delivery window, or its `ESTIMATED_DELIVERY` date. */
      estimatedDelivery: string | undefined;
      /** FedEx's `transactionId` of the request that carried this number. */
      transactionId?: string | undefined;
      raw: unknown;
    }
  | {
      trackingNumber: string;
      ok: false;
      error: { code: string; message: string | undefined };
      transactionId?: string | undefined;
      raw: unknown;
    };

export interface TrackOptions extends Omit<CallOptions, 'customerTransactionId'> {
  /** Default `true`: every scan event, not only the latest status. */
  includeDetailedScans?: boolean | undefined;
  /** Requests in flight at once. Default: the client's `trackingConcurrency` (3). */
  concurrency?: number | undefined;
  /** Prefix for each chunk's `x-customer-transaction-id` (`<prefix>-<chunk>`). Default: a UUID per chunk. */
  customerTransactionId?: string | undefined;
}

/** FedEx's reference types for `POST /track/v1/referencenumbers`. */
export type TrackReferenceType =
  | 'CUSTOMER_REFERENCE'
  | 'BILL_OF_LADING'
  | 'DEPARTMENT'
  | 'INVOICE'
  | 'PURCHASE_ORDER'
  | 'RETURN_MATERIALS_AUTHORIZATION';

export interface TrackByReferenceInput {
  /** The reference as sent at ship time, e.g. `shipments.create({ customerReference })`. */
  value: string;
  /** Default `CUSTOMER_REFERENCE`. */
  type?: TrackReferenceType | undefined;
  /** `YYYY-MM-DD`; without both, FedEx searches the last 30 days up to tomorrow. */
  shipDateBegin?: string | undefined;
  shipDateEnd?: string | undefined;
}

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
  const referencesInformation: Record<string, string> = {
    type: input.type ?? 'CUSTOMER_REFERENCE',
    value: input.value,
    accountNumber,
  };
  if (input.shipDateBegin) referencesInformation.shipDateBegin = input.shipDateBegin;
  if (input.shipDateEnd) referencesInformation.shipDateEnd = input.shipDateEnd;
  return { referencesInformation, includeDetailedScans };
}

function eventOf(value: unknown): TrackingEvent | undefined {
  const event = asRecord(value);
  if (!event) return undefined;
  const location = asRecord(event.scanLocation);
  return {
    ...event,
    date: asString(event.date),
    eventType: asString(event.eventType),
    eventDescription: asString(event.eventDescription),
    derivedStatusCode: asString(event.derivedStatusCode),
    location: location
      ? {
          city: asString(location.city),
          stateOrProvinceCode: asString(location.stateOrProvinceCode),
          postalCode: asString(location.postalCode),
          countryCode: asString(location.countryCode),
        }
      : undefined,
  };
}

function estimatedDeliveryOf(result: Record<string, unknown>): string | undefined {
  const window = asRecord(asRecord(result.estimatedDeliveryTimeWindow)?.window);
  const fromWindow = asString(window?.ends) ?? asString(window?.begins);
  if (fromWindow) return fromWindow;
  for (const entry of asArray(result.dateAndTimes)) {
    const record = asRecord(entry);
    if (record?.type === 'ESTIMATED_DELIVERY') return asString(record.dateTime);
  }
  return undefined;
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
    events: asArray(result.scanEvents)
      .map(eventOf)
      .filter((event): event is TrackingEvent => event !== undefined),
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

/** Runs `tasks` with at most `limit` in flight, results in task order. */
async function mapBounded<T, R>(
  items: T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
) {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface Tracking {
  /**
   * `POST /track/v1/trackingnumbers` in chunks of 30 with bounded concurrency.
   * Unknown numbers come back as `ok: false` results (FedEx reports them inside a 200).
   */
  track(trackingNumbers: string[], options?: TrackOptions): Promise<TrackingResult[]>;
  /**
   * `POST /track/v1/referencenumbers`: the shipments of this account that
   * carry `value` as a reference, one result per package FedEx found. An empty
   * array when FedEx finds none (it says so inside a 200). Safe to retry.
   */
  byReference(
    input: TrackByReferenceInput,
    options?: Omit<TrackOptions, 'concurrency'>,
  ): Promise<TrackingResult[]>;
}

function validateByReference(input: TrackByReferenceInput, options: unknown): void {
  const issues = new Issues();
  if (input === null || typeof input !== 'object') {
    issues.add([], 'input must be an object');
    issues.throwIfAny('tracking.byReference');
  }
  if (typeof input.value !== 'string' || input.value.trim().length === 0) {
    issues.add(['value'], 'must be a non-empty string');
  } else if (input.value.length > 40) {
    issues.add(['value'], 'must be at most 40 characters');
  }
  if (input.type !== undefined && !REFERENCE_TYPES.includes(input.type)) {
    issues.add(['type'], `must be one of ${REFERENCE_TYPES.join(', ')}`);
  }
  for (const key of ['shipDateBegin', 'shipDateEnd'] as const) {
    const value = input[key];
    if (value !== undefined && !(typeof value === 'string' && DATE.test(value))) {
      issues.add([key], 'must be a YYYY-MM-DD string');
    }
  }
  if ((input.shipDateBegin === undefined) !== (input.shipDateEnd === undefined)) {
    issues.add(['shipDateEnd'], 'shipDateBegin and shipDateEnd go together');
  }
  if (options !== undefined && options !== null && typeof options !== 'object') {
    issues.add(['options'], 'must be an object');
  }
  issues.throwIfAny('tracking.byReference');
}

export function createTracking(transport: FedExTransport, defaultConcurrency: number): Tracking {
  return {
    async byReference(input, options = {}) {
      validateByReference(input, options);
      options ??= {};
      const response = await transport.send<unknown>({
        operation: 'tracking.byReference',
        method: 'POST',
        path: '/track/v1/referencenumbers',
        body: trackByReferenceBody(
          { ...input, value: input.value.trim() },
          transport.accountNumber(),
          options.includeDetailedScans ?? false,
        ),
        options: {
          signal: options.signal,
          timeoutMs: options.timeoutMs,
          customerTransactionId: options.customerTransactionId,
        },
        idempotent: true,
      });
      const output = asRecord(asRecord(response.data)?.output);
      const results: TrackingResult[] = [];
      for (const completeValue of asArray(output?.completeTrackResults)) {
        const complete = asRecord(completeValue);
        for (const trackValue of asArray(complete?.trackResults)) {
          const number =
            asString(asRecord(asRecord(trackValue)?.trackingNumberInfo)?.trackingNumber) ??
            asString(complete?.trackingNumber) ??
            '';
          const result = parseTrackResult(number, trackValue);
          if (!result.ok && REFERENCE_NOT_FOUND_CODES.has(result.error.code)) continue;
          results.push({ ...result, transactionId: response.transactionId });
        }
      }
      return results;
    },
    async track(trackingNumbers, options = {}) {
      const issues = new Issues();
      // `null` from plain JavaScript callers means "no options", like undefined.
      options ??= {};
      if (typeof options !== 'object') {
        issues.add(['options'], 'must be an object');
        options = {};
      }
      if (!Array.isArray(trackingNumbers) || trackingNumbers.length === 0) {
        issues.add(['trackingNumbers'], 'must be a non-empty array of strings');
      } else {
        trackingNumbers.forEach((number, index) => {
          if (typeof number !== 'string' || number.trim().length === 0) {
            issues.add(['trackingNumbers', index], 'must be a non-empty string');
          }
        });
      }
      const concurrency = options?.concurrency ?? defaultConcurrency;
      if (!Number.isInteger(concurrency) || concurrency < 1) {
        issues.add(['concurrency'], 'must be a positive integer');
      }
      if (
        options.includeDetailedScans !== undefined &&
        typeof options.includeDetailedScans !== 'boolean'
      ) {
        issues.add(['includeDetailedScans'], 'must be a boolean');
      }
      if (
        options.customerTransactionId !== undefined &&
        (typeof options.customerTransactionId !== 'string' ||
          options.customerTransactionId.trim().length === 0)
      ) {
        issues.add(['customerTransactionId'], 'must be a non-empty string');
      }
      issues.throwIfAny('tracking.track');

      const numbers = trackingNumbers.map((number) => number.trim());
      const chunks: string[][] = [];
      for (let start = 0; start < numbers.length; start += TRACKING_CHUNK_SIZE) {
        chunks.push(numbers.slice(start, start + TRACKING_CHUNK_SIZE));
      }
      const responses = await mapBounded(chunks, concurrency, (chunk, index) =>
        transport.send<unknown>({
          operation: 'tracking.track',
          method: 'POST',
          path: '/track/v1/trackingnumbers',
          body: trackBody(chunk, options.includeDetailedScans ?? true),
          options: {
            signal: options.signal,
            timeoutMs: options.timeoutMs,
            customerTransactionId: options.customerTransactionId
              ? `${options.customerTransactionId}-${index + 1}`
              : undefined,
          },
          idempotent: true,
        }),
      );

      const results: TrackingResult[] = [];
      chunks.forEach((chunk, index) => {
        const transactionId = responses[index]!.transactionId;
        const output = asRecord(asRecord(responses[index]!.data)?.output);
        // Queue answers per number: a number asked twice gets its answers in order.
        const byNumber = new Map<string, unknown[]>();
        for (const completeValue of asArray(output?.completeTrackResults)) {
          const complete = asRecord(completeValue);
          const first = asArray(complete?.trackResults)[0];
          const number =
            asString(complete?.trackingNumber) ??
            asString(asRecord(asRecord(first)?.trackingNumberInfo)?.trackingNumber);
          if (!number) continue;
          const queue = byNumber.get(number) ?? [];
          queue.push(first);
          byNumber.set(number, queue);
        }
        for (const number of chunk) {
          const queue = byNumber.get(number);
          if (queue && queue.length > 0) {
            const result = parseTrackResult(number, queue.length > 1 ? queue.shift() : queue[0]);
            results.push({ ...result, transactionId });
          } else {
            results.push({
              trackingNumber: number,
              ok: false,
              error: {
                code: 'TRACKING.RESULT.MISSING',
                message: 'FedEx returned no result for this number.',
              },
              transactionId,
              raw: undefined,
            });
          }
        }
      });
      return results;
    },
  };
}
