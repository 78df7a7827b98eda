import { ConfigurationError } from '../errors.js';

export interface SecretSource {
  provider: string;
  /** The option that carries it, e.g. `secretKey`. */
  option: string;
  /** The environment variable read when the option is not given, e.g. `STRIPE_SECRET_KEY`. */
  envVar: string;
  /** How a person calls it, e.g. `Stripe secret key`. */
  label: string;
  /** The option's value as given. */
  value: string | undefined;
}

const readEnvironment = (name: string): string | undefined =>
  typeof process !== 'undefined' && process.env ? process.env[name] : undefined;

/**
 * A secret read at the first call that needs it (never at import or when the
 * client is created), from the option or else the environment, then kept. A
 * missing one is a `ConfigurationError` naming both places to put it.
 */
export function lazySecret(source: SecretSource): () => string {
  let secret: string | undefined;
  return () => {
    if (secret !== undefined) return secret;
    const value = source.value ?? readEnvironment(source.envVar);
    if (typeof value !== 'string' || value.trim().length === 0) {
      throw new ConfigurationError(
        `${source.label} is missing. Pass \`${source.option}\` or set ${source.envVar}.`,
        { option: source.option, provider: source.provider },
      );
    }
    secret = value;
    return value;
  };
}
