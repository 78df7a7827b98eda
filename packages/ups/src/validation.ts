import { inputIssues, isRecord, ValidationIssues } from '@int/core';
import { UPS_SERVICES } from './ups-services.js';

type Path = ReadonlyArray<string | number>;

/** Every issue of one call's input, thrown together before anything is sent. */
export const issuesFor = (operation: string) => new ValidationIssues('ups', operation);

/** A string of 1 to `max` characters (the schema's `maxLength`), not blank. */
export function checkText(
  issues: ValidationIssues,
  path: Path,
  value: unknown,
  max: number,
  required = false,
) {
  if (value === undefined && !required) return;
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
    issues.add(path, `must be a non-empty string of at most ${max} characters`);
  }
}

/** A positive number whose decimal form fits the schema's string (`maxLength`). */
function checkSize(issues: ValidationIssues, path: Path, value: unknown, max: number) {
  // Only numbers are converted: Number() of a symbol (or a list holding one) throws a TypeError.
  const written = typeof value === 'number' ? String(value) : '';
  if (
    !(typeof value === 'number' && value > 0) ||
    written.length > max ||
    !/^\d+(\.\d+)?$/.test(written)
  ) {
    issues.add(path, `must be a positive number written in at most ${max} characters`);
  }
}

function object(issues: ValidationIssues, path: Path, value: unknown) {
  if (isRecord(value)) return value;
  issues.add(path, 'must be an object');
  return undefined;
}

/** An address as Rating (two-letter states) or Shipping (a city, states up to five) takes it. */
export function checkAddress(
  issues: ValidationIssues,
  path: Path,
  value: unknown,
  ship: boolean,
  postalMax = 9,
) {
  const address = object(issues, path, value);
  if (!address) return;
  const lines = address.addressLines;
  const line = (item: unknown) =>
    typeof item === 'string' && item.trim() !== '' && item.length <= 35;
  if (!Array.isArray(lines) || lines.length < 1 || lines.length > 3 || !lines.every(line)) {
    issues.add(
      [...path, 'addressLines'],
      'must be 1 to 3 non-empty strings of at most 35 characters',
    );
  }
  checkText(issues, [...path, 'city'], address.city, 30, ship);
  const state = address.stateProvinceCode;
  if (state !== undefined && !(typeof state === 'string' && /^[A-Z0-9]{2,5}$/i.test(state))) {
    issues.add([...path, 'stateProvinceCode'], 'must be 2 to 5 letters or digits');
  } else if (!ship && typeof state === 'string' && state.length !== 2) {
    issues.add([...path, 'stateProvinceCode'], 'must be 2 characters for rating');
  }
  checkText(issues, [...path, 'postalCode'], address.postalCode, postalMax);
  if (!(typeof address.countryCode === 'string' && /^[A-Z]{2}$/.test(address.countryCode))) {
    issues.add([...path, 'countryCode'], 'must be an ISO 3166-1 alpha-2 code in upper case');
  }
}

function checkParty(issues: ValidationIssues, name: string, value: unknown, ship: boolean) {
  const party = object(issues, [name], value);
  if (!party) return;
  checkText(issues, [name, 'name'], party.name, 35, ship);
  checkText(issues, [name, 'attentionName'], party.attentionName, 35);
  checkText(issues, [name, 'phone'], party.phone, 15);
  if (
    party.residential !== undefined &&
    !(name === 'shipTo' && typeof party.residential === 'boolean')
  ) {
    issues.add([name, 'residential'], 'is a boolean of shipTo only');
  }
  checkAddress(issues, [name, 'address'], party.address, ship);
}

function checkPackage(issues: ValidationIssues, path: Path, value: unknown) {
  const item = object(issues, path, value);
  const weight = item && object(issues, [...path, 'weight'], item.weight);
  if (weight) {
    checkSize(issues, [...path, 'weight', 'value'], weight.value, 5);
    issues.oneOf([...path, 'weight', 'unit'], weight.unit ?? '', ['LBS', 'KGS', 'OZS']);
  }
  const size =
    item?.dimensions === undefined
      ? undefined
      : object(issues, [...path, 'dimensions'], item.dimensions);
  for (const side of size ? ['length', 'width', 'height'] : []) {
    checkSize(issues, [...path, 'dimensions', side], size?.[side], 3);
  }
  if (size) issues.oneOf([...path, 'dimensions', 'unit'], size.unit ?? '', ['IN', 'CM']);
  const packaging = item?.packagingType;
  if (
    packaging !== undefined &&
    !(typeof packaging === 'string' && /^[0-9a-z]{2}$/i.test(packaging))
  ) {
    issues.add([...path, 'packagingType'], 'must be a two-character UPS packaging code');
  }
}

/** A rate request's or a shipment's input (the shipment's own fields when `ship`). */
export function checkShipmentInput(operation: string, value: unknown, ship: boolean) {
  const issues = inputIssues('ups', operation, value);
  const input = value as Record<string, unknown>;
  checkParty(issues, 'shipper', input.shipper, ship);
  checkParty(issues, 'shipTo', input.shipTo, ship);
  if (input.shipFrom !== undefined) checkParty(issues, 'shipFrom', input.shipFrom, ship);
  const packages = input.packages;
  if (!Array.isArray(packages) || packages.length === 0 || packages.length > 200) {
    issues.add(['packages'], 'must be an array of 1 to 200 packages');
  } else
    for (const [index, item] of packages.entries()) checkPackage(issues, ['packages', index], item);
  if (
    (input.service !== undefined || ship) &&
    !(typeof input.service === 'string' && Object.hasOwn(UPS_SERVICES, input.service))
  ) {
    issues.add(['service'], 'must be a UPS service code such as 03 (see UPS_SERVICES)');
  }
  if (input.negotiatedRates !== undefined && typeof input.negotiatedRates !== 'boolean') {
    issues.add(['negotiatedRates'], 'must be a boolean');
  }
  if (ship) {
    checkText(issues, ['reference'], input.reference, 35);
    checkText(issues, ['description'], input.description, 50);
    issues.oneOf(['labelFormat'], input.labelFormat, ['GIF', 'PNG', 'ZPL']);
    issues.oneOf(['addressValidation'], input.addressValidation, ['nonvalidate', 'validate']);
  }
  issues.throwIfAny();
}

/** `1Z` and 16 upper-case letters or digits: a UPS shipment or package id. */
export const isOneZ = (value: unknown): value is string =>
  typeof value === 'string' && /^1Z[0-9A-Z]{16}$/.test(value);
