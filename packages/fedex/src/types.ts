/** Shared shapes of the FedEx REST payloads this package builds and reads. */

export interface Money {
  amount: number;
  currency: string;
}

/** A non-fatal notice FedEx returns beside a successful answer. */
export interface FedExAlert {
  code: string;
  alertType?: 'NOTE' | 'WARNING' | string;
  message?: string;
  [key: string]: unknown;
}

/** One entry of FedEx's `errors[]`. */
export interface FedExErrorItem {
  code: string;
  message?: string;
  parameterList?: Array<{ key: string; value: string }>;
  [key: string]: unknown;
}

export interface Address {
  /** Street lines, at most 3 (FedEx reads the first three). */
  streetLines?: string[] | undefined;
  city?: string | undefined;
  /** Two-letter state or province code, required for US and CA by FedEx. */
  stateOrProvinceCode?: string | undefined;
  /** Required where the country uses postal codes. */
  postalCode?: string | undefined;
  /** ISO 3166-1 alpha-2, upper case. */
  countryCode: string;
}

export interface Party {
  address: Address;
  /** Marks a residential delivery address (FedEx's `address.residential`). */
  residential?: boolean | undefined;
}

/** A shipping party: address plus the contact FedEx prints on the label. */
export interface ShipParty extends Party {
  contact: {
    personName?: string | undefined;
    companyName?: string | undefined;
    phoneNumber: string;
    emailAddress?: string | undefined;
  };
}

export interface Weight {
  units: 'LB' | 'KG';
  value: number;
}

export interface Dimensions {
  length: number;
  width: number;
  height: number;
  units: 'IN' | 'CM';
}

export interface PackageInput {
  weight: Weight;
  dimensions?: Dimensions | undefined;
}

export type PickupType =
  | 'DROPOFF_AT_FEDEX_LOCATION'
  | 'CONTACT_FEDEX_TO_SCHEDULE'
  | 'USE_SCHEDULED_PICKUP';

/** Options every operation takes. */
export interface CallOptions {
  /** Sent as `x-customer-transaction-id`. Default: a new UUID per call. */
  customerTransactionId?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Per-attempt timeout for this call. */
  timeoutMs?: number | undefined;
}
