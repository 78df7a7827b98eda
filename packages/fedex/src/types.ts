/** Shapes of the inputs and results of the FedEx operations, and of the payload parts they share. */
import type { ApiError, ProviderErrorDetails } from '@int/core';
import type { RequestOptions } from './fedex-option-types.js';

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

export interface RateQuoteInput {
  shipper: Party;
  recipient: Party;
  packages: PackageInput[];
  /** One service (`FEDEX_GROUND`, `PRIORITY_OVERNIGHT`, ...). Default: every available service. */
  serviceType?: string | undefined;
  /** Default `DROPOFF_AT_FEDEX_LOCATION`. */
  pickupType?: PickupType | undefined;
  /** Default `YOUR_PACKAGING`. */
  packagingType?: string | undefined;
  /** Sent as `shipDateStamp` (`YYYY-MM-DD`). Default: FedEx's (today). */
  shipDate?: string | Date | undefined;
  /** Sent as `rateRequestType`. Default `['ACCOUNT', 'LIST']`. */
  rateRequestTypes?: string[] | undefined;
  /** Sent as `rateRequestControlParameters.returnTransitTimes`. Default: not sent. */
  returnTransitTimes?: boolean | undefined;
}

export interface RateQuote {
  serviceType: string;
  serviceName: string | undefined;
  packagingType: string | undefined;
  /** `ACCOUNT`, `LIST`, `PREFERRED_INCENTIVE`, ... */
  rateType: string | undefined;
  totalNetCharge: Money | undefined;
  totalBaseCharge: Money | undefined;
  /** As FedEx gives it (date or date-time), when known. */
  deliveryDate: string | undefined;
  transitDays: number | undefined;
}

export interface RateQuoteResult {
  /** One entry per service and rate type. */
  quotes: RateQuote[];
  alerts: FedExAlert[];
  transactionId: string | undefined;
  /** FedEx's response body, untouched. */
  raw: unknown;
}

export type LabelImageType = 'PDF' | 'PNG' | 'ZPLII' | 'EPL2';

export type PaymentType = 'SENDER' | 'RECIPIENT' | 'THIRD_PARTY' | 'COLLECT';

export interface ShipmentCreateInput {
  shipper: ShipParty;
  /** At least one; FedEx ships to the first. */
  recipients: ShipParty[];
  packages: PackageInput[];
  /** e.g. `FEDEX_GROUND`, `PRIORITY_OVERNIGHT`. Required. */
  serviceType: string;
  /** Default `YOUR_PACKAGING`. */
  packagingType?: string | undefined;
  /** Default `DROPOFF_AT_FEDEX_LOCATION`. */
  pickupType?: PickupType | undefined;
  /** Default `{ imageType: 'PDF', stockType: 'PAPER_4X6' }`. */
  label?: { imageType?: LabelImageType | undefined; stockType?: string | undefined } | undefined;
  /** `LABEL` (default): base64 in the answer; `URL_ONLY`: a link to fetch it. */
  labelResponse?: 'URL_ONLY' | 'LABEL' | undefined;
  /** Default `{ paymentType: 'SENDER' }` billed to the client's account number. */
  payment?: { paymentType: PaymentType; accountNumber?: string | undefined } | undefined;
  /** Sent as `shipDatestamp` (`YYYY-MM-DD`). Default: FedEx's (today). */
  shipDate?: string | Date | undefined;
  /**
   * Your own reference (an order id), sent as a `CUSTOMER_REFERENCE` on every
   * package. At most 30 characters (FedEx Ground's limit). With it a shipment
   * whose answer was lost can be found again with `tracking.byReference`.
   */
  customerReference?: string | undefined;
}

export interface ShipmentLabel {
  /** With `labelResponse: 'URL_ONLY'`. */
  url?: string | undefined;
  /** With `labelResponse: 'LABEL'`. */
  base64?: string | undefined;
  /** MIME type from the document type (`application/pdf`, `image/png`, ...). */
  contentType: string;
  /** FedEx's `docType` (`PDF`, `PNG`, `ZPLII`, `EPL2`). */
  docType: string | undefined;
}

export interface ShipmentPackage {
  trackingNumber: string;
  label: ShipmentLabel | undefined;
}

export interface ShipmentCreateResult {
  masterTrackingNumber: string | undefined;
  serviceType: string | undefined;
  packages: ShipmentPackage[];
  /** Sum of the pieces' net charges, when FedEx rated them. */
  netCharge: Money | undefined;
  alerts: FedExAlert[];
  transactionId: string | undefined;
  /** Set when FedEx processed the shipment asynchronously. */
  jobId: string | undefined;
  raw: unknown;
}

export interface ShipmentCancelInput {
  trackingNumber: string;
  /** ISO 3166-1 alpha-2 of the shipper. */
  senderCountryCode?: string | undefined;
  /** Default `DELETE_ALL_PACKAGES`. */
  deletionControl?: string | undefined;
}

export interface ShipmentCancelResult {
  cancelled: boolean;
  message: string | undefined;
  alerts: FedExAlert[];
  transactionId: string | undefined;
  raw: unknown;
}

export interface TrackingEvent {
  date: string | undefined;
  eventType: string | undefined;
  eventDescription: string | undefined;
  derivedStatusCode: string | undefined;
  location:
    | {
        city?: string | undefined;
        stateOrProvinceCode?: string | undefined;
        postalCode?: string | undefined;
        countryCode?: string | undefined;
      }
    | undefined;
  [key: string]: unknown;
}

export interface TrackingStatus {
  code: string | undefined;
  derivedCode: string | undefined;
  description: string | undefined;
}

export type TrackingResult =
  | {
      trackingNumber: string;
      ok: true;
      status: TrackingStatus;
      events: TrackingEvent[];
      /** End (or start) of FedEx's estimated delivery window, or its `ESTIMATED_DELIVERY` date. */
      estimatedDelivery: string | undefined;
      /** FedEx's `transactionId` of the request that carried this number. */
      transactionId?: string | undefined;
      raw: unknown;
    }
  | {
      trackingNumber: string;
      ok: false;
      error: { code: string; message: string | undefined };
      transactionId?: string | undefined;
      raw: unknown;
    };

export interface TrackOptions extends RequestOptions {
  /** Default `true` for `track`, `false` for `byReference`: every scan event, not only the latest status. */
  includeDetailedScans?: boolean | undefined;
  /** Requests in flight at once. Default: the client's `trackingConcurrency` (3). */
  concurrency?: number | undefined;
  /** For `track`, the prefix of each chunk's `x-customer-transaction-id` (`<prefix>-<chunk>`). Default: a UUID per chunk. */
  customerTransactionId?: string | undefined;
}

/** FedEx's reference types for `POST /track/v1/referencenumbers`. */
export type TrackReferenceType =
  | 'CUSTOMER_REFERENCE'
  | 'BILL_OF_LADING'
  | 'DEPARTMENT'
  | 'INVOICE'
  | 'PURCHASE_ORDER'
  | 'RETURN_MATERIALS_AUTHORIZATION';

export interface TrackByReferenceInput {
  /** The reference as sent at ship time, e.g. `shipments.create({ customerReference })`. */
  value: string;
  /** Default `CUSTOMER_REFERENCE`. */
  type?: TrackReferenceType | undefined;
  /** `YYYY-MM-DD`; without both, FedEx searches the last 30 days up to tomorrow. */
  shipDateBegin?: string | undefined;
  shipDateEnd?: string | undefined;
}

export type AddressClassification = 'BUSINESS' | 'RESIDENTIAL' | 'MIXED' | 'UNKNOWN';

export interface AddressValidationResult {
  /** FedEx's `attributes.Resolved`. */
  resolved: boolean;
  /** The standardized address FedEx returned. */
  address: Address;
  classification: AddressClassification;
  /** FedEx's `customerMessage[]` for this address (`INVALID.SUITE.NUMBER`, ...). */
  alerts: FedExAlert[];
  raw: unknown;
}

export interface AddressValidationResponse {
  /** One per input address, in input order. */
  addresses: AddressValidationResult[];
  /** Alerts about the whole request. */
  alerts: FedExAlert[];
  transactionId: string | undefined;
  raw: unknown;
}

/**
 * What FedEx adds on `error.details` of every `ApiError` this package throws
 * (beside core's `message`, `code`, `requestId`); a field FedEx did not send is absent.
 */
export type FedExErrorDetails = {
  /** FedEx's own id of the transaction (`transactionId` in every body; also the error's `requestId`). */
  readonly transactionId?: string | undefined;
  /** The `x-customer-transaction-id` of the call, as FedEx echoes it. */
  readonly customerTransactionId?: string | undefined;
  /** FedEx's `errors[]`, from the body with every known secret scrubbed. */
  readonly errors: ReadonlyArray<FedExErrorItem>;
};

/** A core `ApiError` (or subclass) carrying FedEx's details. */
export type FedExApiError = ApiError & {
  readonly details: FedExErrorDetails & ProviderErrorDetails;
};
