import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobContext } from '@int/core';
import type { RateQuote } from '@int/fedex';
import { JOB_NAMES, type ShopContext } from '../shop-context.js';
import { WAREHOUSE } from '../store/catalog.js';
import type { Order } from '../store/order-types.js';
import { journalledStep } from './step-journal.js';
import { describeError, trackedCall } from './tracked-call.js';

export interface OrderJob {
  orderId: string;
}

interface RateChoice {
  serviceType: string;
  amount: number;
  currency: string;
}

/** The shipment step's journalled result: what FedEx answered (or what the lookup found). */
export interface ShipmentRecord {
  trackingNumber: string;
  serviceType: string;
  /** The label as FedEx sent it; absent for a shipment found by reference. */
  labelBase64: string | undefined;
  /** Found by the order reference after an attempt whose answer was lost. */
  recovered: boolean;
}

const cents = (amount: number) => Math.round(amount * 100);

function recipientOf(order: Order) {
  return {
    contact: {
      personName: order.address.name,
      phoneNumber: order.address.phone,
      emailAddress: order.email,
    },
    address: {
      streetLines: [order.address.street],
      city: order.address.city,
      ...(order.address.state ? { stateOrProvinceCode: order.address.state } : {}),
      postalCode: order.address.postalCode,
      countryCode: order.address.country,
    },
  };
}

function packagesOf(order: Order) {
  const pounds = order.items.reduce((sum, item) => sum + item.weightLb * item.quantity, 0);
  return [{ weight: { units: 'LB' as const, value: Math.max(0.1, Math.round(pounds * 10) / 10) } }];
}

/** The cheapest quote that has a price; FedEx lists them in no promised order. */
export function cheapestQuote(quotes: ReadonlyArray<RateQuote>): RateQuote | undefined {
  let best: RateQuote | undefined;
  for (const quote of quotes) {
    if (!quote.totalNetCharge) continue;
    if (!best || quote.totalNetCharge.amount < best.totalNetCharge!.amount) best = quote;
  }
  return best;
}

/**
 * A previous create may have reached FedEx without its answer reaching us:
 * asks FedEx for the shipments carrying the order id as customer reference
 * and returns the tracking number of the one found.
 */
async function findShipmentByReference(
  context: ShopContext,
  order: Order,
  signal: AbortSignal,
): Promise<string | undefined> {
  jobEvent(
    context,
    order.id,
    'an earlier shipment create ended without an answer; looking it up at FedEx by the order reference',
    false,
  );
  const found = await trackedCall(
    context,
    order.id,
    'fedex tracking.byReference',
    () => context.clients.fedex.tracking.byReference({ value: order.id }, { signal }),
    (results) => `${results.filter((result) => result.ok).length} package(s) found`,
  );
  const hit = found.find((result) => result.ok);
  if (!hit) {
    jobEvent(context, order.id, 'no shipment carries the order reference; creating it', true);
    return undefined;
  }
  context.logger.warn(
    { event: 'shipment_recovered', orderId: order.id, trackingNumber: hit.trackingNumber },
    'Found the shipment of an interrupted create; not creating another',
  );
  jobEvent(
    context,
    order.id,
    'found the shipment created earlier; not creating another',
    true,
    hit.trackingNumber,
  );
  return hit.trackingNumber;
}

/** Adds a line to the order's timeline for a job attempt. */
export function jobEvent(
  context: ShopContext,
  orderId: string,
  title: string,
  ok: boolean,
  detail?: string,
): void {
  context.orders.addEvent({
    orderId,
    at: context.now(),
    kind: 'job',
    title,
    detail,
    ok,
    durationMs: undefined,
  });
}

/**
 * Job `ship-order`: FedEx rates, the cheapest service, the shipment and its
 * label. Each side effect is journalled, so a re-run (a retry, or a job whose
 * process was killed) does not ship twice once the shipment was recorded.
 */
export async function shipOrder(
  context: ShopContext,
  payload: OrderJob,
  job: JobContext<OrderJob>,
): Promise<void> {
  const order = context.orders.get(payload.orderId);
  if (!order) {
    context.logger.warn({ event: 'job_order_missing', orderId: payload.orderId }, 'No such order');
    return;
  }
  const attempt = `${job.job.attempts}/${job.job.maxAttempts}`;
  jobEvent(context, order.id, `job ship-order attempt ${attempt}`, true, job.job.id);
  const { fedex } = context.clients;
  try {
    const rate = await journalledStep<RateChoice>(context, order.id, 'fedex.rates', async () => {
      const result = await trackedCall(
        context,
        order.id,
        'fedex rates.quote',
        () =>
          fedex.rates.quote(
            {
              shipper: { address: WAREHOUSE.address },
              recipient: recipientOf(order),
              packages: packagesOf(order),
            },
            { signal: job.signal },
          ),
        (quotes) => `${quotes.quotes.length} services quoted`,
      );
      const best = cheapestQuote(result.quotes);
      if (!best?.totalNetCharge) throw new Error('FedEx quoted no service for this address.');
      return {
        serviceType: best.serviceType,
        amount: cents(best.totalNetCharge.amount),
        currency: best.totalNetCharge.currency,
      };
    });

    // Done as soon as FedEx answers: nothing after the answer may leave the step open.
    const shipment = await journalledStep<ShipmentRecord>(
      context,
      order.id,
      'fedex.shipment',
      async (run) => {
        if (run.interrupted) {
          const found = await findShipmentByReference(context, order, job.signal);
          // FedEx answered the lookup: from here a failure means what it says.
          run.uncertain = false;
          if (found) {
            return {
              trackingNumber: found,
              serviceType: rate.serviceType,
              labelBase64: undefined,
              recovered: true,
            };
          }
        }
        const created = await trackedCall(
          context,
          order.id,
          'fedex shipments.create',
          () =>
            fedex.shipments.create(
              {
                shipper: WAREHOUSE,
                recipients: [recipientOf(order)],
                packages: packagesOf(order),
                serviceType: rate.serviceType,
                labelResponse: 'LABEL',
                // The order id on every package: how a re-run finds this shipment again.
                customerReference: order.id,
              },
              { signal: job.signal, customerTransactionId: order.id },
            ),
          (result) => result.masterTrackingNumber,
        );
        const trackingNumber = created.masterTrackingNumber ?? created.packages[0]?.trackingNumber;
        if (!trackingNumber) {
          // FedEx answered 2xx: a shipment may exist; the re-run looks it up.
          run.uncertain = true;
          throw new Error('FedEx answered without a tracking number.');
        }
        return {
          trackingNumber,
          serviceType: created.serviceType ?? rate.serviceType,
          labelBase64: created.packages[0]?.label?.base64,
          recovered: false,
        };
      },
    );

    // The label is its own step: a failed write is retried without touching FedEx.
    await journalledStep<string | null>(context, order.id, 'label', async () => {
      if (!shipment.labelBase64) return null;
      const folder = join(context.config.dataDir, 'labels');
      mkdirSync(folder, { recursive: true });
      const file = join(folder, `${order.id}.pdf`);
      writeFileSync(file, Buffer.from(shipment.labelBase64, 'base64'));
      return file;
    });

    context.orders.update(
      order.id,
      {
        status: 'shipped',
        statusDetail: undefined,
        trackingNumber: shipment.trackingNumber,
        serviceType: shipment.serviceType,
        shippingAmount: rate.amount,
        shippedAt: order.shippedAt ?? context.now(),
      },
      context.now(),
    );
    await context.queue.enqueue(
      JOB_NAMES.syncCrm,
      { orderId: order.id },
      { jobId: `${JOB_NAMES.syncCrm}:${order.id}` },
    );
    jobEvent(context, order.id, 'job ship-order done', true, shipment.trackingNumber);
  } catch (error) {
    const last = job.job.attempts >= job.job.maxAttempts;
    jobEvent(
      context,
      order.id,
      last
        ? 'job ship-order failed (retry it on the jobs page)'
        : 'job ship-order attempt failed; will retry',
      false,
      describeError(error),
    );
    const unknown = context.orders.step(order.id, 'fedex.shipment');
    const detail =
      unknown?.state === 'failed' && unknown.outcomeUnknown
        ? `Shipping: outcome unknown, FedEx may have created the shipment (${describeError(error)}); the next attempt looks it up by the order reference before creating one`
        : `Shipping: ${describeError(error)}`;
    context.orders.update(order.id, { statusDetail: detail }, context.now());
    throw error;
  }
}
