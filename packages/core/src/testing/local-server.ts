import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface LocalServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** Requests received, in order, with their raw bodies. */
  readonly requests: Array<{
    method: string;
    url: string;
    headers: IncomingMessage['headers'];
    body: string;
  }>;
  close(): Promise<void>;
}

export type LocalHandler = (
  request: IncomingMessage & { body: string },
  response: ServerResponse,
  socket: Socket,
) => void | Promise<void>;

/**
 * A real `node:http` server on a free loopback port, for what MSW cannot
 * fake: refused and reset connections, slow answers, keep-alive.
 */
export async function startLocalServer(handler: LocalHandler): Promise<LocalServer> {
  const requests: LocalServer['requests'] = [];
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: request.method ?? 'GET',
        url: request.url ?? '/',
        headers: request.headers,
        body,
      });
      Promise.resolve(handler(Object.assign(request, { body }), response, request.socket)).catch(
        (error) => {
          response.statusCode = 500;
          response.end(String(error));
        },
      );
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Whether `port` can be bound on 127.0.0.1 now; the probe is closed again. */
async function bindable(port: number): Promise<number | undefined> {
  const server = createServer();
  const bound = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (!bound) return undefined;
  const { port: taken } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return taken;
}

/**
 * A loopback port with nothing listening: connections to it are refused, and a
 * test may bind it a moment later (a server it starts after other servers). The
 * port is drawn below Linux's default ephemeral range (32768–60999), so no
 * server bound to port 0 and no outgoing connection can be handed it between
 * the probe and the bind; only another caller drawing the same number could.
 */
export async function unusedPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const port = await bindable(20_000 + Math.floor(Math.random() * 12_000));
    if (port !== undefined) return port;
  }
  // Nothing free down there: any port the system hands out.
  return (await bindable(0))!;
}
