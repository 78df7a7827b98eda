import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local OAuth token endpoint that counts its requests. */
export async function startTokenServer(): Promise<{
  url: string;
  requests: () => number;
  close: () => Promise<void>;
}> {
  let count = 0;
  const server = createServer((request, response) => {
    count += 1;
    request.resume();
    // A little latency makes racing callers overlap.
    setTimeout(() => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          access_token: `fresh-token-${count}`,
          token_type: 'Bearer',
          expires_in: 3600,
        }),
      );
    }, 50);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/oauth/token`,
    requests: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
