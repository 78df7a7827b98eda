import { describeValue, ValidationError, type ValidationIssue } from '@int/core';
import { isCountryCode, usesPostalCode } from './country-codes.js';

type Path = ReadonlyArray<string | number>;

/** Collects every issue of one input, then throws them together. */
export class Issues {
  readonly list: ValidationIssue[] = [];

  add(path: Path, message: string): void {
    this.list.push({ path, message });
  }

  throwIfAny(operation: string): void {
    if (this.list.length > 0) {
      throw new ValidationError(this.list, { provider: 'fedex', operation });
    }
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const isNonEmptyString = (value: unknown): value is string =>
  typeof value === 'string' && value.trim().length > 0;

export function checkString(
  issues: Issues,
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
  issues: Issues,
  path: Path,
  address: unknown,
  options: { requireStreet?: boolean; requireCity?: boolean } = {},
): void {
  if (!isRecord(address)) {
    issues.add(path, 'must be an object');
    return;
  }
  const { countryCode, postalCode, streetLines, city, stateOrProvinceCode } = address;
  if (countryCode === undefined) {
    issues.add([...path, 'countryCode'], 'is required');
  } else if (!isCountryCode(countryCode)) {
    issues.add(
      [...path, 'countryCode'],
      `must be an ISO 3166-1 alpha-2 code in upper case (got ${describeValue(countryCode)})`,
    );
  }
  if (postalCode !== undefined && !isNonEmptyString(postalCode)) {
    issues.add([...path, 'postalCode'], 'must be a non-empty string');
  } else if (
    postalCode === undefined &&
    isCountryCode(countryCode) &&
    usesPostalCode(countryCode)
  ) {
    issues.add([...path, 'postalCode'], `is required for country ${countryCode}`);
  }
  if (streetLines !== undefined || options.requireStreet) {
    if (
      !Array.isArray(streetLines) ||
      streetLines.length === 0 ||
      streetLines.length > 3 ||
      !streetLines.every(isNonEmptyString)
    ) {
      issues.add([...path, 'streetLines'], 'must be 1 to 3 non-empty strings');
    }
  }
  checkString(issues, [...path, 'city'], city, { required: options.requireCity });
  if (stateOrProvinceCode !== undefined && !isNonEmptyString(stateOrProvinceCode)) {
    issues.add([...path, 'stateOrProvinceCode'], 'must be a non-empty string');
  }
}

export function checkParty(
  issues: Issues,
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
  if (options.contact) {
    const contact = party.contact;
    if (!isRecord(contact)) {
      issues.add([...path, 'contact'], 'is required (phoneNumber and personName or companyName)');
    } else {
      checkString(issues, [...path, 'contact', 'phoneNumber'], contact.phoneNumber, {
        required: true,
      });
      if (!isNonEmptyString(contact.personName) && !isNonEmptyString(contact.companyName)) {
        issues.add([...path, 'contact'], 'needs personName or companyName');
      }
    }
  }
}

const isPositiveNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0;

export function checkPackages(issues: Issues, path: Path, packages: unknown): void {
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
    const weight = item.weight;
    if (!isRecord(weight)) {
      issues.add([...at, 'weight'], 'is required');
    } else {
      checkString(issues, [...at, 'weight', 'units'], weight.units, {
        required: true,
        oneOf: ['LB', 'KG'],
      });
      if (!isPositiveNumber(weight.value)) {
        issues.add([...at, 'weight', 'value'], 'must be a number above zero');
      }
    }
    if (item.dimensions !== undefined) {
      const dimensions = item.dimensions;
      if (!isRecord(dimensions)) {
        issues.add([...at, 'dimensions'], 'must be an object');
        return;
      }
      for (const side of ['length', 'width', 'height'] as const) {
        if (!isPositiveNumber(dimensions[side])) {
          issues.add([...at, 'dimensions', side], 'must be a number above zero');
        }
      }
      checkString(issues, [...at, 'dimensions', 'units'], dimensions.units, {
        required: true,
        oneOf: ['IN', 'CM'],
      });
    }
  });
}

export { isNonEmptyString, isRecord };
