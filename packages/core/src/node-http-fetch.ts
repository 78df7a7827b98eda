import type * as NodeHttp from 'node:http';
import type * as NodeHttps from 'node:https';
import type * as NodeZlib from 'node:zlib';
import { ATTEMPT_TIMEOUT, ATTEMPT_TIMEOUT_CODE } from './attempt-timeout.js';
import { NodeResponseHeaders } from './node-response-headers.js';
import type { NodeTransport } from './platform/platform-adapter.js';
import { runtimeInfo } from './platform/runtime-info.js';
import { RecordHeaders } from './record-headers.js';
import {
  ByteBudget,
  declaredTooLarge,
  decodeLimit,
  isDecodeLimitError,
  responseLimitOf,
  responseTooLarge,
} from './response-size-limit.js';

export { ATTEMPT_TIMEOUT, ATTEMPT_TIMEOUT_CODE } from './attempt-timeout.js';

/**
 * The default transport under ofetch on Node.js: a `fetch` on `node:http` /
 * `node:https` with keep-alive agents. Node's built-in fetch (undici) spends
 * about twice the CPU per request of `node:http` (bench/RESULTS.md), which is
 * what an SDK pays on every call; stripe-node makes the same choice.
 *
 * The modules come from `process.getBuiltinModule` at first use, so bundles
 * for browsers and edge runtimes never see a `node:` import and fall back to
 * `globalThis.fetch`. `http.request` is looked up on every call, not cached:
 * interceptors (MSW) patch the module object after we load.
 *
 * Internal to the client: it returns a buffered response with the members
 * ofetch reads (`status`, `headers`, `_bodyInit`, `text()`), not a streaming
 * `Response`.
 */

interface NodeModules {
  http: typeof NodeHttp;
  https: typeof NodeHttps;
  zlib: typeof NodeZlib;
  httpAgent: NodeHttp.Agent;
  httpsAgent: NodeHttps.Agent;
}

type GetBuiltinModule = (id: string) => unknown;

let modules: NodeModules | null | undefined;

const AGENT_OPTIONS = { keepAlive: true, scheduling: 'lifo' as const };
/** Under the common 5 s server keep-alive timeout, so a request rarely lands on a socket being closed. */
const IDLE_SOCKET_MS = 4_000;

type AgentClass = new (options: typeof AGENT_OPTIONS) => NodeHttp.Agent;

/**
 * An agent whose sockets time out only while idle in the pool. The agent's own
 * `timeout` option would also arm the timer during every request and refresh
 * it on each read and write (measured: ~5-10 % of a loopback request's CPU).
 * The agent destroys a pooled socket whose timer fires.
 */
function withIdleTimeout<T extends AgentClass>(Base: T): T {
  const Mixed = class extends (Base as unknown as typeof NodeHttp.Agent) {
    override keepSocketAlive(socket: import('node:net').Socket): boolean {
      // Typed void in @types/node; Node reads it as "may this socket be pooled".
      const keep = super.keepSocketAlive(socket) as unknown as boolean;
      if (keep) socket.setTimeout(IDLE_SOCKET_MS);
      return keep;
    }
    override reuseSocket(socket: import('node:net').Socket, request: NodeHttp.ClientRequest): void {
      socket.setTimeout(0);
      super.reuseSocket(socket, request);
    }
  };
  return Mixed as unknown as T;
}

function loadNodeModules(): NodeModules | null {
  if (modules !== undefined) return modules;
  modules = null;
  // Node itself only: Bun, Deno and workerd's nodejs_compat also answer
  // getBuiltinModule, with a node:http that differs (workerd's leaves
  // rawHeaders empty) or is missing (before its 2025-08-15 date). Never throws.
  try {
    if (runtimeInfo().name !== 'node') return modules;
    const getBuiltinModule = (globalThis as { process?: { getBuiltinModule?: GetBuiltinModule } })
      .process?.getBuiltinModule;
    if (typeof getBuiltinModule !== 'function') return modules;
    const http = getBuiltinModule('node:http') as typeof NodeHttp | undefined;
    const https = getBuiltinModule('node:https') as typeof NodeHttps | undefined;
    const zlib = getBuiltinModule('node:zlib') as typeof NodeZlib | undefined;
    if (!http?.Agent || !https?.Agent || !zlib) return modules;
    modules = {
      http,
      https,
      zlib,
      httpAgent: new (withIdleTimeout(http.Agent))(AGENT_OPTIONS),
      httpsAgent: new (withIdleTimeout(https.Agent))(AGENT_OPTIONS),
    };
  } catch {
    modules = null;
  }
  return modules;
}

type TimedInit = RequestInit & { [ATTEMPT_TIMEOUT]?: number };

/** The Node.js transport, or `undefined` on runtimes without `node:http`. */
export function nodeHttpFetch(): NodeTransport | undefined {
  const loaded = loadNodeModules();
  if (!loaded) return undefined;
  const transport = (input: string | URL | Request, init?: TimedInit) => {
    const timeoutMs = init?.[ATTEMPT_TIMEOUT];
    const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
    return send(loaded, input, init ?? {}, 0, deadline);
  };
  // Here, not in the pipeline, so a bundle without this transport leaves it out.
  return Object.assign(transport, { Headers: RecordHeaders }) as unknown as NodeTransport;
}

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

interface BufferedResponse {
  status: number;
  statusText: string;
  ok: boolean;
  headers: Headers;
  url: string;
  redirected: boolean;
  type: 'basic';
  body: null;
  bodyUsed: boolean;
  /** ofetch's hook for fetch implementations without streams. */
  _bodyInit: string | undefined;
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

function send(
  node: NodeModules,
  input: string | URL | Request,
  init: RequestInit,
  redirects: number,
  deadline: number | undefined,
): Promise<BufferedResponse> {
  if (typeof input !== 'string' && !(input instanceof URL)) {
    return Promise.reject(new TypeError('nodeHttpFetch takes a URL, not a Request.'));
  }
  const url = typeof input === 'string' ? new URL(input) : input;
  const method = (init.method ?? 'GET').toUpperCase();
  const given = init.headers;
  // ofetch builds a RecordHeaders per request for this transport: its record is ours to fill.
  const headers: Record<string, string> =
    given instanceof RecordHeaders ? given.record : new RecordHeaders(new Headers(given)).record;
  headers['accept-encoding'] ??= 'gzip, deflate, br';
  const body = bodyOf(init.body);
  if (body !== undefined) headers['content-length'] = String(body.length);
  const signal = init.signal ?? undefined;
  const limit = responseLimitOf(init);

  return new Promise<BufferedResponse>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const secure = url.protocol === 'https:';
    const transport = secure ? node.https : node.http;
    const request = transport.request(url, {
      method,
      headers,
      agent: secure ? node.httpsAgent : node.httpAgent,
      signal,
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (deadline !== undefined) {
      timer = setTimeout(
        () => {
          const error = new Error('The attempt timed out.') as Error & { code: string };
          error.code = ATTEMPT_TIMEOUT_CODE;
          request.destroy(error);
        },
        Math.max(0, deadline - Date.now()),
      );
    }
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(signal?.aborted ? abortReason(signal) : error);
    };
    request.on('error', fail);
    request.on('response', (response) => {
      // Bytes are counted as they arrive: a body past the limit is cut off there.
      if (declaredTooLarge(response.headers['content-length'], limit)) {
        request.destroy(responseTooLarge(limit));
        return;
      }
      const budget = new ByteBudget(limit);
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => {
        try {
          budget.add(chunk.length);
        } catch (error) {
          request.destroy(error as Error);
          return;
        }
        chunks.push(chunk);
      });
      response.on('error', fail);
      response.on('end', () => {
        clearTimeout(timer);
        // Nothing thrown in here may escape: it would be an uncaught exception.
        try {
          const next = redirectOf(response, url, method, init, redirects);
          if (next) {
            send(node, next.url, next.init, redirects + 1, deadline)
              .then((answer) => resolve({ ...answer, redirected: true }))
              .catch(reject);
            return;
          }
          decode(node.zlib, response.headers['content-encoding'], Buffer.concat(chunks), limit)
            .then((decoded) => resolve(buffered(response, url, decoded)))
            .catch(reject);
        } catch (error) {
          reject(error);
        }
      });
    });
    request.end(body);
  });
}

/**
 * Where a 3xx sends the request next, following fetch's rules: 303 becomes a
 * GET (but HEAD), 301/302 turn only a POST into a GET, 307/308 keep method and
 * body; credentials never follow to another origin. `redirect: 'manual'`
 * hands the 3xx back, `'error'` and a sixth hop reject.
 */
function redirectOf(
  response: NodeHttp.IncomingMessage,
  url: URL,
  method: string,
  init: RequestInit,
  redirects: number,
): { url: URL; init: RequestInit } | undefined {
  const status = response.statusCode ?? 0;
  const location = response.headers.location;
  if (!REDIRECTS.has(status) || !location || init.redirect === 'manual') return undefined;
  if (init.redirect === 'error') {
    throw new TypeError(`Redirect (${status}) refused: the request set redirect: 'error'.`);
  }
  if (redirects >= MAX_REDIRECTS) {
    throw new TypeError(`Too many redirects (more than ${MAX_REDIRECTS}).`);
  }
  let target: URL;
  try {
    target = new URL(location, url);
  } catch {
    throw new TypeError('The redirect Location header is not a valid URL.');
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new TypeError(`Redirect to an unsupported protocol (${target.protocol}).`);
  }
  const toGet =
    (status === 303 && method !== 'HEAD') ||
    ((status === 301 || status === 302) && method === 'POST');
  const headers = new Headers(init.headers);
  headers.delete('content-length');
  if (toGet) headers.delete('content-type');
  if (target.origin !== url.origin) {
    headers.delete('authorization');
    headers.delete('cookie');
  }
  return {
    url: target,
    init: {
      ...init,
      method: toGet ? 'GET' : method,
      headers,
      body: toGet ? undefined : init.body,
    },
  };
}

function bodyOf(body: RequestInit['body']): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof URLSearchParams) return Buffer.from(body.toString(), 'utf8');
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError('nodeHttpFetch sends string, URLSearchParams or byte bodies only.');
}

/** A decoded body, or the raw one (with its header kept) when a coding is unknown or broken. */
interface Decoded {
  data: Buffer;
  decoded: boolean;
}

async function decode(
  zlib: typeof NodeZlib,
  encoding: string | undefined,
  data: Buffer,
  limit: number,
): Promise<Decoded> {
  const codings = (encoding ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  if (codings.length === 0 || data.length === 0) return { data, decoded: codings.length > 0 };
  // Each step stops inflating at the limit: a small bomb never grows past it.
  const options = decodeLimit(limit);
  const run = (
    step: (
      input: Buffer,
      options: NodeZlib.ZlibOptions & NodeZlib.BrotliOptions,
      done: (error: Error | null, result: Buffer) => void,
    ) => void,
    input: Buffer,
  ) =>
    new Promise<Buffer>((resolve, reject) =>
      step(input, options, (error, result) => (error ? reject(error) : resolve(result))),
    );
  let current = data;
  try {
    // Codings apply in the order listed, so they come off in reverse.
    for (const coding of codings.reverse()) {
      if (coding === 'gzip' || coding === 'x-gzip') current = await run(zlib.gunzip, current);
      else if (coding === 'br') current = await run(zlib.brotliDecompress, current);
      else if (coding === 'deflate') {
        // Servers send zlib-wrapped or raw deflate under the same name.
        current = await run(zlib.inflate, current).catch((error) =>
          isDecodeLimitError(error) ? Promise.reject(error) : run(zlib.inflateRaw, current),
        );
      } else return { data, decoded: false };
    }
  } catch (error) {
    if (isDecodeLimitError(error)) throw responseTooLarge(limit);
    // Broken compression: hand on the raw bytes; the body then fails to parse
    // (a ResponseParseError), which is what happened: the server answered.
    return { data, decoded: false };
  }
  return { data: current, decoded: true };
}

const utf8 = new TextDecoder();
const DECODED_SKIP: ReadonlySet<string> = new Set(['content-encoding', 'content-length']);

function buffered(
  response: NodeHttp.IncomingMessage,
  url: URL,
  { data, decoded }: Decoded,
): BufferedResponse {
  // From the header object, not rawHeaders: some node:http implementations
  // (workerd's) fill only the object. Repeated headers arrive joined, or as an
  // array for set-cookie. A decoded body's encoding and encoded length would lie.
  const headers = new NodeResponseHeaders(response.headers, decoded ? DECODED_SKIP : undefined);
  const status = response.statusCode ?? 0;
  // TextDecoder drops a UTF-8 BOM, as fetch's text() does.
  const text = utf8.decode(data);
  return {
    status,
    statusText: response.statusMessage ?? '',
    ok: status >= 200 && status < 300,
    headers,
    url: url.toString(),
    redirected: false,
    type: 'basic',
    body: null,
    bodyUsed: false,
    _bodyInit: text.length > 0 ? text : undefined,
    text: async () => text,
    json: async () => JSON.parse(text) as unknown,
    arrayBuffer: async () =>
      data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
  };
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
