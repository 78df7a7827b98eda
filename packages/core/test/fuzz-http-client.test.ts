import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  createHttpClient,
  describeValue,
  encodeForm,
  IntegrationError,
  ValidationError,
} from '../src/index.js';
import { createMockServer, FUZZ_ANYTHING, fuzzSeed } from '../src/testing/index.js';

const SEED = fuzzSeed(1129);
const BASE = 'https://fuzz.example.com';

const mock = createMockServer();
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  mock.listen();
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  mock.close();
  process.off('unhandledRejection', onUnhandled);
});

const weird = fc.anything(FUZZ_ANYTHING);

async function outcomeOf(run: () => unknown): Promise<unknown> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return error;
  }
}

const describeError = (error: unknown) =>
  `${String((error as Error)?.name)}: ${String((error as Error)?.message)}`;

describe('createHttpClient, fuzzed (fast-check)', () => {
  it('options: a client or a ConfigurationError, never a TypeError', () => {
    const options = fc.record(
      {
        name: fc.oneof(fc.constant('fuzz'), weird),
        baseURL: fc.oneof(fc.constant(BASE), fc.webUrl(), fc.string(), weird),
        timeoutMs: fc.oneof(fc.integer(), fc.double(), weird),
        retry: fc.oneof(
          weird,
          fc.record(
            {
              maxRetries: fc.oneof(fc.integer({ min: -2, max: 5 }), weird),
              baseDelayMs: fc.oneof(fc.double(), weird),
              maxDelayMs: weird,
              maxRetryAfterMs: weird,
              deadlineMs: weird,
              retryStatuses: weird,
            },
            { requiredKeys: [] },
          ),
        ),
        allowInsecureHttp: weird,
        defaultHeaders: weird,
        idempotencyHeader: weird,
        queryArrayFormat: weird,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(options, weird), (input) => {
        let error: unknown;
        try {
          createHttpClient(input as never);
        } catch (caught) {
          error = caught;
        }
        if (error !== undefined) {
          expect(ConfigurationError.isInstance(error), describeError(error)).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('requests: an answer or a typed error; a ValidationError sends nothing', async () => {
    mock.route('POST', `${BASE}/v1/echo`, { status: 200, json: { ok: true } });
    mock.route('GET', `${BASE}/v1/echo`, { status: 200, json: { ok: true } });
    const client = createHttpClient({ name: 'fuzz', baseURL: BASE, retry: { maxRetries: 0 } });
    const request = fc.record(
      {
        method: fc.oneof(fc.constantFrom('GET', 'POST', 'PUT', 'get'), weird),
        path: fc.oneof(fc.constant('/v1/echo'), fc.string({ maxLength: 12 }), weird),
        query: fc.oneof(
          fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string(), fc.integer(), weird)),
          weird,
        ),
        body: weird,
        bodyEncoding: fc.oneof(fc.constantFrom('json', 'form'), weird),
        headers: fc.oneof(fc.dictionary(fc.string({ maxLength: 6 }), fc.string()), weird),
        idempotencyKey: fc.oneof(fc.uuid(), weird),
        idempotent: weird,
        timeoutMs: fc.oneof(fc.constant(5_000), weird),
        retry: fc.oneof(fc.constant(false), fc.record({ maxRetries: fc.constant(0) }), weird),
        responseType: fc.oneof(fc.constantFrom('json', 'text'), weird),
      },
      { requiredKeys: ['method', 'path'] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(request, weird), async (input) => {
        const before = mock.calls.length;
        const error = await outcomeOf(() => client.request(input as never));
        if (error === undefined) return;
        expect(IntegrationError.isInstance(error), describeError(error)).toBe(true);
        if (ValidationError.isInstance(error) || ConfigurationError.isInstance(error)) {
          expect(mock.calls.length, 'a request was sent before the input was refused').toBe(before);
        }
      }),
      { seed: SEED, numRuns: 800 },
    );
    expect(unhandled).toEqual([]);
  });

  it('request bodies the encoders cannot take are ValidationErrors before sending', async () => {
    mock.route('POST', `${BASE}/v1/echo`, { status: 200, json: { ok: true } });
    const client = createHttpClient({ name: 'fuzz', baseURL: BASE, retry: { maxRetries: 0 } });
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const before = mock.calls.length;
    for (const [body, bodyEncoding] of [
      [{ amount: 1n }, 'json'],
      [cyclic, 'json'],
      [cyclic, 'form'],
      [{ name: 'x\uD800' }, 'form'],
    ] as const) {
      await expect(
        client.request({ method: 'POST', path: '/v1/echo', body, bodyEncoding }),
      ).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(
      client.request({ method: 'GET', path: '/v1/echo', query: { q: '\uDC00' } }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(mock.calls.length).toBe(before);
  });
});

describe('encodeForm and describeValue, fuzzed', () => {
  it('encodeForm: a string or a ValidationError for any value', () => {
    fc.assert(
      fc.property(weird, (value) => {
        try {
          expect(typeof encodeForm(value as never)).toBe('string');
        } catch (error) {
          expect(ValidationError.isInstance(error), describeError(error)).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 2000 },
    );
    expect(() => encodeForm({ name: '\uD800' })).toThrow(ValidationError);
    const cyclic: Record<string, unknown> = {};
    cyclic.again = [cyclic];
    expect(() => encodeForm(cyclic)).toThrow(/cycle/);
    // The same object twice, side by side, is no cycle.
    const shared = { a: 1 };
    expect(encodeForm({ x: shared, y: shared })).toBe('x[a]=1&y[a]=1');
  });

  it('describeValue: a short string for anything, never a throw', () => {
    fc.assert(
      fc.property(weird, (value) => {
        const text = describeValue(value);
        expect(typeof text).toBe('string');
        // At most 40 source characters, each at most a 6-character JSON escape.
        expect(text.length).toBeLessThanOrEqual(40 * 6 + 8);
      }),
      { seed: SEED, numRuns: 2000 },
    );
    expect(describeValue(Object.create(null))).toBe('an object');
    expect(describeValue(12n)).toBe('12n');
    expect(describeValue(Symbol('s'))).toBe('a symbol');
    expect(describeValue('abc')).toBe('"abc"');
  });
});
