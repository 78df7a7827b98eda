import type { Carrier } from '../config.js';
import type { Order } from '../store/order-types.js';

/** One service's price from one carrier, in minor units. */
export interface CarrierQuote {
  carrier: Carrier;
  /** The carrier's service code (`FEDEX_GROUND`, UPS `03`). */
  serviceType: string;
  serviceName: string | undefined;
  amount: number;
  currency: string;
}

export type LabelExtension = 'pdf' | 'gif' | 'png' | 'zpl';

/** A 2xx without a tracking number: a shipment may exist, so a re-run looks it up first. */
export class MissingTrackingNumberError extends Error {
  override name = 'MissingTrackingNumberError';
}

/** What a carrier answered to a shipment create (or what a lookup by reference found). */
export interface CreatedShipment {
  trackingNumber: string;
  serviceType: string;
  /** The label as the carrier sent it; absent for a shipment found by reference. */
  label: { base64: string; extension: LabelExtension } | undefined;
}

/**
 * What ship-order needs from a carrier; `fedex-carrier.ts` and `ups-carrier.ts`
 * speak each one's API. Every call writes itself on the order's timeline.
 */
export interface CarrierAdapter {
  carrier: Carrier;
  /** Every service the carrier offers for the order's parcel, cheapest rate per service. */
  quote(order: Order, signal: AbortSignal): Promise<CarrierQuote[]>;
  /** Never retried by the client: the caller journals it and looks it up before a re-run. */
  create(order: Order, serviceType: string, signal: AbortSignal): Promise<CreatedShipment>;
  /** The tracking number of a shipment carrying the order id as its reference, if one exists. */
  findByReference(order: Order, signal: AbortSignal): Promise<string | undefined>;
}

export const CARRIER_LABELS: Readonly<Record<Carrier, string>> = { fedex: 'FedEx', ups: 'UPS' };
