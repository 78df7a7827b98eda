export {
  type AddressClassification,
  type Addresses,
  type AddressValidationResponse,
  type AddressValidationResult,
  MAX_ADDRESSES,
} from './addresses.js';
export {
  defaultTokenGuard,
  type FedExGrantType,
  type TokenRequestGuard,
} from './fedex-auth.js';
export { createFedEx, type FedEx } from './fedex-client.js';
export {
  type FedExApiError,
  type FedExErrorFields,
  isFedExApiError,
  nextMidnightUtc,
} from './fedex-errors.js';
export {
  FEDEX_BASE_URLS,
  type FedExEnvironment,
  type FedExOptions,
} from './fedex-options.js';
export type {
  RateQuote,
  RateQuoteInput,
  RateQuoteResult,
  Rates,
} from './rates.js';
export type {
  LabelImageType,
  PaymentType,
  ShipmentCancelInput,
  ShipmentCancelResult,
  ShipmentCreateInput,
  ShipmentCreateResult,
  ShipmentLabel,
  ShipmentPackage,
  Shipments,
} from './shipments.js';
export {
  REFERENCE_NOT_FOUND_CODES,
  TRACKING_CHUNK_SIZE,
  type TrackByReferenceInput,
  type Tracking,
  type TrackingEvent,
  type TrackingResult,
  type TrackingStatus,
  type TrackOptions,
  type TrackReferenceType,
} from './tracking.js';
export type {
  Address,
  CallOptions,
  Dimensions,
  FedExAlert,
  FedExErrorItem,
  Money,
  PackageInput,
  Party,
  PickupType,
  ShipParty,
  Weight,
} from './types.js';
export { VERSION } from './version.js';
