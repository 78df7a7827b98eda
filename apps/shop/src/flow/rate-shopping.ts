import { CircuitOpenError } from '@int/core';
import type { Carrier } from '../config.js';
import type { ShopContext } from '../shop-context.js';
import type { Order } from '../store/order-types.js';
import type { CarrierAdapter, CarrierQuote } from './carrier.js';
import { meetsDeliveryOption } from './delivery-services.js';
import { describeError } from './tracked-call.js';

/** The rates step's journalled result: the choice, and what lost to it. */
export interface RateChoice {
  carrier: Carrier;
  serviceType: string;
  serviceName: string | undefined;
  /** Minor units. */
  amount: number;
  currency: string;
  /** Every quote that meets the order's delivery option, cheapest first; the chosen one among them. */
  quotes: CarrierQuote[];
  /** Carriers that could not quote (down, timed out, breaker open), with why. */
  failures: Array<{ carrier: Carrier; error: string }>;
}

/** Thrown when no carrier could quote: ship-order's retry path (or, all breakers open, its wait). */
export class NoCarrierQuoteError extends Error {
  override name = 'NoCarrierQuoteError';
}

/** Cheapest first; equal prices keep the carriers' order (FedEx, then UPS) so the choice is stable. */
export function cheapestFirst(quotes: ReadonlyArray<CarrierQuote>): CarrierQuote[] {
  return quotes
    .map((quote, index) => ({ quote, index }))
    .sort((left, right) => left.quote.amount - right.quote.amount || left.index - right.index)
    .map(({ quote }) => quote);
}

/**
 * Asks every carrier at once, each under its own deadline
 * (`SHOP_RATE_TIMEOUT_MS`, retries included), keeps the services that meet the
 * order's delivery option and picks the cheapest. A carrier that fails or is
 * late is left out; when none quotes, the job fails and retries. When every
 * carrier's breaker is open, the breaker's error is thrown so the queue waits
 * for the next probe instead of spending an attempt.
 */
export async function shopRates(
  context: ShopContext,
  order: Order,
  carriers: ReadonlyArray<CarrierAdapter>,
  signal: AbortSignal,
): Promise<RateChoice> {
  const timeoutMs = context.config.rateQuoteTimeoutMs;
  const settled = await Promise.allSettled(
    carriers.map((adapter) =>
      adapter.quote(order, AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])),
    ),
  );
  const quotes: CarrierQuote[] = [];
  const failures: RateChoice['failures'] = [];
  const errors: unknown[] = [];
  settled.forEach((outcome, index) => {
    const carrier = carriers[index]!.carrier;
    if (outcome.status === 'rejected') {
      errors.push(outcome.reason);
      failures.push({ carrier, error: describeError(outcome.reason) });
      return;
    }
    quotes.push(
      ...outcome.value.filter((quote) =>
        meetsDeliveryOption(order.deliveryOption, carrier, quote.serviceType),
      ),
    );
  });
  // The job's own abort (shutdown, lease lost) is not a carrier outage.
  if (signal.aborted) throw signal.reason;
  const ranked = cheapestFirst(quotes);
  const best = ranked[0];
  if (!best) {
    // One carrier asked: its own error, so the queue sees its class (retryable, an open breaker).
    if (carriers.length === 1 && errors.length === 1) throw errors[0];
    if (errors.length > 0 && errors.length === carriers.length) {
      const open = errors.filter((error) => CircuitOpenError.isInstance(error));
      if (open.length === errors.length) {
        throw open.reduce((soonest, error) =>
          error.retryAfterMs < soonest.retryAfterMs ? error : soonest,
        );
      }
    }
    const why = failures.map((failure) => `${failure.carrier}: ${failure.error}`).join('; ');
    throw new NoCarrierQuoteError(
      why
        ? `No carrier could quote a ${order.deliveryOption} service (${why}).`
        : `No carrier offers a ${order.deliveryOption} service for this address.`,
      errors.length > 0 ? { cause: errors[0] } : undefined,
    );
  }
  return {
    carrier: best.carrier,
    serviceType: best.serviceType,
    serviceName: best.serviceName,
    amount: best.amount,
    currency: best.currency,
    quotes: ranked,
    failures,
  };
}
