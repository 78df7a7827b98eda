/**
 * Concurrent callers asking for the same key share one running promise, so
 * 200 requests that find the token missing make one token request.
 */
export interface SingleFlight {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Keys with a task in flight. */
  readonly size: number;
}

export function createSingleFlight(): SingleFlight {
  const inFlight = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const running = inFlight.get(key);
      if (running) return running as Promise<T>;
      const promise = (async () => {
        try {
          return await task();
        } finally {
          inFlight.delete(key);
        }
      })();
      inFlight.set(key, promise);
      return promise;
    },
    get size() {
      return inFlight.size;
    },
  };
}

// One flight table per store: strategies sharing a store (and so a token)
// within this process share flights; the store's lock covers other processes.
const flightsByStore = new WeakMap<object, SingleFlight>();

/** The process-wide single flight for a token store. */
export function singleFlightFor(store: object): SingleFlight {
  let flight = flightsByStore.get(store);
  if (!flight) {
    flight = createSingleFlight();
    flightsByStore.set(store, flight);
  }
  return flight;
}
