import type { Party, UPSServiceCode } from '@int/ups';
import type { ShopContext } from '../shop-context.js';
import { WAREHOUSE } from '../store/catalog.js';
import type { Order } from '../store/order-types.js';
import { type CarrierAdapter, type CarrierQuote, MissingTrackingNumberError } from './carrier.js';
import { parcelPounds } from './fedex-carrier.js';
import { trackedCall } from './tracked-call.js';

// UPS's schema limits: names 35, address lines 35, city 30, postal code 9, phone 15.
const cut = (value: string, max: number) => value.slice(0, max);

const SHIPPER: Party = {
  name: cut(WAREHOUSE.contact.companyName ?? 'Int Shop', 35),
  attentionName: cut(WAREHOUSE.contact.personName ?? 'Int Shop Warehouse', 35),
  phone: cut(WAREHOUSE.contact.phoneNumber, 15),
  address: {
    addressLines: (WAREHOUSE.address.streetLines ?? []).map((line) => cut(line, 35)),
    city: WAREHOUSE.address.city,
    stateProvinceCode: WAREHOUSE.address.stateOrProvinceCode,
    postalCode: WAREHOUSE.address.postalCode,
    countryCode: WAREHOUSE.address.countryCode,
  },
};

function shipToOf(order: Order): Party {
  const { address } = order;
  return {
    name: cut(address.name, 35),
    phone: cut(address.phone.replace(/[^0-9]/g, ''), 15),
    address: {
      addressLines: [cut(address.street, 35)],
      city: cut(address.city, 30),
      ...(address.state ? { stateProvinceCode: cut(address.state, 5) } : {}),
      postalCode: cut(address.postalCode.replace(/[^0-9A-Za-z]/g, ''), 9),
      countryCode: address.country,
    },
  };
}

const packagesOf = (order: Order) => [
  { weight: { value: parcelPounds(order), unit: 'LBS' as const } },
];

/** UPS: rate shopping (`/Shop`), ship with the order id as package reference, track by that reference. */
export function upsCarrier(context: ShopContext): CarrierAdapter {
  const ups = () => context.clients.ups;
  return {
    carrier: 'ups',
    async quote(order, signal) {
      const result = await trackedCall(
        context,
        order.id,
        'ups rates.quote',
        () =>
          ups().rates.quote(
            { shipper: SHIPPER, shipTo: shipToOf(order), packages: packagesOf(order) },
            { signal },
          ),
        (quotes) => `${quotes.quotes.length} services quoted`,
      );
      const quotes: CarrierQuote[] = [];
      for (const quote of result.quotes) {
        // What the account pays: the negotiated total when UPS gave one.
        if (!quote.charge) continue;
        quotes.push({
          carrier: 'ups',
          serviceType: quote.service,
          serviceName: quote.serviceName,
          amount: quote.charge.minorUnits,
          currency: quote.charge.currency,
        });
      }
      return quotes;
    },
    async create(order, serviceType, signal) {
      const created = await trackedCall(
        context,
        order.id,
        'ups shipments.create',
        () =>
          ups().shipments.create(
            {
              shipper: SHIPPER,
              shipTo: shipToOf(order),
              packages: packagesOf(order),
              service: serviceType as UPSServiceCode,
              // The order id on every package: how a re-run finds this shipment again.
              reference: order.id,
              labelFormat: 'GIF',
            },
            { signal, transId: order.id.slice(0, 32) },
          ),
        (result) => result.shipmentId,
      );
      const first = created.packages[0];
      if (!first?.trackingNumber)
        throw new MissingTrackingNumberError('UPS answered without a tracking number.');
      return {
        trackingNumber: first.trackingNumber,
        serviceType,
        label: first.label ? { base64: first.label.base64, extension: 'gif' } : undefined,
      };
    },
    async findByReference(order, signal) {
      const found = await trackedCall(
        context,
        order.id,
        'ups tracking.byReference',
        () => ups().tracking.byReference(order.id, { signal }),
        (results) => `${results.filter((result) => result.ok).length} package(s) found`,
      );
      return found.find((result) => result.ok)?.trackingNumber;
    },
  };
}
