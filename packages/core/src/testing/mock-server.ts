import { delay, HttpResponse, http, passthrough, type RequestHandler } from 'msw';
import { setupServer } from 'msw/node';

/** One request as it went over the wire. */
export interface RecordedCall {
  method: string;
  url: URL;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Raw body text, exactly as sent. */
  body: string;
  /** The body parsed as JSON (throws when it is not). */
  json<T = unknown>(): T;
  /** The body parsed as `application/x-www-form-urlencoded` pairs (decoded). */
  form(): Array<[string, string]>;
  /** 1 for the first call to its route, 2 for the second, ... */
  callNumber: number;
}

/** How a scripted route answers one call. */
export type ScriptedReply =
  | {
      status?: number | undefined;
      json?: unknown;
      /** Raw body text (for invalid or truncated JSON). */
      body?: string | undefined;
      headers?: Record<string, string> | undefined;
      /** Real wait before answering, in ms. */
      delayMs?: number | undefined;
    }
  | { error: 'network' };

export type RouteReply =
  | ScriptedReply
  | ScriptedReply[]
  | ((call: RecordedCall) => ScriptedReply | Promise<ScriptedReply>);

/**
 * A provider fake from a package's `./testing` entry: MSW handlers with state
 * to reset. Every `FakeControls` (from `createFakeApi`) is one.
 */
export interface ProviderFake {
  handlers: RequestHandler[];
  reset(): void;
}

export interface MockServer {
  /** Starts intercepting; unhandled requests are errors (loopback passes through). */
  listen(): void;
  close(): void;
  /**
   * Between tests: forgets routes added by `route()`/`use()` and recorded
   * calls, and resets every fake given to `createMockServer` (their handlers stay).
   */
  reset(): void;
  /**
   * Answers `method url` with replies scripted per call number: with an array
   * the first call gets the first reply, and the last reply repeats.
   */
  route(method: string, url: string, reply: RouteReply): void;
  /** Adds MSW handlers (a provider's fake); their calls are recorded too. */
  use(...handlers: RequestHandler[]): void;
  /** Every call seen, in order. */
  readonly calls: RecordedCall[];
  /** Requests no handler answered (each also failed as a network error). */
  readonly unhandled: string[];
  /** Calls whose method matches and whose URL (without query) ends with `pathOrUrl`. */
  callsTo(method: string, pathOrUrl: string): RecordedCall[];
}

function record(request: Request, body: string, callNumber: number): RecordedCall {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return {
    method: request.method,
    url: new URL(request.url),
    headers,
    body,
    callNumber,
    json: <T>() => JSON.parse(body) as T,
    form: () => [...new URLSearchParams(body).entries()],
  };
}

function toResponse(reply: ScriptedReply): Response {
  if ('error' in reply) return HttpResponse.error();
  const status = reply.status ?? 200;
  if (reply.body !== undefined) {
    return new HttpResponse(reply.body, {
      status,
      headers: { 'content-type': 'application/json', ...reply.headers },
    });
  }
  if (reply.json !== undefined)
    return HttpResponse.json(reply.json as never, { status, headers: reply.headers });
  return new HttpResponse(null, { status, headers: reply.headers });
}

function isProviderFake(value: RequestHandler | ProviderFake): value is ProviderFake {
  return Array.isArray((value as Partial<ProviderFake>).handlers);
}

/**
 * MSW in-process server for tests: scripted routes, every call recorded with
 * its raw body, and `onUnhandledRequest: 'error'` so nothing reaches the
 * network. Requests to loopback hosts (your app's own server) pass through.
 * Give it provider fakes (`createMockServer(stripeFake, fedexFake)`) or MSW
 * handlers; fakes given here keep their handlers and are reset by `reset()`.
 */
export function createMockServer(...initial: Array<RequestHandler | ProviderFake>): MockServer {
  const fakes = initial.filter(isProviderFake);
  const initialHandlers = initial.flatMap((entry) =>
    isProviderFake(entry) ? entry.handlers : [entry],
  );
  const calls: RecordedCall[] = [];
  const byRequest = new WeakMap<Request, RecordedCall>();
  let routes: RequestHandler[] = [];
  let extra: RequestHandler[] = [];
  const server = setupServer();

  // Records each request once, then falls through to the handler that answers it.
  // Predicates, not '*': MSW decodes a pattern's parameters and throws (a 500)
  // on a broken escape such as `%E0%A4%A`, which a fuzz test must be able to send.
  const everything = () => true;
  const recorder = http.all(everything, async ({ request }) => {
    const call = record(request, await request.clone().text(), 0);
    byRequest.set(request, call);
    calls.push(call);
    return undefined;
  });

  // The recorder matches everything, which would hide unhandled requests from
  // MSW; this last handler restores "unhandled is an error". Loopback goes
  // through, so tests can also use real local servers.
  const unhandled: string[] = [];
  const fallback = http.all(everything, ({ request }) => {
    const url = new URL(request.url);
    if (['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return passthrough();
    const line = `${request.method} ${request.url}`;
    unhandled.push(line);
    console.error(`[int mock server] unhandled request: ${line}`);
    return HttpResponse.error();
  });

  const apply = () =>
    server.resetHandlers(recorder, ...routes, ...extra, ...initialHandlers, fallback);
  apply();

  return {
    calls,
    unhandled,
    listen: () => server.listen({ onUnhandledRequest: 'error' }),
    close: () => server.close(),
    reset() {
      calls.length = 0;
      unhandled.length = 0;
      routes = [];
      extra = [];
      for (const fake of fakes) fake.reset();
      apply();
    },
    route(method, url, reply) {
      let count = 0;
      const handler = http[method.toLowerCase() as 'get'](url, async ({ request }) => {
        count += 1;
        const call = byRequest.get(request) ?? record(request, await request.clone().text(), count);
        call.callNumber = count;
        const scripted =
          typeof reply === 'function'
            ? await reply(call)
            : Array.isArray(reply)
              ? (reply[Math.min(count, reply.length) - 1] as ScriptedReply)
              : reply;
        if (!('error' in scripted) && scripted.delayMs) await delay(scripted.delayMs);
        return toResponse(scripted);
      });
      routes = [handler, ...routes];
      apply();
    },
    use(...handlers) {
      extra = [...handlers, ...extra];
      apply();
    },
    callsTo(method, pathOrUrl) {
      return calls.filter(
        (call) =>
          call.method === method.toUpperCase() &&
          `${call.url.origin}${call.url.pathname}`.endsWith(pathOrUrl),
      );
    },
  };
}
