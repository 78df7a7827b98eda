import type { FedExTransport } from './fedex-transport.js';
import {
  addressPayload,
  alertsOf,
  asArray,
  asNumber,
  asRecord,
  asString,
  dateStamp,
  labelContentType,
  money,
  packageLineItems,
} from './payload-helpers.js';
import type {
  CallOptions,
  FedExAlert,
  Money,
  PackageInput,
  PickupType,
  ShipParty,
} from './types.js';
import { checkPackages, checkParty, checkString, Issues, isRecord } from './validation.js';

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
  url?: string;
  /** With `labelResponse: 'LABEL'`. */
  base64?: string;
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

const IMAGE_TYPES = ['PDF', 'PNG', 'ZPLII', 'EPL2'];
const PAYMENT_TYPES = ['SENDER', 'RECIPIENT', 'THIRD_PARTY', 'COLLECT'];
const PICKUP_TYPES = [
  'DROPOFF_AT_FEDEX_LOCATION',
  'CONTACT_FEDEX_TO_SCHEDULE',
  'USE_SCHEDULED_PICKUP',
];

export function validateShipment(input: ShipmentCreateInput): void {
  const operation = 'shipments.create';
  const issues = new Issues();
  if (!isRecord(input)) {
    issues.add([], 'input must be an object');
    issues.throwIfAny(operation);
  }
  checkParty(issues, ['shipper'], input.shipper, { contact: true, requireStreet: true });
  if (!Array.isArray(input.recipients) || input.recipients.length === 0) {
    issues.add(['recipients'], 'must be a non-empty array');
  } else {
    input.recipients.forEach((recipient, index) => {
      checkParty(issues, ['recipients', index], recipient, { contact: true, requireStreet: true });
    });
  }
  checkPackages(issues, ['packages'], input.packages);
  if (Array.isArray(input.packages)) {
    const units = new Set(input.packages.map((item) => item?.weight?.units));
    if (units.size > 1) issues.add(['packages'], 'all weights must use the same units');
  }
  checkString(issues, ['serviceType'], input.serviceType, { required: true });
  checkString(issues, ['packagingType'], input.packagingType);
  checkString(issues, ['pickupType'], input.pickupType, { oneOf: PICKUP_TYPES });
  if (input.label !== undefined) {
    if (!isRecord(input.label)) issues.add(['label'], 'must be an object');
    else {
      checkString(issues, ['label', 'imageType'], input.label.imageType, { oneOf: IMAGE_TYPES });
      checkString(issues, ['label', 'stockType'], input.label.stockType);
    }
  }
  checkString(issues, ['labelResponse'], input.labelResponse, { oneOf: ['URL_ONLY', 'LABEL'] });
  if (input.payment !== undefined) {
    if (!isRecord(input.payment)) issues.add(['payment'], 'must be an object');
    else {
      checkString(issues, ['payment', 'paymentType'], input.payment.paymentType, {
        required: true,
        oneOf: PAYMENT_TYPES,
      });
      checkString(issues, ['payment', 'accountNumber'], input.payment.accountNumber);
      if (input.payment.paymentType !== 'SENDER' && !input.payment.accountNumber) {
        issues.add(['payment', 'accountNumber'], `is required for ${input.payment.paymentType}`);
      }
    }
  }
  if (
    input.shipDate !== undefined &&
    !(input.shipDate instanceof Date && !Number.isNaN(input.shipDate.getTime())) &&
    !(typeof input.shipDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(input.shipDate))
  ) {
    issues.add(['shipDate'], 'must be a Date or a YYYY-MM-DD string');
  }
  checkString(issues, ['customerReference'], input.customerReference);
  if (typeof input.customerReference === 'string' && input.customerReference.length > 30) {
    issues.add(['customerReference'], 'must be at most 30 characters');
  }
  issues.throwIfAny(operation);
}

function shipPartyPayload(party: ShipParty): Record<string, unknown> {
  const contact: Record<string, unknown> = {};
  for (const key of ['personName', 'companyName', 'phoneNumber', 'emailAddress'] as const) {
    if (party.contact[key]) contact[key] = party.contact[key];
  }
  return { contact, address: addressPayload(party.address, party.residential) };
}

export function shipmentBody(
  input: ShipmentCreateInput,
  accountNumber: string,
): Record<string, unknown> {
  const payment = input.payment ?? { paymentType: 'SENDER' as const };
  const totalWeight =
    Math.round(input.packages.reduce((sum, item) => sum + item.weight.value, 0) * 1000) / 1000;
  const requestedShipment: Record<string, unknown> = {
    shipper: shipPartyPayload(input.shipper),
    recipients: input.recipients.map(shipPartyPayload),
  };
  if (input.shipDate !== undefined) requestedShipment.shipDatestamp = dateStamp(input.shipDate);
  Object.assign(requestedShipment, {
    serviceType: input.serviceType,
    packagingType: input.packagingType ?? 'YOUR_PACKAGING',
    pickupType: input.pickupType ?? 'DROPOFF_AT_FEDEX_LOCATION',
    totalWeight,
    shippingChargesPayment: {
      paymentType: payment.paymentType,
      payor: {
        responsibleParty: { accountNumber: { value: payment.accountNumber ?? accountNumber } },
      },
    },
    labelSpecification: {
      imageType: input.label?.imageType ?? 'PDF',
      labelStockType: input.label?.stockType ?? 'PAPER_4X6',
    },
    requestedPackageLineItems: packageLineItems(input.packages).map((line) =>
      input.customerReference
        ? {
            ...line,
            customerReferences: [
              { customerReferenceType: 'CUSTOMER_REFERENCE', value: input.customerReference },
            ],
          }
        : line,
    ),
  });
  return {
    labelResponseOptions: input.labelResponse ?? 'LABEL',
    accountNumber: { value: accountNumber },
    requestedShipment,
  };
}

function labelOf(piece: Record<string, unknown>): ShipmentLabel | undefined {
  const documents = asArray(piece.packageDocuments).map(asRecord).filter(Boolean) as Array<
    Record<string, unknown>
  >;
  const document = documents.find((item) => item.contentType === 'LABEL') ?? documents[0];
  if (!document) return undefined;
  const docType = asString(document.docType);
  const label: ShipmentLabel = { contentType: labelContentType(docType), docType };
  const url = asString(document.url);
  const base64 = asString(document.encodedLabel);
  if (url) label.url = url;
  if (base64) label.base64 = base64;
  return label;
}

export function parseShipment(body: unknown): Omit<ShipmentCreateResult, 'transactionId' | 'raw'> {
  const output = asRecord(asRecord(body)?.output);
  const shipments = asArray(output?.transactionShipments).map(asRecord).filter(Boolean) as Array<
    Record<string, unknown>
  >;
  const first = shipments[0];
  const packages: ShipmentPackage[] = [];
  let total = 0;
  let currency: string | undefined;
  let rated = false;
  const alerts = alertsOf(output?.alerts);
  for (const shipment of shipments) {
    alerts.push(...alertsOf(shipment.alerts));
    for (const pieceValue of asArray(shipment.pieceResponses)) {
      const piece = asRecord(pieceValue);
      if (!piece) continue;
      packages.push({
        trackingNumber:
          asString(piece.trackingNumber) ?? asString(shipment.masterTrackingNumber) ?? '',
        label: labelOf(piece),
      });
      const amount = asNumber(piece.netChargeAmount);
      if (amount !== undefined) {
        rated = true;
        total += amount;
        currency ??= asString(piece.currency);
      }
    }
  }
  if (!currency && first) {
    const rating = asRecord(asRecord(first.completedShipmentDetail)?.shipmentRating);
    const detail = asRecord(asArray(rating?.shipmentRateDetails)[0]);
    currency = asString(detail?.currency);
    if (!rated && detail) {
      const net = asNumber(detail.totalNetCharge);
      if (net !== undefined) {
        rated = true;
        total = net;
      }
    }
  }
  return {
    masterTrackingNumber: asString(first?.masterTrackingNumber),
    serviceType: asString(first?.serviceType),
    packages,
    netCharge: rated ? money(Math.round(total * 100) / 100, currency) : undefined,
    alerts,
    jobId: asString(output?.jobId),
  };
}

export function validateCancel(input: ShipmentCancelInput): void {
  const issues = new Issues();
  if (!isRecord(input)) {
    issues.add([], 'input must be an object');
    issues.throwIfAny('shipments.cancel');
  }
  checkString(issues, ['trackingNumber'], input.trackingNumber, { required: true });
  if (input.senderCountryCode !== undefined) {
    const probe = new Issues();
    checkString(probe, ['senderCountryCode'], input.senderCountryCode);
    if (probe.list.length > 0 || !/^[A-Z]{2}$/.test(input.senderCountryCode)) {
      issues.add(['senderCountryCode'], 'must be an ISO 3166-1 alpha-2 code in upper case');
    }
  }
  checkString(issues, ['deletionControl'], input.deletionControl);
  issues.throwIfAny('shipments.cancel');
}

export function cancelBody(
  input: ShipmentCancelInput,
  accountNumber: string,
): Record<string, unknown> {
  const body: Record<string, unknown> = { accountNumber: { value: accountNumber } };
  if (input.senderCountryCode) body.senderCountryCode = input.senderCountryCode;
  body.deletionControl = input.deletionControl ?? 'DELETE_ALL_PACKAGES';
  body.trackingNumber = input.trackingNumber;
  return body;
}

export interface Shipments {
  /**
   * `POST /ship/v1/shipments`. Never retried automatically: a repeat can ship
   * and charge twice. A failure says it was not retried.
   */
  create(input: ShipmentCreateInput, options?: CallOptions): Promise<ShipmentCreateResult>;
  /** `PUT /ship/v1/shipments/cancel`. Safe to retry. */
  cancel(input: ShipmentCancelInput, options?: CallOptions): Promise<ShipmentCancelResult>;
}

export function createShipments(transport: FedExTransport): Shipments {
  return {
    async create(input, options) {
      validateShipment(input);
      const response = await transport.send<unknown>({
        operation: 'shipments.create',
        method: 'POST',
        path: '/ship/v1/shipments',
        body: shipmentBody(input, transport.accountNumber()),
        options,
        retry: false,
      });
      return {
        ...parseShipment(response.data),
        transactionId: response.transactionId,
        raw: response.data,
      };
    },
    async cancel(input, options) {
      validateCancel(input);
      const response = await transport.send<unknown>({
        operation: 'shipments.cancel',
        method: 'PUT',
        path: '/ship/v1/shipments/cancel',
        body: cancelBody(input, transport.accountNumber()),
        options,
      });
      const output = asRecord(asRecord(response.data)?.output);
      return {
        cancelled: output?.cancelledShipment === true,
        message: asString(output?.message),
        alerts: alertsOf(output?.alerts),
        transactionId: response.transactionId,
        raw: response.data,
      };
    },
  };
}
