import type { ProviderClient } from '@int/core';
import type { RequestOptions } from './fedex-option-types.js';
import type {
  Address,
  AddressValidationResponse,
  RateQuoteInput,
  RateQuoteResult,
  ShipmentCancelInput,
  ShipmentCancelResult,
  ShipmentCreateInput,
  ShipmentCreateResult,
  TrackByReferenceInput,
  TrackingResult,
  TrackOptions,
} from './types.js';

export interface FedEx {
  rates: Rates;
  shipments: Shipments;
  tracking: Tracking;
  addresses: Addresses;
}

export interface Rates {
  /** `POST /rate/v1/rates/quotes`. Safe to retry (a read). */
  quote(input: RateQuoteInput, options?: RequestOptions): Promise<RateQuoteResult>;
}

export interface Shipments {
  /**
   * `POST /ship/v1/shipments`. Never retried automatically: a repeat can ship
   * and charge twice. Look a shipment whose answer was lost up with
   * `tracking.byReference` (send a `customerReference`) before trying again.
   */
  create(input: ShipmentCreateInput, options?: RequestOptions): Promise<ShipmentCreateResult>;
  /** `PUT /ship/v1/shipments/cancel`. Safe to retry. */
  cancel(input: ShipmentCancelInput, options?: RequestOptions): Promise<ShipmentCancelResult>;
}

export interface Tracking {
  /**
   * `POST /track/v1/trackingnumbers` in chunks of 30 with bounded concurrency.
   * Unknown numbers come back as `ok: false` results (FedEx reports them inside a 200).
   */
  track(trackingNumbers: string[], options?: TrackOptions): Promise<TrackingResult[]>;
  /**
   * `POST /track/v1/referencenumbers`: the shipments of this account that
   * carry `value` as a reference, one result per package FedEx found. An empty
   * array when FedEx finds none (it says so inside a 200). Safe to retry.
   */
  byReference(
    input: TrackByReferenceInput,
    options?: Omit<TrackOptions, 'concurrency'>,
  ): Promise<TrackingResult[]>;
}

export interface Addresses {
  /** `POST /address/v1/addresses/resolve`. Safe to retry (a read). */
  validate(addresses: Address[], options?: RequestOptions): Promise<AddressValidationResponse>;
}

/** What every FedEx resource is built from. */
export interface FedExContext {
  client: ProviderClient<RequestOptions>;
  /** `FEDEX_ACCOUNT_NUMBER` unless given, read at the first call that needs it. */
  accountNumber: () => string;
  trackingConcurrency: number;
}
