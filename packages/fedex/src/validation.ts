import { describeValue, isRecord, ValidationIssues } from '@int/core';
import { isCountryCode, usesPostalCode } from './country-codes.js';

type Path = ReadonlyArray<string | number>;

/** Every issue of one call's input at once, as core's `ValidationIssues` for this operation. */
export const issuesFor = (operation: string): ValidationIssues =>
  new ValidationIssues('fedex', operation);

/** Records that the input is not an object and throws: no field check can run on it. */
export function requireObject(issues: ValidationIssues, input: unknown): void {
  if (isRecord(input)) return;
  issues.add([], 'input must be an object');
  issues.throwIfAny();
}

const isNonEmptyString = (value: unknown): value is string =>
  typeof value === 'string' && value.trim().length > 0;

export function checkString(
  issues: ValidationIssues,
  path: Path,
  value: unknown,
  options: { required?: boolean; oneOf?: ReadonlyArray<string> } = {},
): void {
  if (value === undefined) {
    if (options.required) issues.add(path, 'is required');
    return;
  }
  if (!isNonEmptyString(value)) {
    issues.add(path, 'must be a non-empty string');
    return;
  }
  if (options.oneOf && !options.oneOf.includes(value)) {
    issues.add(path, `must be one of ${options.oneOf.join(', ')}`);
  }
}

/** An address as FedEx takes it: ISO country, postal code where the country has them. */
export function checkAddress(
  issues: ValidationIssues,
  path: Path,
  address: unknown,
  options: { requireStreet?: boolean; requireCity?: boolean } = {},
): void {
  if (!isRecord(address)) {
    issues.add(path, 'must be an object');
    return;
  }
  const { countryCode, postalCode, streetLines } = address;
  if (!isCountryCode(countryCode)) {
    const got = `must be an ISO 3166-1 alpha-2 code in upper case (got ${describeValue(countryCode)})`;
    issues.add([...path, 'countryCode'], countryCode === undefined ? 'is required' : got);
  }
  if (postalCode === undefined && isCountryCode(countryCode) && usesPostalCode(countryCode)) {
    issues.add([...path, 'postalCode'], `is required for country ${countryCode}`);
  } else checkString(issues, [...path, 'postalCode'], postalCode);
  const lines = Array.isArray(streetLines) ? streetLines : [];
  if (
    (streetLines !== undefined || options.requireStreet) &&
    (lines.length === 0 || lines.length > 3 || !lines.every(isNonEmptyString))
  ) {
    issues.add([...path, 'streetLines'], 'must be 1 to 3 non-empty strings');
  }
  checkString(issues, [...path, 'city'], address.city, { required: options.requireCity });
  checkString(issues, [...path, 'stateOrProvinceCode'], address.stateOrProvinceCode);
}

export function checkParty(
  issues: ValidationIssues,
  path: Path,
  party: unknown,
  options: { contact?: boolean; requireStreet?: boolean } = {},
): void {
  if (!isRecord(party)) {
    issues.add(path, 'must be an object with an address');
    return;
  }
  checkAddress(issues, [...path, 'address'], party.address, {
    requireStreet: options.requireStreet,
    requireCity: options.requireStreet,
  });
  if (party.residential !== undefined && typeof party.residential !== 'boolean') {
    issues.add([...path, 'residential'], 'must be a boolean');
  }
  const contact = party.contact;
  if (!options.contact) return;
  if (!isRecord(contact)) {
    issues.add([...path, 'contact'], 'is required (phoneNumber and personName or companyName)');
    return;
  }
  checkString(issues, [...path, 'contact', 'phoneNumber'], contact.phoneNumber, { required: true });
  if (!isNonEmptyString(contact.personName) && !isNonEmptyString(contact.companyName)) {
    issues.add([...path, 'contact'], 'needs personName or companyName');
  }
}

/** `units`, and sizes above zero (`value`, or `length`/`width`/`height`). */
function checkMeasure(
  issues: ValidationIssues,
  path: Path,
  measure: Record<string, unknown>,
  sizes: ReadonlyArray<string>,
  units: ReadonlyArray<string>,
): void {
  checkString(issues, [...path, 'units'], measure.units, { required: true, oneOf: units });
  for (const size of sizes) {
    const value = measure[size];
    if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
      issues.add([...path, size], 'must be a number above zero');
    }
  }
}

export function checkPackages(issues: ValidationIssues, path: Path, packages: unknown): void {
  if (!Array.isArray(packages) || packages.length === 0) {
    issues.add(path, 'must be a non-empty array');
    return;
  }
  packages.forEach((item: unknown, index) => {
    const at = [...path, index];
    if (!isRecord(item)) {
      issues.add(at, 'must be an object with a weight');
      return;
    }
    const { weight, dimensions } = item;
    if (!isRecord(weight)) issues.add([...at, 'weight'], 'is required');
    else checkMeasure(issues, [...at, 'weight'], weight, ['value'], ['LB', 'KG']);
    if (dimensions === undefined) return;
    if (!isRecord(dimensions)) issues.add([...at, 'dimensions'], 'must be an object');
    else
      checkMeasure(
        issues,
        [...at, 'dimensions'],
        dimensions,
        ['length', 'width', 'height'],
        ['IN', 'CM'],
      );
  });
}

export const PICKUP_TYPES = [
  'DROPOFF_AT_FEDEX_LOCATION',
  'CONTACT_FEDEX_TO_SCHEDULE',
  'USE_SCHEDULED_PICKUP',
];

/** A ship date: a valid `Date` (taken in UTC) or a `YYYY-MM-DD` string. */
export function checkShipDate(issues: ValidationIssues, path: Path, value: unknown): void {
  if (value === undefined) return;
  const valid =
    (value instanceof Date && !Number.isNaN(value.getTime())) ||
    (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value));
  if (!valid) issues.add(path, 'must be a Date or a YYYY-MM-DD string');
}

export { isNonEmptyString };
