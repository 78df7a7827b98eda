import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { unusedPort } from '../src/testing/index.js';

describe('unusedPort', () => {
  it('draws below the ephemeral range, so no port-0 server can take it before the test binds it', async () => {
    const ports = await Promise.all(Array.from({ length: 10 }, () => unusedPort()));
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(32_000);
    }
    // Servers bound to port 0 meanwhile get ephemeral ports, never one of these.
    const servers = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const server = createServer();
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        return server;
      }),
    );
    const taken = servers.map((server) => (server.address() as { port: number }).port);
    expect(taken.filter((port) => ports.includes(port))).toEqual([]);
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    // And the port is really free: a connection to it is refused.
    const refused = await fetch(`http://127.0.0.1:${ports[0]}/`).then(
      () => false,
      () => true,
    );
    expect(refused).toBe(true);
  });
});
