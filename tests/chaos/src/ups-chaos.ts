import { setTimeout as sleep } from 'node:timers/promises';
import {
  ApiError,
  ConnectionError,
  RateLimitError,
  ResponseParseError,
  TimeoutError,
} from '@int/core';
import { serveHandlers, unusedPort } from '@int/core/testing';
import { createUPS, type Party, type UPS } from '@int/ups';
import { createUPSFake } from '@int/ups/testing';
import { buildReport, type ChaosReport } from './chaos-report.js';
import type { ChaosSettings } from './chaos-settings.js';
import { type ClientRetryLog, createClientRetryLog } from './client-retries.js';
import { createFaultInjector } from './fault-injector.js';
import { runPool } from './run-pool.js';

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
export async function runUPSChaos(settings: ChaosSettings): Promise<ChaosReport> {
  const port = await unusedPort();
  const baseURL = `http://127.0.0.1:${port}`;
  const fake = createUPSFake({ baseURL });
  const injector = createFaultInjector({
    ...settings,
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
  });
  const clientRetries = createClientRetryLog();
  const server = await serveHandlers(fake.handlers, { port, intercept: injector.intercept });
  try {
    const ups = createUPS({
      clientId: 'test-client-id',
      clientSecret: 'test-client-secret',
      accountNumber: 'A1B2C3',
      baseURL,
      timeoutMs: settings.timeoutMs,
      retry: { ...settings.retry, onRetry: clientRetries.onRetry },
    });
    const callIds = Array.from({ length: settings.calls }, (_, index) => `chaos-order-${index}`);
    const started = performance.now();
    const outcomes = await runPool<Shipped>(
      settings.calls,
      settings.concurrency,
      (index) =>
        clientRetries.withCall(callIds[index]!, () =>
          shipOnce(ups, callIds[index]!, clientRetries),
        ),
      settings.deadlineMs,
    );
    const elapsedMs = performance.now() - started;
    await injector.drain();

    const shipped = new Map<string, string[][]>();
    for (const record of fake.shipments.values()) {
      for (const reference of record.references) {
        shipped.set(reference, [...(shipped.get(reference) ?? []), record.trackingNumbers]);
      }
    }
    const report = buildReport({
      provider: 'ups',
      callIds,
      outcomes,
      injector,
      clientRetries,
      plan: settings,
      elapsedMs,
      effectsOf: (callId) => ({ effects: shipped.get(callId)?.length ?? 0 }),
    });
    // A success must name the very packages UPS holds for that order.
    outcomes.forEach((outcome, index) => {
      if (outcome.kind !== 'ok') return;
      const held = shipped.get(callIds[index]!);
      if (held?.length === 1 && held[0]!.join() !== outcome.value.trackingNumbers.join()) {
        report.lost += 1;
      }
    });
    return report;
  } finally {
    await server.close();
  }
}
