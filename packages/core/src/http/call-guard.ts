import { ConfigurationError } from '../errors.js';
import type { CallRunner } from './call-pipeline.js';
import type { ClientSettings } from './client-settings.js';

/** Puts something (the circuit breaker) in front of a client's call loop. */
export type CallGuard = (settings: ClientSettings, run: CallRunner) => CallRunner;

/**
 * Where `circuitBreaker()` hangs the pipeline's guard on the factory it
 * returns: the guard's code travels with the option, so an app that never
 * imports `circuitBreaker` bundles none of it.
 */
export const CALL_GUARD: unique symbol = Symbol.for('@int/core/callGuard');

/** The guard the `circuitBreaker` option brings; a factory without one is refused, never ignored. */
export function callGuardOf(factory: object, provider: string): CallGuard {
  const guard = (factory as { [CALL_GUARD]?: unknown })[CALL_GUARD];
  if (typeof guard !== 'function') {
    throw new ConfigurationError(
      'circuitBreaker must be made by circuitBreaker() from @int/core (or a store package).',
      { option: 'circuitBreaker', provider },
    );
  }
  return guard as CallGuard;
}
