import { describe, expect, it } from 'vitest';
import {
  ApiError,
  type AuthStrategy,
  apiKey,
  ConfigurationError,
  createHttpClient,
  oauth2ClientCredentials,
} from '../src/index.js';
import { startLocalServer } from '../src/testing/index.js';

// Issue 15, point 2. Real sockets: the Node transport and undici's fetch both
// run with the pipeline's own redirect handling.

const KEY = 'key_live_redirect_0123456789';
const SIGNATURE = 'sig_live_redirect_abcdefghij';
/** A custom strategy setting a header whose name says nothing about credentials. */
const signing: AuthStrategy = {
  apply(request) {
    request.headers['x-acme-proof'] = SIGNATURE;
  },
};
const both: AuthStrategy = {
  async apply(request) {
    await apiKey({ header: 'x-acme-key' }, KEY).apply(request);
    await signing.apply(request);
  },
};

const transports = {
  'node:http transport': undefined,
  'fetch path': (input: string | URL | Request, init?: RequestInit) =>
    globalThis.fetch(input, init),
} as const;

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (caught: unknown) => caught,
  );
  expect(ApiError.isInstance(error)).toBe(true);
  return error as ApiError;
}

describe('redirects (issue 15, point 2)', () => {
  for (const [transport, fetch] of Object.entries(transports)) {
    describe(transport, () => {
      it('a 307 to another origin is raised with its Location; neither credentials nor body go there', async () => {
        const thirdParty = await startLocalServer((_request, response) => {
          response.setHeader('content-type', 'application/json');
          response.end('{"stolen":true}');
        });
        const api = await startLocalServer((_request, response) => {
          response.writeHead(307, { location: `${thirdParty.url}/collect` });
          response.end();
        });
        try {
          const http = createHttpClient({ name: 'acme', baseURL: api.url, auth: both, fetch });
          const error = await failure(
            http.request({
              method: 'POST',
              path: '/v1/orders',
              body: { card: 'tok_visa', amount: 100 },
              idempotencyKey: 'order-1',
            }),
          );
          expect(error.status).toBe(307);
          expect(error.message).toContain(`redirect to ${thirdParty.url}/collect not followed`);
          expect(error.message).toContain('another origin');
          expect(error.retryable).toBe(false);
          expect(thirdParty.requests).toHaveLength(0);
          expect(api.requests).toHaveLength(1);
        } finally {
          await api.close();
          await thirdParty.close();
        }
      });

      it('a 302 to plain http:// on a non-loopback host is refused like such a baseURL', async () => {
        const api = await startLocalServer((_request, response) => {
          response.writeHead(302, { location: 'http://api.acme.example/v1/moved' });
          response.end();
        });
        try {
          const http = createHttpClient({ name: 'acme', baseURL: api.url, auth: both, fetch });
          const error = await failure(http.request({ method: 'GET', path: '/v1/orders' }));
          expect(error.status).toBe(302);
          expect(error.message).toContain('http://api.acme.example/v1/moved');
          expect(error.message).toContain('plain http:// to a non-loopback host is refused');
          expect(() =>
            createHttpClient({ name: 'acme', baseURL: 'http://api.acme.example' }),
          ).toThrow(ConfigurationError);
          expect(api.requests).toHaveLength(1);
        } finally {
          await api.close();
        }
      });

      it('a same-origin hop is followed without the body and without any header the strategy set', async () => {
        const api = await startLocalServer((request, response) => {
          if (request.url === '/v1/orders') {
            response.writeHead(303, { location: '/v1/orders/ord_1' });
            response.end();
            return;
          }
          response.setHeader('content-type', 'application/json');
          response.end(JSON.stringify({ id: 'ord_1' }));
        });
        try {
          const http = createHttpClient({
            name: 'acme',
            baseURL: api.url,
            auth: both,
            fetch,
            defaultHeaders: { 'x-trace': 't-1', cookie: 'session=abcdefgh' },
          });
          expect(
            await http.request({ method: 'POST', path: '/v1/orders', body: { amount: 100 } }),
          ).toEqual({ id: 'ord_1' });
          const [first, hop] = api.requests;
          expect(first?.headers['x-acme-key']).toBe(KEY);
          expect(first?.headers['x-acme-proof']).toBe(SIGNATURE);
          expect(first?.body).toBe('{"amount":100}');
          expect(hop?.method).toBe('GET');
          expect(hop?.url).toBe('/v1/orders/ord_1');
          expect(hop?.body).toBe('');
          expect(hop?.headers['x-acme-key']).toBeUndefined();
          expect(hop?.headers['x-acme-proof']).toBeUndefined();
          expect(hop?.headers.cookie).toBeUndefined();
          expect(hop?.headers['content-type']).toBeUndefined();
          expect(hop?.headers['x-trace']).toBe('t-1');
        } finally {
          await api.close();
        }
      });

      it('a same-origin 307/308 of a request with a body is not replayed', async () => {
        const api = await startLocalServer((request, response) => {
          response.writeHead(request.url === '/a' ? 307 : 308, { location: '/elsewhere' });
          response.end();
        });
        try {
          const http = createHttpClient({ name: 'acme', baseURL: api.url, auth: both, fetch });
          for (const path of ['/a', '/b']) {
            const error = await failure(
              http.request({ method: 'PUT', path, body: { amount: 100 } }),
            );
            expect(error.message).toContain('would send the request body again');
          }
          expect(api.requests.map((request) => request.url)).toEqual(['/a', '/b']);
        } finally {
          await api.close();
        }
      });

      it("redirect: 'error' follows nothing, on the client or per request", async () => {
        const api = await startLocalServer((request, response) => {
          if (request.url === '/old') {
            response.writeHead(301, { location: '/new' });
            response.end();
            return;
          }
          response.setHeader('content-type', 'application/json');
          response.end('{"ok":true}');
        });
        try {
          const strict = createHttpClient({
            name: 'acme',
            baseURL: api.url,
            redirect: 'error',
            fetch,
          });
          const error = await failure(strict.request({ method: 'GET', path: '/old' }));
          expect(error.status).toBe(301);
          expect(error.message).toContain("not followed: redirect: 'error' is set");
          const lenient = createHttpClient({ name: 'acme', baseURL: api.url, fetch });
          await failure(lenient.request({ method: 'GET', path: '/old', redirect: 'error' }));
          expect(await lenient.request({ method: 'GET', path: '/old' })).toEqual({ ok: true });
          expect(api.requests.map((request) => request.url)).toEqual([
            '/old',
            '/old',
            '/old',
            '/new',
          ]);
        } finally {
          await api.close();
        }
      });

      it('a token request never follows a redirect, not even to its own origin', async () => {
        const thirdParty = await startLocalServer((_request, response) => {
          response.setHeader('content-type', 'application/json');
          response.end('{"access_token":"attacker_token_123456","expires_in":3600}');
        });
        const tokens = await startLocalServer((request, response) => {
          const location =
            request.url === '/oauth/token' ? `${thirdParty.url}/token` : '/oauth/token2';
          response.writeHead(307, { location });
          response.end();
        });
        try {
          for (const tokenPath of ['/oauth/token', '/oauth/same-origin']) {
            const auth = oauth2ClientCredentials({
              tokenURL: `${tokens.url}${tokenPath}`,
              clientId: 'client_1',
              clientSecret: 'client_secret_value_987654',
              clientAuth: 'body',
              fetch,
            });
            const error = await failure(auth.getToken());
            expect(error.status).toBe(307);
            expect(error.message).toContain("redirect: 'error' is set");
          }
          expect(tokens.requests).toHaveLength(2);
          expect(thirdParty.requests).toHaveLength(0);
        } finally {
          await tokens.close();
          await thirdParty.close();
        }
      });
    });
  }

  it('https never steps down to http, even to the same host', async () => {
    const sent: string[] = [];
    const fetch = async (input: string | URL | Request) => {
      sent.push(String(input));
      return new Response(null, {
        status: 302,
        headers: { location: 'http://localhost/v1/x' },
      });
    };
    const http = createHttpClient({ name: 'acme', baseURL: 'https://localhost', fetch });
    const error = await failure(http.request({ method: 'GET', path: '/v1/x' }));
    expect(error.message).toContain('step down from https to http');
    expect(sent).toEqual(['https://localhost/v1/x']);
  });

  it('an unknown redirect policy is a ConfigurationError naming the option', () => {
    expect(() =>
      createHttpClient({
        name: 'acme',
        baseURL: 'https://api.acme.test',
        redirect: 'follow' as 'error',
      }),
    ).toThrow(/redirect must be 'follow-same-origin' or 'error'/);
  });
});
