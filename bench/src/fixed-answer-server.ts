import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixedAnswerServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  port: number;
  close(): void;
}

/**
 * A keep-alive `node:http` server on a random loopback port that reads each
 * request to its end and answers 200 with the same JSON, whatever was asked:
 * the provider client benches measure the client, not the server.
 */
export async function startFixedAnswerServer(
  body: string,
  headers: Record<string, string> = {},
): Promise<FixedAnswerServer> {
  const answerHeaders = { 'content-type': 'application/json', ...headers };
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, answerHeaders);
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port, close: () => server.close() };
}
