import type * as NodeHttp from 'node:http';
import type * as NodeHttps from 'node:https';
import type * as NodeZlib from 'node:zlib';

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

function loadNodeModules(): NodeModules | null {
  if (modules !== undefined) return modules;
  const runtime = globalThis as { Bun?: unknown; Deno?: unknown };
  const processLike = (globalThis as { process?: { getBuiltinModule?: GetBuiltinModule } }).process;
  const getBuiltinModule = processLike?.getBuiltinModule;
  if (
    runtime.Bun !== undefined ||
    runtime.Deno !== undefined ||
    typeof getBuiltinModule !== 'function'
  ) {
    modules = null;
    return modules;
  }
  const http = getBuiltinModule('node:http') as typeof NodeHttp;
  const https = getBuiltinModule('node:https') as typeof NodeHttps;
  const zlib = getBuiltinModule('node:zlib') as typeof NodeZlib;
  // Idle sockets close after 4 s, before the common 5 s server keep-alive
  // timeout, so a request rarely lands on a socket the server is closing.
  const agentOptions = { keepAlive: true, timeout: 4_000, scheduling: 'lifo' as const };
  modules = {
    http,
    https,
    zlib,
    httpAgent: new http.Agent(agentOptions),
    httpsAgent: new https.Agent(agentOptions),
  };
  return modules;
}

/**
 * Set on the init object by the pipeline: this attempt's timeout, enforced
 * here with one timer instead of an `AbortSignal.timeout` per attempt (whose
 * listeners cost more than the timer). On expiry the request is destroyed
 * with an error whose `code` is {@link ATTEMPT_TIMEOUT_CODE}.
 */
export const ATTEMPT_TIMEOUT = Symbol.for('int.attemptTimeoutMs');
export const ATTEMPT_TIMEOUT_CODE = 'INT_ATTEMPT_TIMEOUT';

type TimedInit = RequestInit & { [ATTEMPT_TIMEOUT]?: number };

/** The Node.js transport, or `undefined` on runtimes without `node:http`. */
export function nodeHttpFetch(): typeof fetch | undefined {
  const loaded = loadNodeModules();
  if (!loaded) return undefined;
  return ((input: string | URL | Request, init?: TimedInit) => {
    const timeoutMs = init?.[ATTEMPT_TIMEOUT];
    const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
    return send(loaded, input, init ?? {}, 0, deadline);
  }) as unknown as typeof fetch;
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
  const headers: Record<string, string> = {};
  const given = init.headers;
  (given instanceof Headers ? given : new Headers(given)).forEach((value, name) => {
    headers[name] = value;
  });
  headers['accept-encoding'] ??= 'gzip, deflate, br';
  const body = bodyOf(init.body);
  if (body !== undefined) headers['content-length'] = String(body.length);
  const signal = init.signal ?? undefined;

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
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', fail);
      response.on('end', () => {
        clearTimeout(timer);
        const status = response.statusCode ?? 0;
        const location = response.headers.location;
        if (REDIRECTS.has(status) && location && redirects < MAX_REDIRECTS) {
          const target = new URL(location, url);
          const keepBody = status === 307 || status === 308;
          const nextHeaders = { ...headers };
          delete nextHeaders['content-length'];
          if (!keepBody) delete nextHeaders['content-type'];
          // Credentials never follow a redirect to another origin (as fetch).
          if (target.origin !== url.origin) {
            delete nextHeaders.authorization;
            delete nextHeaders.cookie;
          }
          send(
            node,
            target,
            {
              method: keepBody || method === 'HEAD' ? method : 'GET',
              headers: nextHeaders,
              body: keepBody ? init.body : undefined,
              signal,
            },
            redirects + 1,
            deadline,
          ).then((next) => resolve({ ...next, redirected: true }), reject);
          return;
        }
        decode(node.zlib, response.headers['content-encoding'], Buffer.concat(chunks)).then(
          (decoded) => resolve(buffered(response, url, decoded)),
          reject,
        );
      });
    });
    request.end(body);
  });
}

function bodyOf(body: RequestInit['body']): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof URLSearchParams) return Buffer.from(body.toString(), 'utf8');
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError('nodeHttpFetch sends string, URLSearchParams or byte bodies only.');
}

function decode(
  zlib: typeof NodeZlib,
  encoding: string | undefined,
  data: Buffer,
): Promise<Buffer> {
  const name = encoding?.trim().toLowerCase();
  if (!name || name === 'identity' || data.length === 0) return Promise.resolve(data);
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, result: Buffer) => (error ? reject(error) : resolve(result));
    if (name === 'gzip' || name === 'x-gzip') zlib.gunzip(data, done);
    else if (name === 'deflate') zlib.inflate(data, done);
    else if (name === 'br') zlib.brotliDecompress(data, done);
    else resolve(data);
  });
}

function buffered(response: NodeHttp.IncomingMessage, url: URL, data: Buffer): BufferedResponse {
  const headers = new Headers();
  const raw = response.rawHeaders;
  const decoded = response.headers['content-encoding'] !== undefined;
  for (let index = 0; index < raw.length; index += 2) {
    const name = raw[index] as string;
    // A decoded body's encoding and encoded length would lie.
    if (decoded) {
      const lower = name.toLowerCase();
      if (lower === 'content-encoding' || lower === 'content-length') continue;
    }
    headers.append(name, raw[index + 1] as string);
  }
  const status = response.statusCode ?? 0;
  const text = data.toString('utf8');
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

/**
 * The transport the pipeline uses when given no `fetch`: `node:http` on
 * Node.js, else the global `fetch` looked up per call (so a patched global
 * is seen). For providers that wrap the transport (to read rate-limit
 * headers, to pace token requests) and must not fall back to undici.
 */
export function platformFetch(): typeof fetch {
  return nodeHttpFetch() ?? ((input, init) => globalThis.fetch(input, init));
}
