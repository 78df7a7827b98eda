import { type Clock, systemClock } from '../clock.js';

/**
 * The clock a client, its fake and its verifiers share in a test: `now()` in
 * epoch ms; `sleep` is optional (a test clock gives one so retry waits are
 * instant; without it waits are real).
 */
export interface ProviderClock {
  now(): number;
  sleep?: Clock['sleep'] | undefined;
}

export function toClock(clock: ProviderClock | undefined): Clock {
  if (!clock) return systemClock;
  if (typeof clock.sleep === 'function') return clock as Clock;
  return { now: () => clock.now(), sleep: (ms, signal) => systemClock.sleep(ms, signal) };
}
