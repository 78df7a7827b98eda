import { ConfigurationError } from '../errors.js';
import { CALL_GUARD } from '../http/call-guard.js';
import { guardWithCircuit } from '../http/circuit-guard.js';
import type { Logger } from '../logger.js';
import {
  type Admission,
  admit,
  type CircuitSettings,
  type CircuitStatus,
  closedCircuit,
  settle,
  type Transition,
} from './circuit-state.js';
import { type CircuitStore, memoryCircuitStore } from './circuit-store.js';

/** `circuitBreaker` of a client: `true` for the defaults, or settings. */
export interface CircuitBreakerOptions {
  /** Share of failed calls in the window that opens the circuit. Default 0.5. */
  failureRate?: number | undefined;
  /** Calls the window must hold before the rate counts. Default 20. */
  minimumCalls?: number | undefined;
  /** How far back calls count. Default 30 000 ms. */
  windowMs?: number | undefined;
  /** Open time before probes go through. Default 15 000 ms. */
  cooldownMs?: number | undefined;
  /** Probes while half-open; that many successes close it. Default 1. */
  halfOpenCalls?: number | undefined;
  /** Shared state: `memoryCircuitStore()` (default, this process), SQLite's or Redis's for several. */
  store?: CircuitStore | undefined;
}

export interface CircuitTransition extends Transition {
  provider: string;
  /** The breaker's key: the provider's account or rate-limit key. */
  key: string;
  at: number;
}

export interface CircuitBreaker {
  readonly settings: CircuitSettings;
  /** Whether a call on `key` may go now (at once with the memory store, else a promise). */
  admit(key: string, now: number): Admission | Promise<Admission>;
  /** How an admitted call ended: `unwell` for 5xx, timeouts and connection errors. */
  settle(
    key: string,
    outcome: { unwell: boolean | undefined; probe: boolean },
    now: number,
  ): void | Promise<void>;
  status(key: string, now: number): Promise<CircuitStatus>;
}

/** Builds a client's breaker; what the `circuitBreaker` option takes. */
export interface CircuitBreakerFactory {
  readonly settings: CircuitSettings;
  create(context: CircuitBreakerContext): CircuitBreaker;
}

export interface CircuitBreakerContext {
  provider: string;
  logger: Logger;
  onTransition?: ((transition: CircuitTransition) => void) | undefined;
}

/**
 * A circuit breaker for a client's `circuitBreaker` option: one circuit per
 * provider and key, with these settings (defaults: open at 50 % failed calls
 * over at least 20 in 30 s, probe after 15 s) and a shared `store`. A
 * function to import, so an app without a breaker bundles none of it.
 */
export function circuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreakerFactory {
  const settings = resolveSettings(options, 'circuitBreaker');
  return {
    settings,
    create: (context) => createCircuitBreaker({ ...options, ...settings }, context),
    [CALL_GUARD]: guardWithCircuit,
  } as CircuitBreakerFactory;
}

export const DEFAULT_CIRCUIT_SETTINGS: CircuitSettings = {
  failureRate: 0.5,
  minimumCalls: 20,
  windowMs: 30_000,
  cooldownMs: 15_000,
  halfOpenCalls: 1,
};

function resolveSettings(options: CircuitBreakerOptions, provider: string): CircuitSettings {
  const settings = { ...DEFAULT_CIRCUIT_SETTINGS };
  for (const name of Object.keys(DEFAULT_CIRCUIT_SETTINGS) as Array<keyof CircuitSettings>) {
    const value = options[name];
    if (value === undefined) continue;
    const valid =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (name === 'failureRate' ? value > 0 && value <= 1 : value > 0) &&
      (name === 'minimumCalls' || name === 'halfOpenCalls' ? Number.isInteger(value) : true);
    if (!valid) {
      throw new ConfigurationError(
        `circuitBreaker.${name} must be ${name === 'failureRate' ? 'a number above 0 and at most 1' : 'a positive number'}.`,
        { option: `circuitBreaker.${name}`, provider },
      );
    }
    settings[name] = value;
  }
  return settings;
}

/**
 * A breaker per provider and key. Transitions are logged
 * (`circuit.opened`, `circuit.half_open`, `circuit.closed`) and handed to
 * `onTransition` (metrics' health).
 */
export function createCircuitBreaker(
  options: CircuitBreakerOptions,
  context: CircuitBreakerContext,
): CircuitBreaker {
  const given = options;
  const settings = resolveSettings(given, context.provider);
  const store = given.store ?? memoryCircuitStore();
  const report = (key: string, now: number, transition: Transition | undefined) => {
    if (!transition) return;
    const line = { provider: context.provider, key, from: transition.from, to: transition.to };
    if (transition.to === 'open') {
      context.logger.warn(
        {
          event: 'circuit.opened',
          ...line,
          failures: transition.failures,
          calls: transition.calls,
        },
        `The ${context.provider} circuit opened: calls fail at once for ${settings.cooldownMs} ms`,
      );
    } else if (transition.to === 'half-open') {
      context.logger.info(
        { event: 'circuit.half_open', ...line },
        `The ${context.provider} circuit is half-open: probes go through`,
      );
    } else {
      context.logger.info(
        { event: 'circuit.closed', ...line },
        `The ${context.provider} circuit closed: calls flow again`,
      );
    }
    try {
      context.onTransition?.({ ...transition, provider: context.provider, key, at: now });
    } catch {
      // An observer must not break the call.
    }
  };
  return {
    settings,
    admit(key, now) {
      const outcome = store.update(key, (state) => {
        const step = admit(state, now, settings);
        return { state: step.state, result: step };
      });
      const done = (step: Awaited<typeof outcome>) => {
        report(key, now, step.transition);
        return step.admission;
      };
      return outcome instanceof Promise ? outcome.then(done) : done(outcome);
    },
    settle(key, result, now) {
      const transition = store.update(key, (state) => {
        const step = settle(state, result, now, settings);
        return { state: step.state, result: step.transition };
      });
      if (transition instanceof Promise) {
        return transition.then((step) => report(key, now, step));
      }
      report(key, now, transition);
    },
    async status(key, now) {
      const state = (await store.read(key)) ?? closedCircuit();
      if (state.status === 'open' && now >= state.openedAt + settings.cooldownMs)
        return 'half-open';
      return state.status;
    },
  };
}
