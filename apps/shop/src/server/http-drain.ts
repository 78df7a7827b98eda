import type { Server } from 'node:http';

type Handler<Args extends unknown[]> = (
  request: Request,
  ...args: Args
) => Response | Promise<Response>;

/** Counts requests in flight and, once draining, answers new ones 503 with `connection: close`. */
export interface HttpDrain {
  /** Wraps the app's handler; extra arguments (the server's bindings) are passed through. */
  wrap<Args extends unknown[]>(handler: Handler<Args>): Handler<Args>;
  /**
   * Stops accepting connections, waits for the requests in flight (at most
   * `graceMs`, then cuts what is left) and resolves once the server is closed.
   */
  drain(server: Server, graceMs: number): Promise<void>;
  readonly inFlight: number;
}

export function createHttpDrain(): HttpDrain {
  let inFlight = 0;
  let draining = false;
  let idle: (() => void) | undefined;

  const done = () => {
    inFlight -= 1;
    if (inFlight === 0) idle?.();
  };

  return {
    get inFlight() {
      return inFlight;
    },
    wrap(handler) {
      return async (request, ...args) => {
        if (draining) {
          // A keep-alive connection may still carry a request: refuse it and close the connection.
          return new Response('shutting down', {
            status: 503,
            headers: { connection: 'close', 'retry-after': '5' },
          });
        }
        inFlight += 1;
        try {
          return await handler(request, ...args);
        } finally {
          done();
        }
      };
    },
    async drain(server, graceMs) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => {
            idle = resolve;
          }),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, graceMs);
          }),
        ]);
        clearTimeout(timer);
      }
      // Answered requests leave idle keep-alive connections; anything still open after the grace is cut.
      server.closeIdleConnections();
      setImmediate(() => server.closeAllConnections());
      await closed;
    },
  };
}
