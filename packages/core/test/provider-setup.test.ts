import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuthRequest, AuthStrategy } from '../src/auth-strategy.js';
import { ConfigurationError } from '../src/errors.js';
import { decimalToMinor, minorToDecimal } from '../src/provider/decimal-amount.js';
import { checkProviderOptions, lazyAuth, lazySecrets } from '../src/provider/provider-setup.js';

afterEach(() => vi.unstubAllEnvs());

describe('checkProviderOptions', () => {
  const checks = [
    ['environment', "'test' or 'production'", (v: unknown) => v === 'test' || v === 'production'],
  ] as const;

  it('passes absent and valid options', () => {
    expect(() => checkProviderOptions('acme', 'createAcme', {}, checks)).not.toThrow();
    expect(() =>
      checkProviderOptions('acme', 'createAcme', { environment: 'test' }, checks),
    ).not.toThrow();
  });

  it('names the option and what it must be', () => {
    const error = (() => {
      try {
        checkProviderOptions('acme', 'createAcme', { environment: 'prod' }, checks);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).message).toBe(
      `environment must be 'test' or 'production', got "prod".`,
    );
    expect((error as ConfigurationError).option).toBe('environment');
  });

  it('refuses options that are not an object', () => {
    for (const value of [null, 'x', [1]]) {
      expect(() => checkProviderOptions('acme', 'createAcme', value, checks)).toThrow(
        /createAcme options must be an object/,
      );
    }
  });
});

describe('lazySecrets', () => {
  it('reads the option, else the environment, at the first call only', () => {
    const secrets = lazySecrets(
      'acme',
      { apiKey: undefined, accountId: 'acct_1' },
      { apiKey: ['ACME_API_KEY', 'Acme API key'], accountId: ['ACME_ACCOUNT', 'Acme account'] },
    );
    vi.stubEnv('ACME_API_KEY', 'from-env');
    expect(secrets.apiKey()).toBe('from-env');
    expect(secrets.accountId()).toBe('acct_1');
    vi.stubEnv('ACME_API_KEY', 'changed');
    expect(secrets.apiKey()).toBe('from-env');
  });

  it('a missing one names the option and the variable', () => {
    vi.stubEnv('ACME_API_KEY', '');
    const { apiKey } = lazySecrets('acme', {}, { apiKey: ['ACME_API_KEY', 'Acme API key'] });
    expect(() => apiKey()).toThrow('Acme API key is missing. Pass `apiKey` or set ACME_API_KEY.');
  });
});

describe('lazyAuth', () => {
  it('builds the strategy at the first request, once, and holds no secret before', async () => {
    let builds = 0;
    const auth = lazyAuth((): AuthStrategy => {
      builds += 1;
      return {
        apply: (request) => {
          request.headers.authorization = 'Bearer t';
        },
        refresh: async () => {},
        secrets: () => ['client-secret'],
      };
    });
    expect(builds).toBe(0);
    expect(auth.secrets?.()).toEqual([]);
    const request: AuthRequest = { method: 'GET', url: new URL('https://x.test/'), headers: {} };
    await auth.apply(request);
    await auth.refresh?.({ rejected: request });
    expect(request.headers.authorization).toBe('Bearer t');
    expect(builds).toBe(1);
    expect(auth.secrets?.()).toEqual(['client-secret']);
  });
});

describe('decimal amounts', () => {
  it.each([
    ['19.99', 2, 1999],
    [19.99, 2, 1999],
    [0.1, 2, 10],
    ['1.50', 2, 150],
    ['1.500', 2, 150],
    [1500, 0, 1500],
    ['7', 3, 7000],
  ])('%s with %d decimals is %d minor units', (amount, decimals, minor) => {
    expect(decimalToMinor(amount, decimals)).toBe(minor);
  });

  it.each([
    [0.1 + 0.2, 2, 'has 17 decimals; 2 allowed'],
    [1.5, 0, 'has 1 decimals; 0 allowed'],
    [-1, 2, 'must be a non-negative decimal number, got -1'],
    [Number.NaN, 2, 'must be a non-negative decimal number, got NaN'],
    ['1e3', 2, 'must be a non-negative decimal number, got "1e3"'],
    ['99999999999999999', 0, 'is too large'],
  ])('%s with %d decimals is refused: %s', (amount, decimals, reason) => {
    expect(decimalToMinor(amount, decimals)).toBe(reason);
  });

  it('writes minor units back exactly', () => {
    expect(minorToDecimal(1999, 2)).toBe('19.99');
    expect(minorToDecimal(5, 2)).toBe('0.05');
    expect(minorToDecimal(-5, 2)).toBe('-0.05');
    expect(minorToDecimal(1500, 0)).toBe('1500');
    expect(minorToDecimal(1, 3)).toBe('0.001');
  });
});
