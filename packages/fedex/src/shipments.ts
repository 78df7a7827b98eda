import {
  asArray,
  asNumber,
  asRecord,
  asRecords,
  asText,
  calendarDay,
  checkCalendarDay,
  checkList,
  checkText,
  endpoint,
  inputIssues,
  labelContentType,
  pickTexts,
} from '@int/core';
import type { FedExContext, Shipments } from './fedex-client-types.js';
import { NOT_RETRIED_NOTE } from './fedex-errors.js';
import {
  addressPayload,
  alertsOf,
  money,
  outputOf,
  packageLineItems,
  transactionIdOf,
  withEnvelope,
} from './payload-helpers.js';
import type {
  ShipmentCancelInput,
  ShipmentCancelResult,
  ShipmentCreateInput,
  ShipmentCreateResult,
  ShipmentLabel,
  ShipParty,
} from './types.js';
import { checkPackages, checkParty, PICKUP_TYPES } from './validation.js';

const IMAGE_TYPES = ['PDF', 'PNG', 'ZPLII', 'EPL2'];
const PAYMENT_TYPES = ['SENDER', 'RECIPIENT', 'THIRD_PARTY', 'COLLECT'];

/** Checks every field before anything is sent; returns the input. */
export function checkShipment(input: ShipmentCreateInput): ShipmentCreateInput {
  const issues = inputIssues('fedex', 'shipments.create', input);
  checkParty(issues, ['shipper'], input.shipper, { contact: true, requireStreet: true });
  checkList(issues, ['recipients'], input.recipients, (recipient, path) => {
    checkParty(issues, path, recipient, { contact: true, requireStreet: true });
  });
  checkPackages(issues, input.packages);
  if (Array.isArray(input.packages)) {
    const units = new Set(input.packages.map((item) => item?.weight?.units));
    if (units.size > 1) issues.add(['packages'], 'all weights must use the same units');
  }
  checkText(issues, ['serviceType'], input.serviceType, { required: true });
  checkText(issues, ['packagingType'], input.packagingType);
  checkText(issues, ['pickupType'], input.pickupType, { oneOf: PICKUP_TYPES });
  const { label, payment } = input;
  if (label !== undefined && issues.object(['label'], label)) {
    checkText(issues, ['label', 'imageType'], label.imageType, { oneOf: IMAGE_TYPES });
    checkText(issues, ['label', 'stockType'], label.stockType);
  }
  checkText(issues, ['labelResponse'], input.labelResponse, { oneOf: ['URL_ONLY', 'LABEL'] });
  if (payment !== undefined && issues.object(['payment'], payment)) {
    const { paymentType, accountNumber } = payment;
    checkText(issues, ['payment', 'paymentType'], paymentType, {
      required: true,
      oneOf: PAYMENT_TYPES,
    });
    checkText(issues, ['payment', 'accountNumber'], accountNumber);
    if (paymentType !== 'SENDER' && !accountNumber) {
      issues.add(['payment', 'accountNumber'], `is required for ${paymentType}`);
    }
  }
  checkCalendarDay(issues, ['shipDate'], input.shipDate, { allowDate: true });
  checkText(issues, ['customerReference'], input.customerReference, { maxLength: 30 });
  issues.throwIfAny();
  return input;
}

const shipPartyPayload = (party: ShipParty) => ({
  contact: pickTexts(party.contact, ['personName', 'companyName', 'phoneNumber', 'emailAddress']),
  address: addressPayload(party.address, party.residential),
});

export function shipmentBody(input: ShipmentCreateInput, accountNumber: string) {
  const { payment = { paymentType: 'SENDER' }, shipDate, customerReference } = input;
  const totalWeight =
    Math.round(input.packages.reduce((sum, item) => sum + item.weight.value, 0) * 1000) / 1000;
  const references = customerReference
    ? {
        customerReferences: [
          { customerReferenceType: 'CUSTOMER_REFERENCE', value: customerReference },
        ],
      }
    : {};
  const requestedShipment = {
    shipper: shipPartyPayload(input.shipper),
    recipients: input.recipients.map(shipPartyPayload),
    ...(shipDate === undefined ? {} : { shipDatestamp: calendarDay(shipDate) }),
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
    requestedPackageLineItems: packageLineItems(input.packages).map((line) => ({
      ...line,
      ...references,
    })),
  };
  return {
    labelResponseOptions: input.labelResponse ?? 'LABEL',
    accountNumber: { value: accountNumber },
    requestedShipment,
  };
}

function labelOf(piece: Record<string, unknown>): ShipmentLabel | undefined {
  const documents = asRecords(piece.packageDocuments);
  const document = documents.find((item) => item.contentType === 'LABEL') ?? documents[0];
  if (!document) return undefined;
  const docType = asText(document.docType);
  const { url, encodedLabel: base64 } = pickTexts(document, ['url', 'encodedLabel']);
  return {
    ...(url && { url }),
    ...(base64 && { base64 }),
    contentType: labelContentType(docType),
    docType,
  };
}

export function parseShipment(body: unknown): Omit<ShipmentCreateResult, 'transactionId' | 'raw'> {
  const output = outputOf(body);
  const shipments = asRecords(output?.transactionShipments);
  const first = shipments[0];
  const pieces = shipments.flatMap((shipment) =>
    asRecords(shipment.pieceResponses).map((piece) => ({ shipment, piece })),
  );
  const charges = pieces.flatMap(({ piece }) => {
    const amount = asNumber(piece.netChargeAmount);
    return amount === undefined ? [] : [{ amount, currency: asText(piece.currency) }];
  });
  // Unrated pieces: the shipment's own rating, when FedEx gave one.
  const rating = asRecord(asRecord(first?.completedShipmentDetail)?.shipmentRating);
  const detail = asRecord(asArray(rating?.shipmentRateDetails)[0]);
  const total =
    charges.length > 0
      ? charges.reduce((sum, charge) => sum + charge.amount, 0)
      : asNumber(detail?.totalNetCharge);
  const currency = charges.find((charge) => charge.currency)?.currency ?? detail?.currency;
  return {
    masterTrackingNumber: asText(first?.masterTrackingNumber),
    serviceType: asText(first?.serviceType),
    packages: pieces.map(({ shipment, piece }) => ({
      trackingNumber: asText(piece.trackingNumber) ?? asText(shipment.masterTrackingNumber) ?? '',
      label: labelOf(piece),
    })),
    netCharge: total === undefined ? undefined : money(Math.round(total * 100) / 100, currency),
    alerts: [output, ...shipments].flatMap((part) => alertsOf(part?.alerts)),
    jobId: asText(output?.jobId),
  };
}

/** Checks every field before anything is sent; returns the input. */
export function checkCancel(input: ShipmentCancelInput): ShipmentCancelInput {
  const issues = inputIssues('fedex', 'shipments.cancel', input);
  checkText(issues, ['trackingNumber'], input.trackingNumber, { required: true });
  const country = input.senderCountryCode;
  if (country !== undefined && !(typeof country === 'string' && /^[A-Z]{2}$/.test(country))) {
    issues.add(['senderCountryCode'], 'must be an ISO 3166-1 alpha-2 code in upper case');
  }
  checkText(issues, ['deletionControl'], input.deletionControl);
  issues.throwIfAny();
  return input;
}

export function cancelBody(input: ShipmentCancelInput, accountNumber: string) {
  const { senderCountryCode, trackingNumber } = input;
  return {
    accountNumber: { value: accountNumber },
    ...(senderCountryCode ? { senderCountryCode } : {}),
    deletionControl: input.deletionControl ?? 'DELETE_ALL_PACKAGES',
    trackingNumber,
  };
}

/** Never retried: FedEx cannot tell a repeat from a second shipment. */
const create = endpoint<unknown, ShipmentCreateResult>({
  operation: 'shipments.create',
  method: 'POST',
  path: '/ship/v1/shipments',
  retry: false,
  notRetriedNote: NOT_RETRIED_NOTE,
  map: (raw) => ({ ...parseShipment(raw), transactionId: transactionIdOf(raw), raw }),
});

const cancel = endpoint<unknown, ShipmentCancelResult>({
  operation: 'shipments.cancel',
  method: 'PUT',
  path: '/ship/v1/shipments/cancel',
  map: (raw) =>
    withEnvelope(raw, {
      cancelled: outputOf(raw)?.cancelledShipment === true,
      message: asText(outputOf(raw)?.message),
    }),
});

export function createShipments({ client, accountNumber }: FedExContext): Shipments {
  return {
    create: async (input, options) =>
      client.call(create, { body: shipmentBody(checkShipment(input), accountNumber()) }, options),
    cancel: async (input, options) =>
      client.call(cancel, { body: cancelBody(checkCancel(input), accountNumber()) }, options),
  };
}
