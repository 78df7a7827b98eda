import {
  checkList,
  checkText,
  describeValue,
  isCountryCode,
  isRecord,
  usesPostalCode,
  ValidationIssues,
} from '@int/core';

type Path = ReadonlyArray<string | number>;

/** Every issue of one call's input at once, as core's `ValidationIssues` for this operation. */
export const issuesFor = (operation: string): ValidationIssues =>
  new ValidationIssues('fedex', operation);

export const isNonEmptyString = (value: unknown): value is string =>
  typeof value === 'string' && value.trim().length > 0;

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
  } else checkText(issues, [...path, 'postalCode'], postalCode);
  const lines = Array.isArray(streetLines) ? streetLines : [];
  if (
    (streetLines !== undefined || options.requireStreet) &&
    (lines.length === 0 || lines.length > 3 || !lines.every(isNonEmptyString))
  ) {
    issues.add([...path, 'streetLines'], 'must be 1 to 3 non-empty strings');
  }
  checkText(issues, [...path, 'city'], address.city, { required: options.requireCity });
  checkText(issues, [...path, 'stateOrProvinceCode'], address.stateOrProvinceCode);
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
  checkText(issues, [...path, 'contact', 'phoneNumber'], contact.phoneNumber, { required: true });
  if (!isNonEmptyString(contact.personName) && !isNonEmptyString(contact.companyName)) {
    issues.add([...path, 'contact'], 'needs personName or companyName');
  }
}

const WEIGHT = { sizes: ['value'], units: ['LB', 'KG'] };
const DIMENSIONS = { sizes: ['length', 'width', 'height'], units: ['IN', 'CM'] };

/** `units`, and sizes above zero (`value`, or `length`/`width`/`height`). */
function checkMeasure(
  issues: ValidationIssues,
  path: Path,
  measure: Record<string, unknown>,
  { sizes, units }: typeof WEIGHT,
): void {
  checkText(issues, [...path, 'units'], measure.units, { required: true, oneOf: units });
  for (const size of sizes) {
    const value = measure[size];
    if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
      issues.add([...path, size], 'must be a number above zero');
    }
  }
}

export function checkPackages(issues: ValidationIssues, packages: unknown): void {
  checkList(issues, ['packages'], packages, (item, at) => {
    if (!isRecord(item)) {
      issues.add(at, 'must be an object with a weight');
      return;
    }
    const { weight, dimensions } = item;
    if (!isRecord(weight)) issues.add([...at, 'weight'], 'is required');
    else checkMeasure(issues, [...at, 'weight'], weight, WEIGHT);
    if (dimensions !== undefined && issues.object([...at, 'dimensions'], dimensions)) {
      checkMeasure(issues, [...at, 'dimensions'], dimensions, DIMENSIONS);
    }
  });
}

export const PICKUP_TYPES = [
  'DROPOFF_AT_FEDEX_LOCATION',
  'CONTACT_FEDEX_TO_SCHEDULE',
  'USE_SCHEDULED_PICKUP',
];
