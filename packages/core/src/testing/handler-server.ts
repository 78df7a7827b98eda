import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';

/** What an interceptor may answer instead of (or after) running the handlers. */
export type InterceptOutcome =
  | Response
  /** Destroy the connection without an answer. */
  | 'reset'
  /** Send the status line, headers and half of the body, then destroy the connection. */
  | { truncate: Response };

export interface InterceptContext {
  request: Request;
  /** Runs the MSW handlers (the provider's fake acts here). Call it at most once. */
  respond(): Promise<Response>;
}

/**
 * Sits between the socket and the handlers: fault injection (reset before or
 * after the fake acted, 429/503, slow or truncated answers) lives here.
 */
export type Interceptor = (context: InterceptContext) => Promise<InterceptOutcome>;

export interface HandlerServerOptions {
  /** 0 (default) picks a free port. */
  port?: number | undefined;
  host?: string | undefined;
  intercept?: Interceptor | undefined;
}

export interface HandlerServer {
  /** `http://HOST:PORT` */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves MSW handlers (a provider's fake) on a real `node:http` port, so a
 * separate process, a browser or a fault-injecting test can reach them.
 * Unhandled requests get a 404 JSON body naming the method and path.
 */
export async function serveHandlers(
  handlers: ReadonlyArray<RequestHandler>,
  options: HandlerServerOptions = {},
): Promise<HandlerServer> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const server = createServer((incoming, outgoing) => {
    handle(handlers, options.intercept, incoming, outgoing).catch((error: unknown) => {
      if (outgoing.headersSent) {
        outgoing.destroy();
        return;
      }
      outgoing.statusCode = 500;
      outgoing.setHeader('content-type', 'application/json');
      outgoing.end(JSON.stringify({ error: { message: String(error) } }));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  handlers: ReadonlyArray<RequestHandler>,
  intercept: Interceptor | undefined,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
): Promise<void> {
  const request = await toFetchRequest(incoming);
  const respond = async (): Promise<Response> => {
    const response = await getResponse(handlers as RequestHandler[], request.clone());
    return (
      response ??
      Response.json(
        {
          error: {
            message: `no fake route for ${request.method} ${new URL(request.url).pathname}`,
          },
        },
        { status: 404 },
      )
    );
  };
  const outcome = intercept ? await intercept({ request, respond }) : await respond();
  if (outcome === 'reset') {
    incoming.socket.destroy();
    return;
  }
  if (outcome instanceof Response) {
    await writeResponse(outgoing, outcome, 'whole');
    return;
  }
  await writeResponse(outgoing, outcome.truncate, 'half');
}

async function toFetchRequest(incoming: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const method = incoming.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD' && chunks.length > 0;
  return new Request(`http://${incoming.headers.host ?? 'localhost'}${incoming.url ?? '/'}`, {
    method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });
}

async function writeResponse(
  outgoing: ServerResponse,
  response: Response,
  part: 'whole' | 'half',
): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    // The body is sent decoded and whole; the fake's length/encoding would lie.
    if (name === 'content-length' || name === 'content-encoding' || name === 'transfer-encoding') {
      return;
    }
    headers[name] = value;
  });
  const setCookies = response.headers.getSetCookie();
  if (setCookies.length > 0) headers['set-cookie'] = setCookies;
  if (part === 'whole') {
    outgoing.writeHead(response.status, { ...headers, 'content-length': String(body.length) });
    outgoing.end(body);
    return;
  }
  // Announce the full length, send half, then cut the connection.
  outgoing.writeHead(response.status, { ...headers, 'content-length': String(body.length) });
  outgoing.write(body.subarray(0, Math.floor(body.length / 2)), () => outgoing.destroy());
}
