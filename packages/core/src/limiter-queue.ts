import type { Clock } from './clock.js';
import type { ReleaseFn } from './rate-limiter.js';

/** What a limiter keeping its own budget per key decides; the queue does the waiting. */
export interface LimiterQueueRules<State, Request> {
  clock: Clock;
  /** A fresh state for a key seen for the first time (or again after it went idle). */
  create(): State;
  /** 0 when `request` may start now, else when to look again (Infinity: at the next release or pump). */
  blockedUntil(state: State, request: Request, now: number): number;
  /** Takes the budget `request` starts with; the function returned gives it back (called once). */
  take(state: State, request: Request): () => void;
  /** True when, with no one waiting, the state holds nothing worth keeping. */
  idle(state: State, now: number): boolean;
}

export interface LimiterQueue<State, Request> {
  /** Resolves, first come first served, once `request` may start; rejects when `signal` aborts. */
  acquire(key: string, request: Request, signal: AbortSignal | undefined): Promise<ReleaseFn>;
  /** The key's state, created when absent: change it (from an answer's headers), then `pump`. */
  state(key: string): State;
  /** Grants every waiter of `key` that may go now. */
  pump(key: string): void;
}

interface Waiter<Request> {
  request: Request;
  resolve: (release: ReleaseFn) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

interface Slot<State, Request> {
  state: State;
  waiters: Array<Waiter<Request>>;
  timer: AbortController | undefined;
  timerAt: number;
}

/**
 * The waiting half of a per-key limiter, so a provider's limiter only says what
 * blocks a call: waiters queue in order, one timer per key wakes the head when
 * `blockedUntil` says it may go, a release or an abort lets the next one try,
 * and an idle key is dropped so the map does not grow with every account seen.
 */
export function limiterQueue<State, Request>(
  rules: LimiterQueueRules<State, Request>,
): LimiterQueue<State, Request> {
  const slots = new Map<string, Slot<State, Request>>();

  const slotOf = (key: string): Slot<State, Request> => {
    let slot = slots.get(key);
    if (!slot) {
      slot = { state: rules.create(), waiters: [], timer: undefined, timerAt: 0 };
      slots.set(key, slot);
    }
    return slot;
  };

  const grant = (key: string, slot: Slot<State, Request>, request: Request): ReleaseFn => {
    const giveBack = rules.take(slot.state, request);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      giveBack();
      pump(key, slot);
    };
  };

  const pump = (key: string, slot: Slot<State, Request>): void => {
    const now = rules.clock.now();
    while (slot.waiters.length > 0) {
      const head = slot.waiters[0]!;
      const until = rules.blockedUntil(slot.state, head.request, now);
      // Fails closed: an answer that is not a number blocks (until a release or a pump).
      if (!(until <= 0)) {
        if (Number.isFinite(until)) wakeAt(key, slot, until, now);
        return;
      }
      slot.waiters.shift();
      head.signal?.removeEventListener('abort', head.onAbort);
      head.resolve(grant(key, slot, head.request));
    }
    // A late timer of a dropped slot must not drop the key's new one.
    if (slots.get(key) === slot && rules.idle(slot.state, now)) slots.delete(key);
  };

  // The earliest wake wins: a later one would leave the head waiting past its time.
  const wakeAt = (key: string, slot: Slot<State, Request>, at: number, now: number): void => {
    if (slot.timer && slot.timerAt <= at) return;
    slot.timer?.abort();
    const controller = new AbortController();
    slot.timer = controller;
    slot.timerAt = at;
    rules.clock.sleep(Math.max(0, at - now), controller.signal).then(
      () => {
        if (slot.timer !== controller) return;
        slot.timer = undefined;
        pump(key, slot);
      },
      () => undefined,
    );
  };

  return {
    acquire(key, request, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      const slot = slotOf(key);
      return new Promise<ReleaseFn>((resolve, reject) => {
        const waiter: Waiter<Request> = {
          request,
          resolve,
          signal,
          onAbort: () => {
            const index = slot.waiters.indexOf(waiter);
            if (index >= 0) slot.waiters.splice(index, 1);
            reject(signal?.reason);
            pump(key, slot);
          },
        };
        signal?.addEventListener('abort', waiter.onAbort, { once: true });
        slot.waiters.push(waiter);
        pump(key, slot);
      });
    },
    state: (key) => slotOf(key).state,
    pump(key) {
      const slot = slots.get(key);
      if (slot) pump(key, slot);
    },
  };
}
