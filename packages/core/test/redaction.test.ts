import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpClient,
  createMetrics,
  REDACTED,
  redactHeaders,
  redactUrl,
  redactValue,
  SecretScrubber,
  type SpanLike,
  type TracerLike,
} from '../src/index.js';
import { captureLogger, createMockServer, createTestClock } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

const SECRET = 'sk_live_51SuperSecretValue';
const PASSWORD = 'hunter2-correct-horse';
const CARD = '4242424242424242';
const BASE = 'https://api.acme.test';

function recordingTracer() {
  const spans: Array<{ name: string; attributes: Record<string, unknown>; events: string[] }> = [];
  const tracer: TracerLike = {
    startSpan(name, options) {
      const span = { name, attributes: { ...options?.attributes }, events: [] as string[] };
      spans.push(span);
      const handle: SpanLike = {
        setAttribute: (key, value) => {
          span.attributes[key] = value;
        },
        setStatus: (status) => {
          span.events.push(`status ${status.code} ${status.message ?? ''}`);
        },
        recordException: (error) => {
          span.events.push(`exception ${error.message}`);
        },
        end: () => {},
      };
      return handle;
    },
  };
  return { tracer, spans };
}

describe('secrets never leave through logs, errors, hooks, spans or metrics', () => {
  const paths: Array<[string, Parameters<typeof mock.route>[2]]> = [
    ['success', { json: { id: 'x_1', echo: `you sent ${SECRET}` } }],
    [
      'retry then success',
      [
        { status: 503, json: { error: { message: `overloaded for key ${SECRET}` } } },
        { json: { ok: true } },
      ],
    ],
    [
      'failure',
      {
        status: 401,
        json: { error: { message: `Invalid API Key provided: ${SECRET}`, password: PASSWORD } },
        headers: { 'set-cookie': `session=${SECRET}` },
      },
    ],
    ['retries exhausted', { status: 500, body: `<html>${SECRET} ${PASSWORD} ${CARD}</html>` }],
  ];

  for (const [name, reply] of paths) {
    it(name, async () => {
      mock.route('POST', `${BASE}/v1/customers`, reply);
      const logger = captureLogger();
      const metrics = createMetrics();
      const { tracer, spans } = recordingTracer();
      const hookOutput: unknown[] = [];
      const client = createHttpClient({
        name: 'acme',
        baseURL: BASE,
        logger,
        metrics,
        tracer,
        clock: createTestClock(),
        hooks: {
          onRequest: (info) => hookOutput.push(info),
          onResponse: (info) => hookOutput.push(info),
          onRetry: (info) => hookOutput.push({ ...info, error: info.error.message }),
          onError: (error) => hookOutput.push(error.message),
        },
        defaultHeaders: { 'x-api-key': SECRET },
      });
      const outcome = await client
        .requestWithResponse({
          method: 'POST',
          path: '/v1/customers',
          operation: 'customers.create',
          idempotencyKey: 'idem-1',
          headers: { authorization: `Bearer ${SECRET}` },
          query: { api_key: SECRET, expand: ['sources'] },
          body: {
            email: 'a@example.com',
            profile: { password: PASSWORD, nested: [{ card: { number: CARD, cvc: '123' } }] },
            metadata: { client_secret: SECRET },
          },
        })
        .then(
          (response) => ({ ok: true as const, response }),
          (error: Error) => ({ ok: false as const, error }),
        );

      // The request itself did carry the secret: the test would prove nothing otherwise.
      expect(mock.calls[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);
      expect(mock.calls[0]?.url.searchParams.get('api_key')).toBe(SECRET);
      expect(mock.calls[0]?.body).toContain(PASSWORD);

      const everything = [
        logger.text(),
        JSON.stringify(hookOutput),
        JSON.stringify(spans),
        JSON.stringify(metrics.snapshot()),
        outcome.ok ? '' : outcome.error.message,
        outcome.ok ? '' : JSON.stringify(outcome.error),
        outcome.ok ? '' : String(outcome.error.stack),
        outcome.ok ? '' : JSON.stringify((outcome.error as { body?: unknown }).body ?? null),
        outcome.ok ? '' : JSON.stringify((outcome.error as { headers?: unknown }).headers ?? null),
      ].join('\n');
      expect(logger.lines.length).toBeGreaterThan(0);
      expect(spans.length).toBeGreaterThan(0);
      for (const secret of [SECRET, PASSWORD, CARD]) expect(everything).not.toContain(secret);
      expect(everything).toContain(REDACTED);
    });
  }
});

describe('redaction helpers', () => {
  it('headers: credentials replaced, scheme kept, names lower-cased', () => {
    expect(
      redactHeaders({
        Authorization: 'Bearer abc.def',
        'Stripe-Signature': 't=1,v1=ff',
        'X-HubSpot-Signature-v3': 'sig',
        Cookie: 'a=b',
        'X-Api-Key': 'k',
        'Content-Type': 'application/json',
        'Idempotency-Key': 'order-1',
      }),
    ).toEqual({
      authorization: `Bearer ${REDACTED}`,
      'stripe-signature': REDACTED,
      'x-hubspot-signature-v3': REDACTED,
      cookie: REDACTED,
      'x-api-key': REDACTED,
      'content-type': 'application/json',
      'idempotency-key': 'order-1',
    });
  });

  it('URLs: credential query parameters and userinfo', () => {
    expect(
      redactUrl(
        'https://user:pw-value@x.test/cb?code=abc&state=s1&access_token=t&hapikey=k&limit=10',
      ),
    ).toBe(
      `https://user:REDACTED@x.test/cb?code=${REDACTED}&state=s1&access_token=${REDACTED}&hapikey=${REDACTED}&limit=10`,
    );
  });

  it('a provider error code is kept; an outgoing OAuth code is not', () => {
    expect(redactValue({ error: { code: 'card_declined' } })).toEqual({
      error: { code: 'card_declined' },
    });
    expect(redactValue({ code: 'auth-code-1' }, undefined, { outgoing: true })).toEqual({
      code: REDACTED,
    });
  });

  it('property: a secret under any sensitive key at any depth never survives', () => {
    const sensitiveKey = fc.constantFrom(
      'password',
      'client_secret',
      'access_token',
      'refresh_token',
      'api_key',
      'apiKey',
      'card',
      'cvc',
      'Authorization',
      'privateKey',
      'id_token',
    );
    const plainKey = fc
      .stringMatching(/^[a-z]{1,6}$/)
      .filter((key) => !/key|card|auth|sig/.test(key));
    const secret = fc.stringMatching(/^[A-Za-z0-9]{8,24}$/);
    const path = fc.array(fc.oneof(plainKey, fc.nat({ max: 3 })), { maxLength: 5 });
    const noise = fc.dictionary(plainKey, fc.oneof(fc.string(), fc.integer()), { maxKeys: 3 });
    fc.assert(
      fc.property(secret, sensitiveKey, path, noise, (value, key, steps, extra) => {
        let leaf: unknown = { ...extra, [key]: value };
        for (const step of [...steps].reverse()) {
          leaf = typeof step === 'number' ? [...Array(step).fill('x'), leaf] : { [step]: leaf };
        }
        const scrubber = new SecretScrubber();
        const redacted = JSON.stringify(
          redactValue({ root: leaf, echo: `said ${value}` }, scrubber),
        );
        // Collected on the way, scrubbed afterwards wherever it is echoed.
        expect(scrubber.scrub(redacted)).not.toContain(value);
        expect(JSON.stringify(redactValue({ root: leaf }))).not.toContain(value);
      }),
      { numRuns: 400 },
    );
  });

  it('property: a scrubbed text never contains a registered secret', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9]{6,16}$/),
        fc.array(fc.string(), { maxLength: 5 }),
        (value, parts) => {
          const scrubber = new SecretScrubber();
          scrubber.add(value);
          expect(scrubber.scrub(parts.join(value))).not.toContain(value);
        },
      ),
    );
  });
});
