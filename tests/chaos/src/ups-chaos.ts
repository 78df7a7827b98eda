import { setTimeout as sleep } from 'node:timers/promises';
import {
  ApiError,
  ConnectionError,
  RateLimitError,
  ResponseParseError,
  TimeoutError,
} from '@int/core';
import { createUPS, type Party, type UPS } from '@int/ups';
import { createUPSFake } from '@int/ups/testing';
import type { ChaosReport } from './chaos-report.js';
import { groupByCall, namesHeld, runChaos } from './chaos-run.js';
import type { ChaosSettings } from './chaos-settings.js';
import type { ClientRetryLog } from './client-retries.js';

const upsError = (status: number, code: string, message: string) =>
  Response.json({ response: { errors: [{ code, message }] } }, { status });

const shipper: Party = {
  name: 'Acme Widgets',
  phone: '4105551234',
  address: {
    addressLines: ['2311 York Rd'],
    city: 'Timonium',
    stateProvinceCode: 'MD',
    postalCode: '21093',
    countryCode: 'US',
  },
};
const shipTo: Party = {
  name: 'Jane Doe',
  address: {
    addressLines: ['123 Main St'],
    city: 'Alpharetta',
    stateProvinceCode: 'GA',
    postalCode: '30005',
    countryCode: 'US',
  },
};

/** Creates sent for one logical call at most: after that its failure is reported. */
const MAX_CREATES = 5;

/** What a logical call ends with: the shipment UPS made for it, created or found again. */
interface Shipped {
  trackingNumbers: string[];
  recovered: boolean;
}

/** The outcome of a failed create is unknown unless UPS answered a refusal (a 4xx other than 429). */
const outcomeUnknown = (error: unknown) =>
  TimeoutError.isInstance(error) ||
  ConnectionError.isInstance(error) ||
  ResponseParseError.isInstance(error) ||
  (ApiError.isInstance(error) && (error.status >= 500 || error.status === 429));

/**
 * One order shipped exactly once, the way the README tells a caller to: UPS
 * never gets a ship request twice blindly. After an unknown outcome the order's
 * reference is looked up first; only when nothing carries it is it created again.
 */
async function shipOnce(ups: UPS, reference: string, log: ClientRetryLog): Promise<Shipped> {
  const input = {
    shipper,
    shipTo,
    service: '03' as const,
    packages: [{ weight: { value: 2, unit: 'LBS' as const } }],
    reference,
  };
  for (let attempt = 1; ; attempt += 1) {
    try {
      const created = await ups.shipments.create(input);
      return {
        trackingNumbers: created.packages.map((item) => item.trackingNumber),
        recovered: false,
      };
    } catch (error) {
      if (!outcomeUnknown(error) || attempt >= MAX_CREATES) throw error;
      // A 429 was refused before UPS acted: wait as asked, then look anyway (cheap, and certain).
      const delayMs = RateLimitError.isInstance(error) ? (error.retryAfterMs ?? 1_000) : 0;
      if (delayMs > 0) await sleep(delayMs);
      const found = await log.withCall(`${reference}:lookup`, () =>
        ups.tracking.byReference(reference),
      );
      if (found.length > 0) {
        return { trackingNumbers: found.map((item) => item.trackingNumber), recovered: true };
      }
      // Nothing carries the reference: creating again is this call's retry.
      log.onRetry({
        provider: 'ups',
        operation: 'shipments.create',
        method: 'POST',
        attempt,
        delayMs,
        reason: 'not found by reference',
        status: (error as { status?: number }).status,
        error: error as Error,
      });
    }
  }
}

/**
 * 2 000 orders shipped through the injector, each with its own reference. The
 * ship requests of an order are one logical call (its reference is the call id);
 * its look-ups by reference are faulted too, as calls of their own. Token
 * requests pass untouched.
 */
export function runUPSChaos(settings: ChaosSettings): Promise<ChaosReport> {
  return runChaos({
    provider: 'ups',
    settings,
    callId: (index) => `chaos-order-${index}`,
    fake: (baseURL) => createUPSFake({ baseURL }),
    identify: async (request) => {
      const { pathname } = new URL(request.url);
      if (pathname.startsWith('/api/track/v1/reference/details/')) {
        return { callId: `${decodeURIComponent(pathname.split('/').at(-1) ?? '')}:lookup` };
      }
      if (!pathname.endsWith('/ship')) return undefined;
      const body = (await request.clone().json()) as {
        ShipmentRequest?: {
          Shipment?: { Package?: Array<{ ReferenceNumber?: Array<{ Value?: string }> }> };
        };
      };
      const callId = body.ShipmentRequest?.Shipment?.Package?.[0]?.ReferenceNumber?.[0]?.Value;
      return callId ? { callId } : undefined;
    },
    errors: {
      rateLimited: () => upsError(429, '10429', 'Too Many Requests'),
      unavailable: () => upsError(503, 'CHAOS', 'The service is temporarily unavailable.'),
      invalid: () => upsError(400, 'CHAOS', 'Missing or invalid ship to postal code.'),
    },
    client: (baseURL, run) =>
      createUPS({
        clientId: 'test-client-id',
        clientSecret: 'test-client-secret',
        accountNumber: 'A1B2C3',
        baseURL,
        ...run,
      }),
    call: (ups, reference, _index, log) => shipOnce(ups, reference, log),
    held: (fake) =>
      groupByCall(
        [...fake.shipments.values()].flatMap((record) =>
          record.references.map((reference) => [reference, record.trackingNumbers.join()] as const),
        ),
      ),
    // A success must name the very packages UPS holds for that order.
    confirms: (shipped: Shipped, held) => namesHeld(shipped.trackingNumbers.join(), held),
  });
}
