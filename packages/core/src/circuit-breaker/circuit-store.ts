import { type CircuitState, closedCircuit } from './circuit-state.js';

/**
 * Where breakers keep their state. `update` applies a pure step to one key's
 * state atomically (a store may run the step more than once, on a conflict):
 * in memory for one process, `sqliteCircuitStore` for the processes of one
 * machine, `redisCircuitStore` for every process that shares the Redis.
 */
export interface CircuitStore {
  /** A store in this process may answer at once; a shared one answers with a promise. */
  update<R>(
    key: string,
    step: (state: CircuitState) => { state: CircuitState; result: R },
  ): R | Promise<R>;
  read(key: string): Promise<CircuitState | undefined>;
}

/** One process's breakers. */
export function memoryCircuitStore(): CircuitStore {
  const states = new Map<string, CircuitState>();
  return {
    // Synchronous: a call's admission and outcome cost no extra turn of the event loop.
    update(key, step) {
      const { state, result } = step(states.get(key) ?? closedCircuit());
      states.set(key, state);
      return result;
    },
    async read(key) {
      return states.get(key);
    },
  };
}
