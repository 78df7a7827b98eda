import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AuthStrategy,
  apiKey,
  basicAuth,
  bearer,
  createHttpClient,
  createMetrics,
  jwtBearer,
  type Logger,
  oauth2ClientCredentials,
} from '../src/index.js';
import { captureLogger, createTestClock } from '../src/testing/index.js';

// Issue 15, point 3: for every auth strategy, a secret the server echoes back
// anywhere, in any usual encoding, never leaves through the error, its cause,
// a log line, a metrics record or a hook argument.

const BASE = 'https://api.acme.test';
const TOKEN_URL = 'https://auth.acme.test/oauth/token';
const USER = 'user_7';

const alphanumeric = [...'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'];
const specials = ['+', '/', '=', '&', '%', ' '];

/** 10-40 characters holding every one of `+ / = & %` and a space, never at either end. */
const secretArbitrary = fc
  .tuple(
    fc.array(fc.constantFrom(...alphanumeric), { minLength: 3, maxLength: 10 }),
    fc.shuffledSubarray(specials, { minLength: specials.length }),
    fc.array(fc.constantFrom(...alphanumeric, ...specials), { maxLength: 16 }),
    fc.array(fc.constantFrom(...alphanumeric), { minLength: 1, maxLength: 6 }),
  )
  .map(([head, mixed, rest, tail]) => {
    const middle = mixed.map((special, index) => `${special}${alphanumeric[index]}`).join('');
    return `${head.join('')}${middle}${rest.join('')}${tail.join('')}`;
  });

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const encodings: Record<string, (secret: string) => string> = {
  raw: (secret) => secret,
  percent: (secret) => encodeURIComponent(secret),
  form: (secret) => new URLSearchParams([['v', secret]]).toString().slice(2),
  base64,
};

/** Every form in which a leak would count, padding-free base64 included. */
function forms(secret: string): string[] {
  return [
    ...Object.values(encodings).map((encode) => encode(secret)),
    base64(secret).replace(/=+$/, ''),
  ];
}

type Place =
  | 'message'
  | 'nested'
  | 'field'
  | 'key'
  | 'text'
  | 'header'
  | 'request-id'
  | 'challenge';
const places: Place[] = [
  'message',
  'nested',
  'field',
  'key',
  'text',
  'header',
  'request-id',
  'challenge',
];

/** An error answer carrying `echo` at `place`. */
function echoResponse(status: number, place: Place, echo: string): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  let body: string;
  switch (place) {
    case 'message':
      body = JSON.stringify({ error: { message: `Bad credentials for ${echo}`, code: 'denied' } });
      break;
    case 'nested':
      body = JSON.stringify({ error: { details: [{ hint: { value: echo } }] }, message: 'no' });
      break;
    case 'field':
      body = JSON.stringify({
        message: 'rejected',
        received: echo,
        errors: [{ code: 'E1', message: echo }],
      });
      break;
    case 'key':
      body = JSON.stringify({ message: 'rejected', [echo]: true });
      break;
    case 'text':
      headers['content-type'] = 'text/plain';
      body = `Bad credentials for ${echo}`;
      break;
    case 'header':
      headers['x-echo'] = echo;
      body = JSON.stringify({ message: 'rejected' });
      break;
    case 'request-id':
      headers['x-request-id'] = echo;
      body = JSON.stringify({ message: 'rejected' });
      break;
    case 'challenge':
      headers['www-authenticate'] = `Basic realm="${echo}"`;
      body = JSON.stringify({ message: 'rejected' });
      break;
  }
  return new Response(body, { status, headers });
}

interface StrategyCase {
  name: string;
  /** The strategy, and the secrets it makes the client hold. */
  make(
    secret: string,
    second: string,
    fetch: typeof globalThis.fetch,
    logger: Logger,
  ): { auth: AuthStrategy; secrets: string[] };
}

const strategies: StrategyCase[] = [
  { name: 'bearer', make: (secret) => ({ auth: bearer(secret), secrets: [secret] }) },
  {
    name: 'apiKey header',
    make: (secret) => ({ auth: apiKey({ header: 'x-acme-key' }, secret), secrets: [secret] }),
  },
  {
    name: 'apiKey query (a name that says nothing)',
    make: (secret) => ({ auth: apiKey({ query: 'k' }, secret), secrets: [secret] }),
  },
  {
    name: 'basicAuth',
    make: (secret) => ({ auth: basicAuth(USER, secret), secrets: [secret, `${USER}:${secret}`] }),
  },
  {
    name: 'oauth2 client credentials',
    make: (secret, second, fetch, logger) => ({
      auth: oauth2ClientCredentials({
        tokenURL: TOKEN_URL,
        clientId: 'client_1',
        clientSecret: secret,
        fetch,
        logger,
        clock: createTestClock(),
      }),
      // The access token (`second`) counts once it was issued and sent.
      secrets: [secret],
    }),
  },
  {
    name: 'jwtBearer HS256',
    make: (secret) => ({
      auth: jwtBearer({ algorithm: 'HS256', key: secret, claims: { iss: 'acme' } }),
      secrets: [secret],
    }),
  },
];

describe('secrets echoed by a server never escape (issue 15, point 3)', () => {
  for (const strategy of strategies) {
    it(`${strategy.name}: raw, percent-encoded, form-encoded or base64, anywhere in the answer`, async () => {
      await fc.assert(
        fc.asyncProperty(
          secretArbitrary,
          secretArbitrary,
          fc.constantFrom(400, 401, 403, 404, 422, 429, 500, 503),
          fc.constantFrom(...places),
          fc.constantFrom(...Object.keys(encodings)),
          fc.nat(),
          fc.boolean(),
          async (secret, second, status, place, encoding, pick, tokenEndpointFails) => {
            fc.pre(secret !== second && !secret.includes(second) && !second.includes(secret));
            const logger = Object.assign(captureLogger(), { isLevelEnabled: () => true });
            const metrics = createMetrics();
            const hooks: unknown[] = [];
            // What the API was sent (a signed JWT, a token) is a secret too.
            const sent: string[] = [];
            let secrets: string[] = [];
            const echo = () => {
              const candidates = [...secrets, ...sent];
              return encodings[encoding]?.(candidates[pick % candidates.length] as string) ?? '';
            };
            const fetch: typeof globalThis.fetch = async (input, init) => {
              const url = String(input);
              if (url.startsWith(TOKEN_URL)) {
                if (tokenEndpointFails) return echoResponse(status, place, echo());
                return new Response(
                  JSON.stringify({ access_token: second, token_type: 'bearer', expires_in: 3600 }),
                  { headers: { 'content-type': 'application/json' } },
                );
              }
              const headers = new Headers(init?.headers);
              const credential =
                headers.get('authorization')?.replace(/^(Bearer|Basic) /, '') ??
                headers.get('x-acme-key') ??
                new URL(url).searchParams.get('k');
              if (credential) sent.push(credential);
              return echoResponse(status, place, echo());
            };
            const made = strategy.make(secret, second, fetch, logger);
            secrets = made.secrets;
            const auth = made.auth;
            const client = createHttpClient({
              name: 'acme',
              baseURL: BASE,
              auth,
              fetch,
              logger,
              metrics,
              clock: createTestClock(),
              retry: { maxRetries: 1 },
              hooks: {
                onRequest: (info) => hooks.push(info),
                onResponse: (info) => hooks.push(info),
                onRetry: (info) => hooks.push(info),
                onError: (error) => hooks.push(error),
              },
            });
            const error = await client
              .request({ method: 'GET', path: '/v1/things', operation: 'things.list' })
              .then(
                () => undefined,
                (caught: unknown) => caught as Error,
              );
            if (!error) throw new Error('expected the call to fail');
            const outputs = [
              error.message,
              String(error),
              JSON.stringify(error),
              inspect(error, { depth: null }),
              inspect(error.cause, { depth: null }),
              logger.text(),
              JSON.stringify(metrics.snapshot()),
              inspect(hooks, { depth: null }),
            ].join('\n');
            // Control: the echo did reach the outputs, as a redaction mark.
            if (!outputs.includes('[REDACTED]'))
              throw new Error('the echo never reached the error');
            for (const value of [...secrets, ...sent]) {
              for (const form of forms(value)) {
                if (outputs.includes(form)) {
                  throw new Error(
                    `${strategy.name}: ${encoding} form of a secret leaked (echo at ${place}, status ${status}).`,
                  );
                }
              }
            }
          },
        ),
        { numRuns: Number(process.env.INT_PROPERTY_RUNS ?? 60) },
      );
    });
  }
});
