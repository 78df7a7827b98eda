/** Faults the injector can apply to one attempt. */
export type FaultKind =
  | 'reset-before'
  | 'reset-after'
  | 'rate-limit'
  | 'unavailable'
  | 'slow'
  | 'truncated'
  | 'invalid-json';

export const FAULT_KINDS: ReadonlyArray<FaultKind> = [
  'reset-before',
  'reset-after',
  'rate-limit',
  'unavailable',
  'slow',
  'truncated',
  'invalid-json',
];

export interface FaultPlanOptions {
  seed: number;
  /** Probability that one attempt gets a fault, spread evenly over the kinds. */
  faultRate: number;
  /** Share of logical calls whose first attempt is rejected as invalid (400/422). */
  nonRetryableRate: number;
}

/** What happens to one attempt: a fault, a non-retryable rejection, or nothing. */
export type PlannedOutcome = FaultKind | 'reject' | 'pass';

/** FNV-1a, then a murmur-style finalizer: a stable uniform draw in [0, 1) per string. */
export function uniformFromString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 2 ** 32;
}

/**
 * Decides from (seed, call id, attempt) alone, so a run is the same whatever
 * order 20 concurrent calls arrive in.
 */
export function planAttempt(
  options: FaultPlanOptions,
  callId: string,
  attempt: number,
): PlannedOutcome {
  if (attempt === 1 && isNonRetryableCall(options, callId)) return 'reject';
  const draw = uniformFromString(`${options.seed}:${callId}:${attempt}`);
  if (draw >= options.faultRate) return 'pass';
  const index = Math.floor((draw / options.faultRate) * FAULT_KINDS.length);
  return FAULT_KINDS[Math.min(index, FAULT_KINDS.length - 1)]!;
}

/** Calls marked to be rejected once as invalid input, which must never be repeated. */
export function isNonRetryableCall(options: FaultPlanOptions, callId: string): boolean {
  return uniformFromString(`${options.seed}:reject:${callId}`) < options.nonRetryableRate;
}
