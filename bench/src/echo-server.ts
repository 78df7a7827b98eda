import { Worker } from 'node:worker_threads';

export interface EchoServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the keep-alive JSON server (`GET /v1/items/1`, `POST /v1/items`) in a
 * worker thread, so its work is not billed to the event loop being measured.
 */
export async function startEchoServer(): Promise<EchoServer> {
  const worker = new Worker(new URL('./echo-server-worker.mjs', import.meta.url));
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (message: { port: number }) => resolve(message.port));
    worker.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage('close');
      }),
  };
}
