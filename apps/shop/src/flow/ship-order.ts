import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobContext } from '@int/core';
import type { Carrier } from '../config.js';
import { JOB_NAMES, type ShopContext } from '../shop-context.js';
import type { Order } from '../store/order-types.js';
import {
  CARRIER_LABELS,
  type CarrierAdapter,
  type CreatedShipment,
  type LabelExtension,
  MissingTrackingNumberError,
} from './carrier.js';
import { fedexCarrier } from './fedex-carrier.js';
import { type RateChoice, shopRates } from './rate-shopping.js';
import { journalledStep } from './step-journal.js';
import { describeError } from './tracked-call.js';
import { upsCarrier } from './ups-carrier.js';

export interface OrderJob {
  orderId: string;
}

/** The journal step that rates every carrier and keeps the choice. */
export const RATES_STEP = 'shipping.rates';
/** The journal step of a carrier's shipment create: `fedex.shipment`, `ups.shipment`. */
export const shipmentStep = (carrier: Carrier) => `${carrier}.shipment`;

/** The shipment step's journalled result: what the carrier answered (or what the lookup found). */
export interface ShipmentRecord {
  carrier: Carrier;
  trackingNumber: string;
  serviceType: string;
  /** The label as the carrier sent it; absent for a shipment found by reference. */
  labelBase64: string | undefined;
  labelExtension: LabelExtension | undefined;
  /** Found by the order reference after an attempt whose answer was lost. */
  recovered: boolean;
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
 * A previous create may have reached the carrier without its answer reaching
 * us: asks for the shipments carrying the order id as reference and returns
 * the tracking number of the one found.
 */
async function findShipmentByReference(
  context: ShopContext,
  adapter: CarrierAdapter,
  order: Order,
  signal: AbortSignal,
): Promise<string | undefined> {
  const label = CARRIER_LABELS[adapter.carrier];
  jobEvent(
    context,
    order.id,
    `an earlier shipment create ended without an answer; looking it up at ${label} by the order reference`,
    false,
  );
  const found = await adapter.findByReference(order, signal);
  if (!found) {
    jobEvent(context, order.id, 'no shipment carries the order reference; creating it', true);
    return undefined;
  }
  context.logger.warn(
    {
      event: 'shipment_recovered',
      orderId: order.id,
      carrier: adapter.carrier,
      trackingNumber: found,
    },
    'Found the shipment of an interrupted create; not creating another',
  );
  jobEvent(
    context,
    order.id,
    'found the shipment created earlier; not creating another',
    true,
    found,
  );
  return found;
}

/**
 * The shipment with the chosen carrier, at most once: journalled `started`
 * before the call, and a re-run after a crash or an unknown outcome looks the
 * shipment up by the order reference before creating one.
 */
function createShipment(
  context: ShopContext,
  adapter: CarrierAdapter,
  order: Order,
  rate: RateChoice,
  signal: AbortSignal,
): Promise<ShipmentRecord> {
  // Done as soon as the carrier answers: nothing after the answer may leave the step open.
  return journalledStep<ShipmentRecord>(
    context,
    order.id,
    shipmentStep(adapter.carrier),
    async (run) => {
      if (run.interrupted) {
        const found = await findShipmentByReference(context, adapter, order, signal);
        // The carrier answered the lookup: from here a failure means what it says.
        run.uncertain = false;
        if (found) {
          return {
            carrier: adapter.carrier,
            trackingNumber: found,
            serviceType: rate.serviceType,
            labelBase64: undefined,
            labelExtension: undefined,
            recovered: true,
          };
        }
      }
      let created: CreatedShipment;
      try {
        created = await adapter.create(order, rate.serviceType, signal);
      } catch (error) {
        // A 2xx without a tracking number: a shipment may exist; the re-run looks it up.
        if (error instanceof MissingTrackingNumberError) run.uncertain = true;
        throw error;
      }
      return {
        carrier: adapter.carrier,
        trackingNumber: created.trackingNumber,
        serviceType: created.serviceType,
        labelBase64: created.label?.base64,
        labelExtension: created.label?.extension,
        recovered: false,
      };
    },
  );
}

/**
 * Job `ship-order`: rates from every carrier at once, the cheapest service
 * that meets the order's delivery option, the shipment with that carrier and
 * its label. Each side effect is journalled, so a re-run (a retry, or a job
 * whose process was killed) neither re-shops a decided rate nor ships twice.
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
  const adapters: Record<Carrier, CarrierAdapter> = {
    fedex: fedexCarrier(context),
    ups: upsCarrier(context),
  };
  let chosen: Carrier | undefined;
  try {
    const rate = await journalledStep<RateChoice>(context, order.id, RATES_STEP, async () => {
      const choice = await shopRates(
        context,
        order,
        context.config.carriers.map((carrier) => adapters[carrier]),
        job.signal,
      );
      const losing = choice.quotes.length - 1;
      jobEvent(
        context,
        order.id,
        `rate shopping: ${CARRIER_LABELS[choice.carrier]} ${choice.serviceName ?? choice.serviceType} is the cheapest ${order.deliveryOption} service`,
        true,
        `${(choice.amount / 100).toFixed(2)} ${choice.currency}; ${losing} other quote(s)${choice.failures.map((failure) => `; ${failure.carrier} left out: ${failure.error}`).join('')}`,
      );
      return choice;
    });
    chosen = rate.carrier;
    const shipment = await createShipment(context, adapters[rate.carrier], order, rate, job.signal);

    // The label is its own step: a failed write is retried without touching the carrier.
    await journalledStep<string | null>(context, order.id, 'label', async () => {
      if (!shipment.labelBase64 || !shipment.labelExtension) return null;
      const folder = join(context.config.dataDir, 'labels');
      mkdirSync(folder, { recursive: true });
      const file = join(folder, `${order.id}.${shipment.labelExtension}`);
      writeFileSync(file, Buffer.from(shipment.labelBase64, 'base64'));
      return file;
    });

    context.orders.update(
      order.id,
      {
        status: 'shipped',
        statusDetail: undefined,
        carrier: rate.carrier,
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
    const unknown = chosen ? context.orders.step(order.id, shipmentStep(chosen)) : undefined;
    const detail =
      chosen && unknown?.state === 'failed' && unknown.outcomeUnknown
        ? `Shipping: outcome unknown, ${CARRIER_LABELS[chosen]} may have created the shipment (${describeError(error)}); the next attempt looks it up by the order reference before creating one`
        : `Shipping: ${describeError(error)}`;
    context.orders.update(order.id, { statusDetail: detail }, context.now());
    throw error;
  }
}
