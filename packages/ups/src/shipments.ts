import { endpoint, inputIssues, labelContentType } from '@int/core';
import { shipmentPayload } from './payload.js';
import { alertsOf, at, list, money, statusOf, text } from './ups-answers.js';
import { NOT_RETRIED_NOTE } from './ups-errors.js';
import type {
  ShipmentCreateResult,
  Shipments,
  ShipmentVoidResult,
  UPSContext,
} from './ups-types.js';
import { checkShipmentInput, isOneZ } from './validation.js';

export function parseShipment(raw: unknown): ShipmentCreateResult {
  const results = at(raw, 'ShipmentResponse', 'ShipmentResults');
  const packages = list(at(results, 'PackageResults')).map((item) => {
    const format = text(at(item, 'ShippingLabel', 'ImageFormat', 'Code')) ?? '';
    const base64 = text(at(item, 'ShippingLabel', 'GraphicImage'));
    const contentType = labelContentType(format);
    return {
      trackingNumber: text(item.TrackingNumber) ?? '',
      label: base64 ? { format, contentType, base64 } : undefined,
    };
  });
  return {
    shipmentId:
      text(at(results, 'ShipmentIdentificationNumber')) ?? packages[0]?.trackingNumber ?? '',
    packages,
    total: money(at(results, 'ShipmentCharges', 'TotalCharges')),
    negotiatedTotal: money(at(results, 'NegotiatedRateCharges', 'TotalCharge')),
    alerts: alertsOf(at(raw, 'ShipmentResponse', 'Response', 'Alert')),
    raw,
  };
}

export function parseVoid(raw: unknown): ShipmentVoidResult {
  const response = at(raw, 'VoidShipmentResponse');
  const status = statusOf(at(response, 'SummaryResult', 'Status'));
  // Live answers were seen with a singular key the spec does not name.
  const results = list(at(response, 'PackageLevelResults') ?? at(response, 'PackageLevelResult'));
  return {
    voided: status.code === '1',
    status,
    packages: results.map((item) => {
      const { code, description } = statusOf(item.Status);
      const trackingNumber = text(item.TrackingNumber) ?? '';
      return { trackingNumber, voided: code === '1', status: { code, description } };
    }),
    raw,
  };
}

/** Never retried: UPS has no idempotency key, so a repeat cannot be told from a second shipment. */
const create = endpoint<unknown, ShipmentCreateResult>({
  operation: 'shipments.create',
  method: 'POST',
  path: '/api/shipments/v2409/ship',
  retry: false,
  notRetriedNote: NOT_RETRIED_NOTE,
  map: parseShipment,
});

const cancel = endpoint<unknown, ShipmentVoidResult>({
  operation: 'shipments.void',
  method: 'DELETE',
  path: '/api/shipments/v2409/void/cancel/{shipmentId}',
  map: parseVoid,
});

export function createShipments({ client, accountNumber }: UPSContext): Shipments {
  return {
    async create(input, options) {
      checkShipmentInput('shipments.create', input, true);
      const Request = { RequestOption: input.addressValidation ?? 'nonvalidate' };
      // The schema asks a stock size of every format; 4 x 6 in. is UPS's label.
      const LabelSpecification = {
        LabelImageFormat: { Code: input.labelFormat ?? 'GIF' },
        LabelStockSize: { Height: '6', Width: '4' },
      };
      const Shipment = shipmentPayload(input, accountNumber(), true);
      const body = { ShipmentRequest: { Request, Shipment, LabelSpecification } };
      return client.call(create, { body }, options);
    },
    async void(input, options) {
      const issues = inputIssues('ups', 'shipments.void', input);
      const { shipmentId, trackingNumbers: numbers } = input;
      if (!isOneZ(shipmentId))
        issues.add(['shipmentId'], 'must be 1Z and 16 upper-case letters or digits');
      if (
        numbers !== undefined &&
        !(
          Array.isArray(numbers) &&
          numbers.length <= 20 &&
          numbers.length > 0 &&
          numbers.every(isOneZ)
        )
      ) {
        issues.add(['trackingNumbers'], 'must be 1 to 20 package numbers (1Z...)');
      }
      issues.throwIfAny();
      // One package as it is, several as UPS's bracketed list.
      const trackingnumber =
        numbers && (numbers.length === 1 ? numbers[0] : JSON.stringify(numbers));
      return client.call(cancel, { path: { shipmentId }, query: { trackingnumber } }, options);
    },
  };
}
