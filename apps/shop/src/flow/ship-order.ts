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

interface ShipmentRecord {
  trackingNumber: string;
  serviceType: string;
  labelFile: string | undefined;
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

    const shipment = await journalledStep<ShipmentRecord>(
      context,
      order.id,
      'fedex.shipment',
      async ({ interrupted }) => {
        if (interrupted) {
          // @int/fedex has no lookup of a shipment by our reference, so the
          // create is repeated; see the README ("the one residual window").
          jobEvent(
            context,
            order.id,
            'shipment create was interrupted earlier; creating it again',
            false,
            'FedEx offers no lookup by order reference through @int/fedex',
          );
          context.logger.warn(
            { event: 'shipment_step_interrupted', orderId: order.id },
            'A previous attempt stopped during shipments.create',
          );
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
              },
              { signal: job.signal, customerTransactionId: order.id },
            ),
          (result) => result.masterTrackingNumber,
        );
        const trackingNumber = created.masterTrackingNumber ?? created.packages[0]?.trackingNumber;
        if (!trackingNumber) throw new Error('FedEx answered without a tracking number.');
        const label = created.packages[0]?.label;
        let labelFile: string | undefined;
        if (label?.base64) {
          const folder = join(context.config.dataDir, 'labels');
          mkdirSync(folder, { recursive: true });
          labelFile = join(folder, `${order.id}.pdf`);
          writeFileSync(labelFile, Buffer.from(label.base64, 'base64'));
        }
        return { trackingNumber, serviceType: created.serviceType ?? rate.serviceType, labelFile };
      },
    );

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
    context.orders.update(
      order.id,
      { statusDetail: `Shipping: ${describeError(error)}` },
      context.now(),
    );
    throw error;
  }
}
