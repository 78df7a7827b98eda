import { asArray, asRecord, asText, checkList, pickTexts } from '@int/core';
import type { Addresses, FedExContext } from './fedex-client-types.js';
import { fedexRead } from './fedex-read.js';
import { addressPayload, alertsOf, outputOf, withEnvelope } from './payload-helpers.js';
import type {
  Address,
  AddressClassification,
  AddressValidationResponse,
  AddressValidationResult,
} from './types.js';
import { checkAddress, issuesFor } from './validation.js';

/** FedEx resolves at most 100 addresses per request. */
export const MAX_ADDRESSES = 100;

const CLASSIFICATIONS = new Set(['BUSINESS', 'RESIDENTIAL', 'MIXED', 'UNKNOWN']);

const truthy = (value: unknown): boolean => value === true || value === 'true';

export function parseResolvedAddress(value: unknown): AddressValidationResult {
  const record = asRecord(value) ?? {};
  const parsed = asRecord(record.parsedPostalCode);
  const postalCode =
    asText(record.postalCode) ??
    (asText(parsed?.base)
      ? [asText(parsed?.base), asText(parsed?.addOn)].filter(Boolean).join('-')
      : undefined);
  const streetLines = asArray(record.streetLinesToken).filter(
    (line): line is string => typeof line === 'string',
  );
  const address: Address = {
    countryCode: asText(record.countryCode) ?? '',
    ...(streetLines.length > 0 ? { streetLines } : {}),
    ...pickTexts(record, ['city', 'stateOrProvinceCode']),
    ...(postalCode ? { postalCode } : {}),
  };
  const classification = CLASSIFICATIONS.has(record.classification as string)
    ? (record.classification as AddressClassification)
    : 'UNKNOWN';
  return {
    resolved: truthy(asRecord(record.attributes)?.Resolved),
    address,
    classification,
    // FedEx sends a code alone or an object with one.
    alerts: asArray(record.customerMessage).flatMap((item) =>
      typeof item === 'string' ? [{ code: item }] : alertsOf([item]),
    ),
    raw: value,
  };
}

/** Checks every address before anything is sent; returns them. */
export function checkAddresses(addresses: Address[]): Address[] {
  const issues = issuesFor('addresses.validate');
  const checkOne = (address: unknown, path: ReadonlyArray<string | number>) =>
    checkAddress(issues, path, address, { requireStreet: true });
  checkList(issues, ['addresses'], addresses, checkOne, { max: MAX_ADDRESSES });
  issues.throwIfAny();
  return addresses;
}

const resolve = fedexRead(
  'addresses.validate',
  '/address/v1/addresses/resolve',
  (raw): AddressValidationResponse =>
    withEnvelope(raw, {
      addresses: asArray(outputOf(raw)?.resolvedAddresses).map(parseResolvedAddress),
    }),
);

export function createAddresses({ client }: FedExContext): Addresses {
  return {
    validate: async (addresses, options) =>
      client.call(
        resolve,
        {
          body: {
            addressesToValidate: checkAddresses(addresses).map((address) => ({
              address: addressPayload(address),
            })),
          },
        },
        options,
      ),
  };
}
