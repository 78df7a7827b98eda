// Plain JavaScript: a worker thread does not get tsx's loader on Node 20.
import { createServer } from 'node:http';
import { parentPort } from 'node:worker_threads';

// Runs in its own thread so the server's work is not billed to the client's
// event loop, which is the thing being measured.

const ITEM = JSON.stringify({
  id: 'item_1',
  object: 'item',
  name: 'Widget',
  price: 1999,
  active: true,
});

/**
 * @param {import('node:http').ServerResponse} response
 * @param {number} status
 * @param {string} text
 */
function send(response, status, text) {
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': 'req_bench',
  });
  response.end(text);
}

/**
 * @param {import('node:http').IncomingMessage} request
 * @param {import('node:http').ServerResponse} response
 */
function handle(request, response) {
  if (request.method === 'GET' && request.url === '/v1/items/1') {
    send(response, 200, ITEM);
    return;
  }
  if (request.method === 'POST' && request.url === '/v1/items') {
    /** @type {Buffer[]} */
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      let name = null;
      try {
        name = JSON.parse(Buffer.concat(chunks).toString('utf8')).name ?? null;
      } catch {
        send(response, 400, '{"error":{"message":"body is not JSON"}}');
        return;
      }
      send(response, 200, JSON.stringify({ id: 'item_2', object: 'item', name, created: true }));
    });
    return;
  }
  send(response, 404, '{"error":{"message":"not found"}}');
}

const server = createServer({ keepAlive: true }, handle);
// Long enough that no connection is closed between rounds.
server.keepAliveTimeout = 600_000;
server.headersTimeout = 601_000;
server.requestTimeout = 0;

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  parentPort?.postMessage({ port });
});

parentPort?.on('message', (message) => {
  if (message === 'close') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
