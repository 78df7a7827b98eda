export { MAX_ADDRESSES } from './addresses.js';
export { defaultTokenGuard } from './fedex-auth.js';
export { createFedEx, FEDEX_BASE_URLS } from './fedex-client.js';
export type { Addresses, FedEx, Rates, Shipments, Tracking } from './fedex-client-types.js';
export { isFedExApiError } from './fedex-errors.js';
export type {
  FedExEnvironment,
  FedExGrantType,
  FedExOptions,
  RequestOptions,
  TokenRequestGuard,
} from './fedex-option-types.js';
export { REFERENCE_NOT_FOUND_CODES, TRACKING_CHUNK_SIZE } from './tracking.js';
export type {
  Address,
  AddressClassification,
  AddressValidationResponse,
  AddressValidationResult,
  Dimensions,
  FedExAlert,
  FedExApiError,
  FedExErrorDetails,
  FedExErrorItem,
  LabelImageType,
  Money,
  PackageInput,
  Party,
  PaymentType,
  PickupType,
  RateQuote,
  RateQuoteInput,
  RateQuoteResult,
  ShipmentCancelInput,
  ShipmentCancelResult,
  ShipmentCreateInput,
  ShipmentCreateResult,
  ShipmentLabel,
  ShipmentPackage,
  ShipParty,
  TrackByReferenceInput,
  TrackingEvent,
  TrackingResult,
  TrackingStatus,
  TrackOptions,
  TrackReferenceType,
  Weight,
} from './types.js';
export { VERSION } from './version.js';
