import type { FedExTransport } from './fedex-transport.js';
import { addressPayload, alertsOf, asArray, asRecord, asString } from './payload-helpers.js';
import type { Address, CallOptions, FedExAlert } from './types.js';
import { checkAddress, Issues } from './validation.js';

/** FedEx resolves at most 100 addresses per request. */
export const MAX_ADDRESSES = 100;

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

const CLASSIFICATIONS = new Set(['BUSINESS', 'RESIDENTIAL', 'MIXED', 'UNKNOWN']);

const truthy = (value: unknown): boolean => value === true || value === 'true';

export function parseResolvedAddress(value: unknown): AddressValidationResult {
  const record = asRecord(value) ?? {};
  const parsed = asRecord(record.parsedPostalCode);
  const postalCode =
    asString(record.postalCode) ??
    (asString(parsed?.base)
      ? [asString(parsed?.base), asString(parsed?.addOn)].filter(Boolean).join('-')
      : undefined);
  const address: Address = { countryCode: asString(record.countryCode) ?? '' };
  const streetLines = asArray(record.streetLinesToken).filter(
    (line): line is string => typeof line === 'string',
  );
  if (streetLines.length > 0) address.streetLines = streetLines;
  const city = asString(record.city);
  if (city) address.city = city;
  const state = asString(record.stateOrProvinceCode);
  if (state) address.stateOrProvinceCode = state;
  if (postalCode) address.postalCode = postalCode;
  const classification = asString(record.classification) ?? 'UNKNOWN';
  const alerts = asArray(record.customerMessage).flatMap((item): FedExAlert[] => {
    if (typeof item === 'string') return [{ code: item }];
    const entry = asRecord(item);
    const code = asString(entry?.code);
    return entry && code ? [{ ...entry, code } as FedExAlert] : [];
  });
  return {
    resolved: truthy(asRecord(record.attributes)?.Resolved),
    address,
    classification: (CLASSIFICATIONS.has(classification)
      ? classification
      : 'UNKNOWN') as AddressClassification,
    alerts,
    raw: value,
  };
}

export interface Addresses {
  /** `POST /address/v1/addresses/resolve`. Safe to retry (a read). */
  validate(addresses: Address[], options?: CallOptions): Promise<AddressValidationResponse>;
}

export function createAddresses(transport: FedExTransport): Addresses {
  return {
    async validate(addresses, options) {
      const issues = new Issues();
      if (!Array.isArray(addresses) || addresses.length === 0) {
        issues.add(['addresses'], 'must be a non-empty array');
      } else if (addresses.length > MAX_ADDRESSES) {
        issues.add(['addresses'], `at most ${MAX_ADDRESSES} per call`);
      } else {
        addresses.forEach((address, index) => {
          checkAddress(issues, ['addresses', index], address, { requireStreet: true });
        });
      }
      issues.throwIfAny('addresses.validate');
      const response = await transport.send<unknown>({
        operation: 'addresses.validate',
        method: 'POST',
        path: '/address/v1/addresses/resolve',
        body: {
          addressesToValidate: addresses.map((address) => ({ address: addressPayload(address) })),
        },
        options,
        idempotent: true,
      });
      const output = asRecord(asRecord(response.data)?.output);
      return {
        addresses: asArray(output?.resolvedAddresses).map(parseResolvedAddress),
        alerts: alertsOf(output?.alerts),
        transactionId: response.transactionId,
        raw: response.data,
      };
    },
  };
}
