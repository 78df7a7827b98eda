import { endpoint, ownOptions } from '@int/core';
import { addressPayload } from './payload.js';
import { alertsOf, at, list, statusOf, text } from './ups-answers.js';
import type {
  Addresses,
  AddressValidateOptions,
  AddressValidationResult,
  UPSContext,
} from './ups-types.js';
import { checkAddress, issuesFor } from './validation.js';

const classification = (value: unknown) => (value ? statusOf(value) : undefined);

export function parseValidation(raw: unknown): AddressValidationResult {
  const response = at(raw, 'XAVResponse');
  const flag = (name: string) => at(response, name) !== undefined;
  return {
    match: flag('ValidAddressIndicator')
      ? 'valid'
      : flag('AmbiguousAddressIndicator')
        ? 'ambiguous'
        : 'none',
    classification: classification(at(response, 'AddressClassification')),
    candidates: list(at(response, 'Candidate')).map((candidate) => {
      const key = (name: string) => text(at(candidate, 'AddressKeyFormat', name));
      const lines = at(candidate, 'AddressKeyFormat', 'AddressLine');
      const postal = [key('PostcodePrimaryLow'), key('PostcodeExtendedLow')].filter(Boolean);
      const address = {
        addressLines: (Array.isArray(lines) ? lines : [lines]).flatMap((line) => text(line) ?? []),
        city: key('PoliticalDivision2'),
        stateProvinceCode: key('PoliticalDivision1'),
        postalCode: postal.join('-') || undefined,
        countryCode: key('CountryCode') ?? '',
      };
      return { address, classification: classification(candidate.AddressClassification) };
    }),
    alerts: alertsOf(at(response, 'Response', 'Alert')),
    raw,
  };
}

// Request option 3: validation and classification in one answer.
const validate = endpoint<unknown, AddressValidationResult>({
  operation: 'addresses.validate',
  method: 'POST',
  path: '/api/addressvalidation/v2/3',
  idempotent: true,
  map: parseValidation,
});

export function createAddresses({ client }: UPSContext): Addresses {
  return {
    async validate(address, value) {
      const issues = issuesFor('addresses.validate');
      // Address Validation takes a ZIP+4 (10 characters).
      checkAddress(issues, ['address'], address, false, 10);
      const country = (address as Partial<typeof address> | null)?.countryCode;
      // A string test, not String(country): a list holding a symbol would throw a TypeError.
      const twoLetters = typeof country === 'string' && /^[A-Z]{2}$/.test(country);
      if (twoLetters && country !== 'US' && country !== 'PR') {
        issues.add(
          ['address', 'countryCode'],
          'must be US or PR: UPS validates street addresses there only',
        );
      }
      const { maximumCandidates, ...options } = ownOptions<AddressValidateOptions>(issues, value);
      issues.integer(['options', 'maximumCandidates'], maximumCandidates, 0, 50);
      issues.throwIfAny();
      const {
        AddressLine,
        City,
        StateProvinceCode,
        PostalCode = '',
        CountryCode,
      } = addressPayload({ address });
      // A ZIP+4 goes in two fields.
      const [low, extended] = /^\d{5}-\d{4}$/.test(PostalCode)
        ? PostalCode.split('-')
        : [PostalCode || undefined];
      const AddressKeyFormat = {
        AddressLine,
        PoliticalDivision2: City,
        PoliticalDivision1: StateProvinceCode,
        PostcodePrimaryLow: low,
        PostcodeExtendedLow: extended,
        CountryCode,
      };
      const query = { maximumcandidatelistsize: maximumCandidates };
      return client.call(validate, { body: { XAVRequest: { AddressKeyFormat } }, query }, options);
    },
  };
}
