import { HttpResponse, http, type RequestHandler } from 'msw';
import { ConfigurationError } from '../errors.js';
import {
  answerTokenRequest,
  bearerCredential,
  createTokenRegistry,
  type FakeAuthOptions,
  type FakeIssuedToken,
} from './fake-auth.js';
import { createFaultQueue, type FakeFault, isDelayOnly, matchesFilter } from './fake-faults.js';
import { createIdempotencyStore, type FakeIdempotencyOptions } from './fake-idempotency.js';
import {
  errorReply,
  type FakeErrorInfo,
  type FakeReply,
  isFakeReply,
  jsonReply,
  renderReply,
} from './fake-reply.js';
import { parseRequestBody } from './fake-request-body.js';
import { createRouteTable, type FakeRouteHandler } from './fake-routes.js';

/** The control surface every provider fake exposes, the same names in every provider. */
export interface FakeControls {
  /** MSW handlers: `createMockServer(fake)`, `setupServer(...fake.handlers)`, `serveHandlers(fake.handlers)`. */
  readonly handlers: RequestHandler[];
  /** The fake's clock, epoch ms. */
  now(): number;
  /** Queues a fault; faults are served in the order queued. */
  fail(fault: FakeFault): void;
  /** Forgets queued faults and ends delays being served. */
  clearFaults(): void;
  /** Every OAuth token issued so far expires now (the next call with one gets a 401). */
  expireTokens(): void;
  /**
   * Requests that reached the fake on its base URL(s), counted before the
   * auth check: refused, faulted and token-endpoint requests included. A
   * string `path` matches pathnames containing it; a RegExp is tested on them.
   */
  calls(filter?: { method?: string | undefined; path?: string | RegExp | undefined }): number;
  /** Forgets state, faults, tokens, counts, saved replays and ids; keeps handlers and routes. */
  reset(): void;
}

export interface FakeApiOptions {
  /** The provider's name, for tokens, request ids and messages. */
  name: string;
  /**
   * Where the fake answers: one base URL or several (sandbox and production
   * hosts). A base URL with a path (`https://host/api`) serves routes under it.
   */
  baseURL: string | ReadonlyArray<string>;
  /** The fake's time (token expiry, `now()`). Default: the system clock. */
  clock?: { now(): number } | undefined;
  /** The provider's error body for a status, message and code. */
  errorEnvelope: (error: FakeErrorInfo) => unknown;
  /** Default: no auth check. */
  auth?: FakeAuthOptions | undefined;
  /** Default: no idempotent replay. */
  idempotency?: FakeIdempotencyOptions | undefined;
  /** Header carrying each answer's request id. Default `x-request-id`; `false` sends none. */
  requestIdHeader?: string | false | undefined;
  /** What request ids start with, then a counter. Default `<name>_req_` (Stripe's are `req_`). */
  requestIdPrefix?: string | undefined;
  /** Called by `reset()`, to forget the provider's own state. */
  onReset?: (() => void) | undefined;
}

/** A provider fake under construction: routes, reply helpers and the controls. */
export interface FakeApi extends FakeControls {
  /** The controls alone, to spread into a provider fake's own object. */
  readonly controls: FakeControls;
  /**
   * Answers `method` (or `*`) on `pattern` under the base URL: `:name`
   * segments become `params.name` (percent-decoded), a final `*` takes the
   * rest. A literal segment wins over a parameter.
   */
  route(method: string, pattern: string, handler: FakeRouteHandler): FakeApi;
  json(body: unknown, status?: number, headers?: Record<string, string>): FakeReply;
  /** An error answer in the provider's envelope; a route may also `throw` it. */
  error(status: number, message: string, code: string, extra?: Record<string, unknown>): FakeReply;
  /** `<prefix>_000001`, `<prefix>_000002`, ... one sequence per prefix; `reset()` restarts them. */
  nextId(prefix: string): string;
  /** 1, 2, 3 ... per sequence name (numeric ids); `reset()` restarts them. */
  nextNumber(sequence?: string): number;
  /**
   * Issues an OAuth token as the token endpoint would (default lifetime: the
   * endpoint's `ttlSeconds`, else an hour), e.g. to start a test already signed in.
   */
  issueToken(options?: { ttlSeconds?: number | undefined }): FakeIssuedToken;
}

interface Base {
  origin: string;
  /** Path prefix without a trailing slash; '' for an origin. */
  prefix: string;
}

function parseBase(value: unknown): Base {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ConfigurationError(
      `createFakeApi(): baseURL must be an absolute http(s) URL, got ${JSON.stringify(value)}.`,
      { option: 'baseURL' },
    );
  }
  return { origin: url.origin, prefix: url.pathname.replace(/\/+$/, '') };
}

function checkOptions(options: FakeApiOptions): void {
  if (!options || typeof options.name !== 'string' || options.name.length === 0) {
    throw new ConfigurationError('createFakeApi() needs the provider name.', { option: 'name' });
  }
  if (typeof options.errorEnvelope !== 'function') {
    throw new ConfigurationError('createFakeApi() needs errorEnvelope, the provider error body.', {
      option: 'errorEnvelope',
    });
  }
  const endpoint = options.auth?.tokenEndpoint;
  const pathValid = endpoint?.path instanceof RegExp || endpoint?.path?.startsWith('/');
  if (endpoint && (!pathValid || !(endpoint.ttlSeconds > 0))) {
    throw new ConfigurationError(
      'auth.tokenEndpoint needs a path starting with "/" (or a RegExp) and a positive ttlSeconds.',
      { option: 'auth.tokenEndpoint' },
    );
  }
}

// lastIndex reset: a `g` or `y` pattern would otherwise match every other request.
const isTokenPath = (expected: string | RegExp, path: string) => {
  if (!(expected instanceof RegExp)) return path === expected;
  expected.lastIndex = 0;
  return expected.test(path);
};

/**
 * The shared body of a provider fake: MSW handlers for its base URL(s), an
 * auth check (static bearer keys and/or an OAuth token endpoint with expiry on
 * the fake's clock), queued faults, idempotent replay, call counts, ids and
 * reset. A request goes: base URL → count → auth (401) → fault → replay →
 * route (404 when none) → saved for replay. Nothing reaches the network.
 */
export function createFakeApi(options: FakeApiOptions): FakeApi {
  checkOptions(options);
  const bases = [options.baseURL].flat().map(parseBase);
  if (bases.length === 0) {
    throw new ConfigurationError('createFakeApi() needs at least one baseURL.', {
      option: 'baseURL',
    });
  }
  const clock = options.clock ?? { now: () => Date.now() };
  const now = () => clock.now();
  const requestIdHeader =
    options.requestIdHeader === false ? undefined : (options.requestIdHeader ?? 'x-request-id');
  const render = { errorEnvelope: options.errorEnvelope, requestIdHeader };
  const auth = options.auth;
  const tokenEndpoint = auth?.tokenEndpoint;
  const routes = createRouteTable();
  const faults = createFaultQueue();
  const tokens = createTokenRegistry(options.name, now);
  const replays = options.idempotency
    ? createIdempotencyStore(options.idempotency, requestIdHeader)
    : undefined;
  let seen: Array<{ method: string; pathname: string }> = [];
  let sequences = new Map<string, number>();
  let requestCounter = 0;

  const next = (sequence: string) => {
    const value = (sequences.get(sequence) ?? 0) + 1;
    sequences.set(sequence, value);
    return value;
  };

  /** The path under the matching base URL, or undefined when the request is not the fake's. */
  const pathUnderBase = (url: URL): string | undefined => {
    for (const base of bases) {
      if (url.origin !== base.origin) continue;
      if (base.prefix === '') return url.pathname;
      if (url.pathname === base.prefix) return '/';
      if (url.pathname.startsWith(`${base.prefix}/`)) return url.pathname.slice(base.prefix.length);
    }
    return undefined;
  };

  const authenticate = (request: Request): { token: string } | { reply: FakeReply } => {
    const credential = (auth?.credential ?? bearerCredential)(request);
    if (!credential) {
      return {
        reply: errorReply(401, 'No credentials were sent.', 'missing_credentials'),
      };
    }
    const state = tokens.state(credential);
    if (state === 'expired') {
      return { reply: errorReply(401, 'The access token has expired.', 'token_expired') };
    }
    if (state === 'valid') return { token: credential };
    const verdict = auth?.bearer?.(credential, request) ?? false;
    if (verdict === true) return { token: credential };
    // The credential is never echoed: a test log must not hold a key.
    return {
      reply:
        verdict === false
          ? errorReply(401, 'The credentials are not valid.', 'invalid_credentials')
          : verdict,
    };
  };

  /** A fault's answer; `undefined` when it only delayed the normal one. */
  const serveFault = async (
    fault: FakeFault,
    request: Request,
    requestId: string,
  ): Promise<Response | undefined> => {
    if (fault.delayMs !== undefined && fault.delayMs > 0) {
      await faults.wait(fault.delayMs, request.signal);
      if (request.signal.aborted) return HttpResponse.error();
    }
    if (fault.error === 'network') return HttpResponse.error();
    if (isDelayOnly(fault)) return undefined;
    const status = fault.status ?? 503;
    const reply: FakeReply =
      fault.body !== undefined
        ? jsonReply(fault.body, status, fault.headers)
        : {
            ...errorReply(
              status,
              fault.message ?? `injected fault ${status}`,
              fault.code ?? 'fault',
            ),
            headers: fault.headers,
          };
    return renderReply(reply, requestId, render);
  };

  const runRoute = async (
    request: Request,
    url: URL,
    path: string,
    rawBody: string,
    token: string | undefined,
    requestId: string,
  ): Promise<FakeReply | Response> => {
    const method = request.method.toUpperCase();
    const match = routes.match(method, path);
    if (!match) return errorReply(404, `No route for ${method} ${url.pathname}.`, 'not_found');
    if ('invalidPath' in match) {
      return errorReply(400, 'A path segment has a broken percent-encoding.', 'invalid_path');
    }
    const parsed = parseRequestBody(request.headers.get('content-type'), rawBody);
    if ('invalid' in parsed) return errorReply(400, parsed.invalid, 'invalid_body');
    try {
      return await match.route.handler({
        request,
        url,
        method,
        params: match.params,
        body: parsed.body,
        rawBody,
        token,
        requestId,
      });
    } catch (thrown) {
      if (isFakeReply(thrown)) return thrown;
      throw thrown;
    }
  };

  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const path = pathUnderBase(url) ?? url.pathname;
    const method = request.method.toUpperCase();
    seen.push({ method, pathname: url.pathname });
    requestCounter += 1;
    const requestId = `${options.requestIdPrefix ?? `${options.name}_req_`}${String(requestCounter).padStart(6, '0')}`;
    const answer = (reply: FakeReply | Response) => renderReply(reply, requestId, render);

    if (tokenEndpoint && method === 'POST' && isTokenPath(tokenEndpoint.path, path)) {
      // Only a fault that names the token endpoint's path reaches it.
      const fault = faults.take(method, url.pathname, true);
      if (fault) {
        const faulted = await serveFault(fault, request, requestId);
        if (faulted) return faulted;
      }
      return answer(await answerTokenRequest(tokenEndpoint, tokens, request, await request.text()));
    }

    let token = auth ? undefined : bearerCredential(request);
    if (auth) {
      const checked = authenticate(request);
      if ('reply' in checked) return answer(checked.reply);
      token = checked.token;
    }

    const fault = faults.take(method, url.pathname);
    if (fault) {
      const faulted = await serveFault(fault, request, requestId);
      if (faulted) return faulted;
    }

    const rawBody = await request.text();
    const decision = replays?.check(request, url, rawBody) ?? { kind: 'none' as const };
    if (decision.kind === 'reply') return answer(decision.reply);
    try {
      const response = answer(await runRoute(request, url, path, rawBody, token, requestId));
      if (decision.kind === 'claim') await decision.save(response);
      return response;
    } finally {
      if (decision.kind === 'claim') decision.release();
    }
  };

  // A predicate, not a path pattern: MSW decodes a pattern's parameters itself
  // and throws (a 500) on a broken escape such as `%E0%A4%A`.
  const handlers: RequestHandler[] = [
    http.all(
      ({ request }) => pathUnderBase(new URL(request.url)) !== undefined,
      ({ request }) => handle(request),
    ),
  ];

  const controls: FakeControls = {
    handlers,
    now,
    fail: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    expireTokens: () => tokens.expireAll(),
    calls: (filter = {}) =>
      seen.filter((call) => matchesFilter(filter, call.method, call.pathname)).length,
    reset() {
      faults.clear();
      tokens.clear();
      replays?.clear();
      seen = [];
      sequences = new Map();
      requestCounter = 0;
      options.onReset?.();
    },
  };

  const api: FakeApi = {
    ...controls,
    controls,
    route(method, pattern, handler) {
      routes.add(method, pattern, handler);
      return api;
    },
    json: jsonReply,
    error: errorReply,
    nextId: (prefix) => `${prefix}_${String(next(`id:${prefix}`)).padStart(6, '0')}`,
    nextNumber: (sequence = 'default') => next(`number:${sequence}`),
    issueToken: (issueOptions = {}) =>
      tokens.issue(issueOptions.ttlSeconds ?? tokenEndpoint?.ttlSeconds ?? 3600),
  };
  return api;
}
