import type { ShopContext } from '../shop-context.js';
import { WAREHOUSE } from '../store/catalog.js';
import type { Order } from '../store/order-types.js';
import { type CarrierAdapter, type CarrierQuote, MissingTrackingNumberError } from './carrier.js';
import { trackedCall } from './tracked-call.js';

const cents = (amount: number) => Math.round(amount * 100);

export function fedexRecipientOf(order: Order) {
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

/** The parcel's weight in pounds, one decimal, at least 0.1. */
export function parcelPounds(order: Order): number {
  const pounds = order.items.reduce((sum, item) => sum + item.weightLb * item.quantity, 0);
  return Math.max(0.1, Math.round(pounds * 10) / 10);
}

const packagesOf = (order: Order) => [
  { weight: { units: 'LB' as const, value: parcelPounds(order) } },
];

/** FedEx: rates, ship with the order id as customer reference, track by that reference. */
export function fedexCarrier(context: ShopContext): CarrierAdapter {
  const fedex = () => context.clients.fedex;
  return {
    carrier: 'fedex',
    async quote(order, signal) {
      const result = await trackedCall(
        context,
        order.id,
        'fedex rates.quote',
        () =>
          fedex().rates.quote(
            {
              shipper: { address: WAREHOUSE.address },
              recipient: fedexRecipientOf(order),
              packages: packagesOf(order),
            },
            { signal },
          ),
        (quotes) => `${quotes.quotes.length} rates quoted`,
      );
      // One entry per service and rate type: the shop pays the lowest (its ACCOUNT rate).
      const byService = new Map<string, CarrierQuote>();
      for (const quote of result.quotes) {
        if (!quote.totalNetCharge) continue;
        const amount = cents(quote.totalNetCharge.amount);
        const known = byService.get(quote.serviceType);
        if (known && known.amount <= amount) continue;
        byService.set(quote.serviceType, {
          carrier: 'fedex',
          serviceType: quote.serviceType,
          serviceName: quote.serviceName,
          amount,
          currency: quote.totalNetCharge.currency,
        });
      }
      return [...byService.values()];
    },
    async create(order, serviceType, signal) {
      const created = await trackedCall(
        context,
        order.id,
        'fedex shipments.create',
        () =>
          fedex().shipments.create(
            {
              shipper: WAREHOUSE,
              recipients: [fedexRecipientOf(order)],
              packages: packagesOf(order),
              serviceType,
              labelResponse: 'LABEL',
              // The order id on every package: how a re-run finds this shipment again.
              customerReference: order.id,
            },
            { signal, customerTransactionId: order.id },
          ),
        (result) => result.masterTrackingNumber,
      );
      const trackingNumber = created.masterTrackingNumber ?? created.packages[0]?.trackingNumber;
      if (!trackingNumber)
        throw new MissingTrackingNumberError('FedEx answered without a tracking number.');
      const label = created.packages[0]?.label?.base64;
      return {
        trackingNumber,
        serviceType: created.serviceType ?? serviceType,
        label: label ? { base64: label, extension: 'pdf' } : undefined,
      };
    },
    async findByReference(order, signal) {
      const found = await trackedCall(
        context,
        order.id,
        'fedex tracking.byReference',
        () => fedex().tracking.byReference({ value: order.id }, { signal }),
        (results) => `${results.filter((result) => result.ok).length} package(s) found`,
      );
      return found.find((result) => result.ok)?.trackingNumber;
    },
  };
}
