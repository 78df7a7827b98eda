import type { AuthStrategy } from '../auth-strategy.js';
import { describeValue } from '../describe-value.js';
import { ConfigurationError } from '../errors.js';
import { lazySecret } from './load-secret.js';

/** One provider option checked when the client is created: `[option, what it must be, test]`. */
export type OptionCheck<Options> = readonly [
  option: keyof Options & string,
  expected: string,
  valid: (value: unknown) => boolean,
];

const CREDENTIAL_OPTION = /key|secret|token|password|credential/i;
const kindOf = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;

/**
 * A create function's own options, checked before the client exists: `options`
 * is an object (or absent), and each listed option is absent or passes its test.
 * A failure is a `ConfigurationError` naming the option and what it must be.
 */
export function checkProviderOptions<Options extends object>(
  provider: string,
  factory: string,
  options: unknown,
  checks: ReadonlyArray<OptionCheck<Options>>,
): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigurationError(`${factory} options must be an object when given.`, {
      provider,
      option: 'options',
    });
  }
  for (const [option, expected, valid] of checks) {
    const value = (options as Record<string, unknown>)[option];
    if (value !== undefined && !valid(value)) {
      // A credential given with the wrong type (a number from unquoted YAML) is still a credential.
      const got = CREDENTIAL_OPTION.test(option) ? kindOf(value) : describeValue(value);
      throw new ConfigurationError(`${option} must be ${expected}, got ${got}.`, {
        provider,
        option,
      });
    }
  }
}

/**
 * One `lazySecret` per credential of a provider, from a table of
 * `option: [environment variable, how a person calls it]`: each is read from
 * the option or else the environment at the first call that needs it.
 */
export function lazySecrets<Name extends string>(
  provider: string,
  options: NoInfer<Partial<Record<Name, string | undefined>>>,
  table: Readonly<Record<Name, readonly [envVar: string, label: string]>>,
): Record<Name, () => string> {
  const readers = {} as Record<Name, () => string>;
  for (const option of Object.keys(table) as Name[]) {
    const [envVar, label] = table[option];
    readers[option] = lazySecret({ provider, option, envVar, label, value: options[option] });
  }
  return readers;
}

/**
 * An auth strategy built at the first request, not when the client is created:
 * OAuth strategies need credentials that are read lazily and the client's final
 * base URL. Until it is built it holds no secret to scrub.
 */
export function lazyAuth(build: () => AuthStrategy): AuthStrategy {
  let strategy: AuthStrategy | undefined;
  const built = () => (strategy ??= build());
  return {
    apply: (request) => built().apply(request),
    refresh: async (context) => built().refresh?.(context),
    secrets: () => strategy?.secrets?.() ?? [],
  };
}
