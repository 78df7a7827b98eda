/**
 * The breaker as pure data and pure steps, so that a memory, SQLite or Redis
 * store can hold it and apply the same steps atomically.
 */
export type CircuitStatus = 'closed' | 'open' | 'half-open';

export interface CircuitSettings {
  /** Share of failed calls in the window that opens the circuit (0 < rate <= 1). */
  failureRate: number;
  /** Calls the window must hold before the rate counts. */
  minimumCalls: number;
  /** How far back calls count, in ms. */
  windowMs: number;
  /** How long the circuit stays open before letting probes through, in ms. */
  cooldownMs: number;
  /** Probes let through while half-open; that many successes close the circuit. */
  halfOpenCalls: number;
}

/** One slice of the window: calls and failures that ended in it. */
interface WindowSlice {
  at: number;
  calls: number;
  failures: number;
}

export interface CircuitState {
  status: CircuitStatus;
  /** When it last opened (epoch ms); 0 when it never did. */
  openedAt: number;
  slices: WindowSlice[];
  probesInFlight: number;
  probeSuccesses: number;
}

export type Admission =
  | { allowed: true; probe: boolean }
  | { allowed: false; retryAfterMs: number };

export interface Transition {
  from: CircuitStatus;
  to: CircuitStatus;
  /** Failures and calls in the window when it opened. */
  failures: number;
  calls: number;
}

const SLICES = 10;

export const closedCircuit = (): CircuitState => ({
  status: 'closed',
  openedAt: 0,
  slices: [],
  probesInFlight: 0,
  probeSuccesses: 0,
});

const recent = (state: CircuitState, now: number, settings: CircuitSettings): WindowSlice[] =>
  state.slices.filter((slice) => slice.at > now - settings.windowMs);

/** Whether a call may go now; a call let through while half-open is a probe. */
export function admit(
  state: CircuitState,
  now: number,
  settings: CircuitSettings,
): { state: CircuitState; admission: Admission; transition?: Transition | undefined } {
  if (state.status === 'closed') return { state, admission: { allowed: true, probe: false } };
  if (state.status === 'open') {
    const reopensAt = state.openedAt + settings.cooldownMs;
    if (now < reopensAt) {
      return { state, admission: { allowed: false, retryAfterMs: reopensAt - now } };
    }
    const next: CircuitState = {
      ...closedCircuit(),
      status: 'half-open',
      openedAt: state.openedAt,
    };
    next.probesInFlight = 1;
    return {
      state: next,
      admission: { allowed: true, probe: true },
      transition: { from: 'open', to: 'half-open', failures: 0, calls: 0 },
    };
  }
  if (state.probesInFlight < settings.halfOpenCalls) {
    return {
      state: { ...state, probesInFlight: state.probesInFlight + 1 },
      admission: { allowed: true, probe: true },
    };
  }
  // Probes are out: the answer comes within one call's time, so ask again soon.
  return {
    state,
    admission: { allowed: false, retryAfterMs: Math.min(settings.cooldownMs, 1_000) },
  };
}

/**
 * Records how an admitted call ended. `unwell: true` is a failure that says
 * the provider is unwell (5xx, timeout, connection); `false` is a success for
 * the breaker (the provider answered); `undefined` says nothing (an abort):
 * it only frees its probe slot. Late results of calls admitted under another
 * status are dropped.
 */
export function settle(
  state: CircuitState,
  outcome: { unwell: boolean | undefined; probe: boolean },
  now: number,
  settings: CircuitSettings,
): { state: CircuitState; transition?: Transition | undefined } {
  if (outcome.unwell === undefined) {
    if (state.status !== 'half-open' || !outcome.probe) return { state };
    return { state: { ...state, probesInFlight: Math.max(0, state.probesInFlight - 1) } };
  }
  if (state.status === 'half-open') {
    if (!outcome.probe) return { state };
    if (outcome.unwell) {
      return {
        state: { ...closedCircuit(), status: 'open', openedAt: now },
        transition: { from: 'half-open', to: 'open', failures: 1, calls: 1 },
      };
    }
    const successes = state.probeSuccesses + 1;
    if (successes >= settings.halfOpenCalls) {
      return {
        state: closedCircuit(),
        transition: { from: 'half-open', to: 'closed', failures: 0, calls: successes },
      };
    }
    return {
      state: { ...state, probeSuccesses: successes, probesInFlight: state.probesInFlight - 1 },
    };
  }
  if (state.status === 'open') return { state };
  const width = settings.windowMs / SLICES;
  const at = Math.floor(now / width) * width;
  // Nothing expired (the usual case on a busy client): copy instead of filtering.
  const oldest = state.slices[0];
  const slices =
    oldest === undefined || oldest.at > now - settings.windowMs
      ? state.slices.slice()
      : recent(state, now, settings);
  const last = slices.at(-1);
  const failure = outcome.unwell ? 1 : 0;
  if (last && last.at === at) {
    slices[slices.length - 1] = { at, calls: last.calls + 1, failures: last.failures + failure };
  } else {
    slices.push({ at, calls: 1, failures: failure });
  }
  // A success never opens the circuit: the window's sums are needed only for a failure.
  if (!outcome.unwell) return { state: { ...state, slices } };
  const calls = slices.reduce((sum, slice) => sum + slice.calls, 0);
  const failures = slices.reduce((sum, slice) => sum + slice.failures, 0);
  if (calls >= settings.minimumCalls && failures / calls >= settings.failureRate) {
    return {
      state: { ...closedCircuit(), status: 'open', openedAt: now },
      transition: { from: 'closed', to: 'open', failures, calls },
    };
  }
  return { state: { ...state, slices } };
}
