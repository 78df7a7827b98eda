import { describe, expect, it } from 'vitest';
import { isCountryCode, usesPostalCode } from '../src/provider/index.js';

describe('isCountryCode', () => {
  it('takes officially assigned ISO 3166-1 alpha-2 codes in upper case', () => {
    for (const code of ['US', 'DE', 'BR', 'JP', 'ZW', 'AX']) expect(isCountryCode(code)).toBe(true);
  });

  it('refuses lower case, unassigned, reserved and non-string values', () => {
    for (const value of ['us', 'XX', 'UK', 'EU', 'USA', '', undefined, 840]) {
      expect(isCountryCode(value)).toBe(false);
    }
  });
});

describe('usesPostalCode', () => {
  it('is false only where the country has no postal code system in use', () => {
    for (const code of ['US', 'DE', 'GB', 'BR']) expect(usesPostalCode(code)).toBe(true);
    for (const code of ['HK', 'AE', 'IE', 'QA']) expect(usesPostalCode(code)).toBe(false);
  });
});
