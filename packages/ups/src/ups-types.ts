import type {
  ApiError,
  RequestOptions as CoreRequestOptions,
  ProviderClient,
  ProviderOptions,
  TokenStore,
} from '@int/core';

/** `test` is UPS's Customer Integration Environment (wwwcie.ups.com). */
export type UPSEnvironment = 'test' | 'production';

/** Core's `ProviderOptions` (`baseURL`, `timeoutMs`, `retry`, `logger`, `clock`, ...) plus UPS's own. */
export interface UPSOptions extends ProviderOptions {
  /** Client ID of your UPS developer-portal app. Default: `UPS_CLIENT_ID`, read at the first call. */
  clientId?: string | undefined;
  /** Client secret of the app. Default: `UPS_CLIENT_SECRET`, read at the first call. */
  clientSecret?: string | undefined;
  /** Your six-character UPS account (shipper) number. Default: `UPS_ACCOUNT_NUMBER`, read at the first call. */
  accountNumber?: string | undefined;
  /** `test` (default, https://wwwcie.ups.com) or `production` (https://onlinetools.ups.com). */
  environment?: UPSEnvironment | undefined;
  /** Where access tokens are kept: core's `TokenStore`. Default: in memory. */
  tokenStore?: TokenStore | undefined;
  /** Sent as `transactionSrc` on every call: the name of your application. Default `int-ups`. */
  transactionSrc?: string | undefined;
  /** `locale` of tracking answers (their descriptions). Default `en_US`. */
  locale?: string | undefined;
  /** Tracking requests in flight at once for one `track()` call. Default 4. */
  trackingConcurrency?: number | undefined;
}

/** The last argument of every UPS method: core's per-call options plus UPS's `transId`. */
export interface RequestOptions extends CoreRequestOptions {
  /** Sent as `transId` (at most 32 characters), the same on every retry. Default: 32 random hex digits per call. */
  transId?: string | undefined;
}

export interface TrackOptions extends RequestOptions {
  /** Requests in flight at once (one number per request). Default: the client's `trackingConcurrency`. */
  concurrency?: number | undefined;
}

export interface AddressValidateOptions extends RequestOptions {
  /** `maximumcandidatelistsize`, 0 to 50. Default: UPS's (15). */
  maximumCandidates?: number | undefined;
}

/** UPS's service codes (Rating and Shipping specs). */
export type UPSServiceCode =
  | '01'
  | '02'
  | '03'
  | '07'
  | '08'
  | '11'
  | '12'
  | '13'
  | '14'
  | '17'
  | '54'
  | '59'
  | '65'
  | '70'
  | '71'
  | '72'
  | '74'
  | '75'
  | '82'
  | '83'
  | '84'
  | '85'
  | '86'
  | '96'
  | 'M2'
  | 'M3'
  | 'M4'
  | 'M5'
  | 'M6'
  | 'M7'
  | 'C6'
  | 'C7'
  | 'C8'
  | 'T0'
  | 'T1';

export type WeightUnit = 'LBS' | 'KGS' | 'OZS';
export type DimensionUnit = 'IN' | 'CM';
export type LabelFormat = 'GIF' | 'PNG' | 'ZPL';

export interface Address {
  /** One to three lines of at most 35 characters. */
  addressLines: string[];
  /** Required for shipments. */
  city?: string | undefined;
  /** Two characters for rates; up to five for shipments. */
  stateProvinceCode?: string | undefined;
  /** At most nine characters. */
  postalCode?: string | undefined;
  /** ISO 3166-1 alpha-2, upper case. */
  countryCode: string;
}

export interface Party {
  /** Required for shipments; at most 35 characters. */
  name?: string | undefined;
  attentionName?: string | undefined;
  /** Shipments only; at most 15 characters. */
  phone?: string | undefined;
  address: Address;
  /** Ship-to only: sent as `ResidentialAddressIndicator`. */
  residential?: boolean | undefined;
}

export interface PackageInput {
  /** A positive number written in at most 5 characters (`150`, `2.5`). */
  weight: { value: number; unit: WeightUnit };
  /** Each side a positive number written in at most 3 characters (`10`, `9.5`). */
  dimensions?: { length: number; width: number; height: number; unit: DimensionUnit } | undefined;
  /** UPS packaging code. Default `02` (customer supplied package). */
  packagingType?: string | undefined;
}

export interface RateQuoteInput {
  shipper: Party;
  shipTo: Party;
  shipFrom?: Party | undefined;
  packages: PackageInput[];
  /** Rate this service (`/Rate`); leave it out to shop every service (`/Shop`). */
  service?: UPSServiceCode | undefined;
  /** Ask for the account's negotiated rates. Default true. */
  negotiatedRates?: boolean | undefined;
}

/** An exact amount: UPS's decimal string and the same in the currency's minor units. */
export interface Money {
  /** As UPS sent it, e.g. `12.34`. */
  value: string;
  currency: string;
  /** `1234` for 12.34 USD; 0 decimals for JPY, 3 for KWD. */
  minorUnits: number;
}

export interface UPSAlert {
  code: string;
  description: string | undefined;
}

export interface RateQuote {
  service: string;
  /** From this package's service table; undefined for a code it does not know. */
  serviceName: string | undefined;
  /** Published `TotalCharges`. */
  total: Money | undefined;
  /** `NegotiatedRateCharges.TotalCharge`; absent when the shipment does not qualify. */
  negotiatedTotal: Money | undefined;
  /** What the account pays: the negotiated total when there is one, else the published one. */
  charge: Money | undefined;
  transportation: Money | undefined;
  serviceOptions: Money | undefined;
  alerts: UPSAlert[];
}

export interface RateQuoteResult {
  quotes: RateQuote[];
  alerts: UPSAlert[];
  raw: unknown;
}

export interface ShipmentCreateInput {
  shipper: Party;
  shipTo: Party;
  shipFrom?: Party | undefined;
  service: UPSServiceCode;
  packages: PackageInput[];
  /**
   * Your own id for this shipment (an order id), at most 35 characters, sent
   * on every package as `ReferenceNumber.Value`: how `tracking.byReference`
   * finds a shipment whose answer was lost.
   */
  reference?: string | undefined;
  /** At most 50 characters. */
  description?: string | undefined;
  /** Default `GIF`. */
  labelFormat?: LabelFormat | undefined;
  /** `Request.RequestOption`: `nonvalidate` (default, postal code/state) or `validate` (city too). */
  addressValidation?: 'nonvalidate' | 'validate' | undefined;
  /** Ask for the account's negotiated rates. Default true. */
  negotiatedRates?: boolean | undefined;
}

export interface ShipmentLabel {
  format: string;
  /** MIME type of the decoded label (`image/gif`, `image/png`, `application/x-zpl`). */
  contentType: string;
  base64: string;
}

export interface ShipmentPackage {
  trackingNumber: string;
  label: ShipmentLabel | undefined;
}

export interface ShipmentCreateResult {
  /** `ShipmentIdentificationNumber`: what `shipments.void` takes. */
  shipmentId: string;
  packages: ShipmentPackage[];
  total: Money | undefined;
  negotiatedTotal: Money | undefined;
  alerts: UPSAlert[];
  raw: unknown;
}

export interface ShipmentVoidInput {
  /** The 18-character `1Z...` shipment identification number. */
  shipmentId: string;
  /** Void these packages only (at most 20). Default: the whole shipment. */
  trackingNumbers?: string[] | undefined;
}

export interface UPSStatus {
  code: string | undefined;
  description: string | undefined;
}

export interface ShipmentVoidResult {
  /** UPS's summary status code `1`: voided, or voided before. */
  voided: boolean;
  status: UPSStatus;
  packages: Array<{ trackingNumber: string; voided: boolean; status: UPSStatus }>;
  raw: unknown;
}

export interface TrackingEvent extends UPSStatus {
  /** `YYYYMMDD`, local to the scan. */
  date: string | undefined;
  /** `HHMMSS`. */
  time: string | undefined;
  type: string | undefined;
  location: Partial<Record<'city' | 'stateProvince' | 'countryCode' | 'postalCode', string>>;
}

export type TrackingResult =
  | {
      trackingNumber: string;
      ok: true;
      status: (UPSStatus & { type: string | undefined }) | undefined;
      /** Newest first, as UPS lists them. */
      events: TrackingEvent[];
      deliveryDate: string | undefined;
      raw: unknown;
    }
  | {
      trackingNumber: string;
      ok: false;
      /** UPS's warning (`TW0001` Tracking Information Not Found) or a 404's code. */
      error: { code: string; message: string | undefined };
      raw: unknown;
    };

export type AddressClassificationCode = '0' | '1' | '2';

export interface AddressCandidate {
  address: Address;
  classification: UPSStatus | undefined;
}

export interface AddressValidationResult {
  /** Which of UPS's indicators the answer carried. */
  match: 'valid' | 'ambiguous' | 'none';
  /** `0` unclassified, `1` commercial, `2` residential. */
  classification: UPSStatus | undefined;
  candidates: AddressCandidate[];
  alerts: UPSAlert[];
  raw: unknown;
}

export interface UPS {
  rates: Rates;
  shipments: Shipments;
  tracking: Tracking;
  addresses: Addresses;
}

export interface Rates {
  /** `POST /api/rating/v2409/Rate` with a `service`, else `/Shop`. Safe to retry (a read). */
  quote(input: RateQuoteInput, options?: RequestOptions): Promise<RateQuoteResult>;
}

export interface Shipments {
  /**
   * `POST /api/shipments/v2409/ship`. Never retried automatically: a repeat
   * can ship and bill twice. After a failure whose outcome is unknown, look it
   * up with `tracking.byReference(reference)` before creating it again.
   */
  create(input: ShipmentCreateInput, options?: RequestOptions): Promise<ShipmentCreateResult>;
  /** `DELETE /api/shipments/v2409/void/cancel/{id}`. Safe to retry. */
  void(input: ShipmentVoidInput, options?: RequestOptions): Promise<ShipmentVoidResult>;
}

export interface Tracking {
  /** `GET /api/track/v1/details/{number}`, one number per request, bounded concurrency; results in input order. */
  track(trackingNumbers: string[], options?: TrackOptions): Promise<TrackingResult[]>;
  /**
   * `GET /api/track/v1/reference/details/{reference}` for this account's
   * shipments picked up in the last 14 days: one result per package found,
   * `[]` when none.
   */
  byReference(reference: string, options?: RequestOptions): Promise<TrackingResult[]>;
}

export interface Addresses {
  /** `POST /api/addressvalidation/v2/3` (validation and classification), US and Puerto Rico. */
  validate(address: Address, options?: AddressValidateOptions): Promise<AddressValidationResult>;
}

/** What every UPS resource is built from. */
export interface UPSContext {
  client: ProviderClient<RequestOptions>;
  /** `UPS_ACCOUNT_NUMBER` unless given, read (and checked) at the first call that needs it. */
  accountNumber: () => string;
  locale: string;
  trackingConcurrency: number;
}

/** One entry of UPS's `response.errors[]`. */
export interface UPSErrorItem {
  code: string;
  message: string | undefined;
  [key: string]: unknown;
}

/** What `error.details` holds for a UPS answer (through core's `errorDetails` hook). */
export interface UPSErrorDetails {
  errors: UPSErrorItem[];
  [key: string]: unknown;
}

/** An `ApiError` of this package, with UPS's `response.errors[]` on `details`. */
export type UPSApiError = ApiError & { details: UPSErrorDetails };
