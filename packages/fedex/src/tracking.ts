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
  includeDetailedScans?: boolean;
  /** Requests in flight at once. Default: the client's `trackingConcurrency` (3). */
  concurrency?: number;
  /** Prefix for each chunk's `x-customer-transaction-id` (`<prefix>-<chunk>`). Default: a UUID per chunk. */
  customerTransactionId?: string;
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
}

export function createTracking(transport: FedExTransport, defaultConcurrency: number): Tracking {
  return {
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
