import type { ExpectStatic } from 'vitest';
import {
  AbortError,
  ApiError,
  ConfigurationError,
  ConnectionError,
  ServerError,
  TimeoutError,
  ValidationError,
} from '../errors.js';
import type { HttpClientHooks } from '../http-client.js';
import { type CallRecord, createMetrics, type Metrics } from '../metrics.js';
import { captureLogger } from './capture-logger.js';
import type {
  ConformanceClientOptions,
  ConformanceRequestOptions,
  ProviderConformanceSpec,
} from './conformance-spec.js';
import type { FakeControls } from './fake-api.js';
import type { MockServer } from './mock-server.js';
import { createTestClock } from './test-clock.js';

/** What the checks run against: the spec's fake, served by a listening mock server. */
export interface ConformanceEnvironment {
  mock: MockServer;
  fake: FakeControls;
}

export interface ConformanceCheck {
  group: string;
  name: string;
  run(): Promise<void>;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Runs a call that may throw at once or reject later. */
async function outcome(call: () => unknown): Promise<Outcome> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error };
  }
}

const errorOf = (result: Outcome): unknown => (result.ok ? undefined : result.error);

function describeError(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return value === undefined ? 'no error' : String(value);
}

function json(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, item) => (typeof item === 'bigint' ? String(item) : item));
  } catch {
    return '';
  }
}

/** Everything an error shows: message, stack, JSON, down its cause chain. */
function errorTexts(error: unknown): string[] {
  const texts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth += 1) {
    texts.push(String(current), json(current));
    if (current instanceof Error) texts.push(current.message, current.stack ?? '');
    current = (current as { cause?: unknown }).cause;
  }
  return texts;
}

/** Polls a condition the fake changes (bounded; a few ms at a time). */
async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Sets (or removes) an environment variable for the length of `run`. */
async function withEnv<T>(
  name: string,
  value: string | undefined,
  run: () => Promise<T>,
): Promise<T> {
  const env = globalThis.process?.env ?? {};
  const had = Object.hasOwn(env, name);
  const previous = env[name];
  if (value === undefined) delete env[name];
  else env[name] = value;
  try {
    return await run();
  } finally {
    if (had) env[name] = previous;
    else delete env[name];
  }
}

function recordingMetrics(records: CallRecord[]): Metrics {
  const metrics = createMetrics();
  const record = metrics.record.bind(metrics);
  metrics.record = (call) => {
    records.push(call);
    record(call);
  };
  return metrics;
}

/** The checks `describeProviderConformance` registers, one `it` each. */
export function conformanceChecks<Client>(
  spec: ProviderConformanceSpec<Client>,
  expect: ExpectStatic,
  environment: ConformanceEnvironment,
): ConformanceCheck[] {
  const { mock, fake } = environment;
  const checks: ConformanceCheck[] = [];
  const check = (group: string, name: string, run: () => Promise<void>) =>
    checks.push({ group, name, run });

  const create = (options: ConformanceClientOptions = {}, withSecret = true): Client =>
    spec.create({
      baseURL: spec.baseURL,
      clock: createTestClock(),
      ...(withSecret ? { [spec.secretOption]: spec.secret } : {}),
      ...options,
    });
  /** A client whose first call (and token fetch) is done, so counts after it are API calls. */
  const warmClient = async (options: ConformanceClientOptions = {}): Promise<Client> => {
    const client = create(options);
    await spec.read(client);
    return client;
  };
  const read = (client: Client, options?: ConformanceRequestOptions) =>
    outcome(() => spec.read(client, options));
  const expectError = (
    result: Outcome,
    errorClass: { isInstance(value: unknown): boolean },
    name: string,
  ): void => {
    const error = errorOf(result);
    expect(errorClass.isInstance(error), `expected a ${name}, got ${describeError(error)}`).toBe(
      true,
    );
  };
  const { secretOption, envVar } = spec;

  // ---- options ------------------------------------------------------------

  check('options', `creating a client without ${secretOption} or ${envVar} does not throw`, () =>
    withEnv(envVar, undefined, async () => {
      expect(() => create({}, false)).not.toThrow();
    }),
  );

  check(
    'options',
    `the first call without a secret is a ConfigurationError naming ${secretOption} and ${envVar}, and sends nothing`,
    () =>
      withEnv(envVar, undefined, async () => {
        const client = create({}, false);
        const sent = mock.calls.length;
        const result = await read(client);
        expectError(result, ConfigurationError, 'ConfigurationError');
        const message = (errorOf(result) as Error).message;
        expect(message).toContain(secretOption);
        expect(message).toContain(envVar);
        expect(mock.calls.length, 'requests sent').toBe(sent);
      }),
  );

  check('options', `${envVar} is read at the first call, not when the client is created`, () =>
    withEnv(envVar, undefined, async () => {
      const client = create({}, false);
      process.env[envVar] = spec.secret;
      const result = await read(client);
      expect(result.ok, describeError(errorOf(result))).toBe(true);
    }),
  );

  check('options', `${secretOption} wins over ${envVar}`, () =>
    withEnv(envVar, `wrong-${spec.secret}`, async () => {
      const result = await read(create());
      expect(result.ok, describeError(errorOf(result))).toBe(true);
    }),
  );

  check('options', 'fetch, logger, metrics and hooks are used', async () => {
    let fetched = 0;
    const counting: typeof fetch = (input, init) => {
      fetched += 1;
      return globalThis.fetch(input, init);
    };
    const logger = captureLogger();
    const records: CallRecord[] = [];
    let observed = 0;
    const hooks: HttpClientHooks = {
      onRequest: () => {
        observed += 1;
      },
    };
    const client = await warmClient({
      fetch: counting,
      logger,
      metrics: recordingMetrics(records),
      hooks,
    });
    // Counted from here: a token fetch during the first call is the provider's business.
    const before = { fetched, observed, records: records.length, lines: logger.lines.length };
    fake.fail({ status: 503 });
    const result = await read(client);
    expect(result.ok, describeError(errorOf(result))).toBe(true);
    expect(fetched - before.fetched, 'calls through the fetch option').toBe(2);
    expect(observed - before.observed, 'hooks.onRequest calls').toBeGreaterThan(0);
    const recorded = records.slice(before.records);
    expect(recorded.filter((record) => record.provider === spec.name).length).toBe(1);
    expect(logger.lines.length - before.lines, 'log lines (a retry at least)').toBeGreaterThan(0);
    for (const line of logger.lines) {
      expect(String(line.object.event), 'every log line has a dotted event name').toMatch(
        /^[a-z][\w-]*(\.[\w-]+)+$/,
      );
    }
  });

  check('options', 'timeoutMs on the client raises a TimeoutError', async () => {
    // Generous: a token fetch under the same timeout must still succeed on a busy machine.
    const client = create({ timeoutMs: 250 });
    fake.fail({ delayMs: 30_000 });
    const result = await read(client, { maxRetries: 0 });
    expectError(result, TimeoutError, 'TimeoutError');
  });

  // ---- baseURL ------------------------------------------------------------

  const newPaths = (sent: number) => mock.calls.slice(sent).map((call) => call.url.pathname);

  check('baseURL', 'a trailing slash on baseURL is not doubled', async () => {
    const sent = mock.calls.length;
    const result = await read(create({ baseURL: `${spec.baseURL.replace(/\/+$/, '')}/` }));
    expect(result.ok, describeError(errorOf(result))).toBe(true);
    for (const path of newPaths(sent)) expect(path).not.toContain('//');
  });

  const prefix = spec.versionPrefix?.replace(/\/+$/, '');
  if (prefix) {
    check(
      'baseURL',
      `a baseURL ending in ${prefix} is used without doubling it, or refused with a ConfigurationError`,
      async () => {
        for (const baseURL of [
          `${spec.baseURL.replace(/\/+$/, '')}${prefix}`,
          `${spec.baseURL.replace(/\/+$/, '')}${prefix}/`,
        ]) {
          const sent = mock.calls.length;
          const created = await outcome(() => create({ baseURL }));
          const result = created.ok ? await read(created.value as Client) : created;
          if (!result.ok) expectError(result, ConfigurationError, 'ConfigurationError');
          const paths = newPaths(sent);
          for (const path of paths) expect(path).not.toContain(`${prefix}${prefix}`);
          if (result.ok) expect(paths.some((path) => path.startsWith(`${prefix}/`))).toBe(true);
        }
      },
    );
  }

  // ---- per-call options ---------------------------------------------------

  check('per-call options', 'an aborted signal raises AbortError and sends nothing', async () => {
    const client = create();
    const controller = new AbortController();
    controller.abort();
    const sent = mock.calls.length;
    expectError(await read(client, { signal: controller.signal }), AbortError, 'AbortError');
    expect(mock.calls.length, 'requests sent').toBe(sent);
  });

  check('per-call options', 'aborting a call in flight raises AbortError at once', async () => {
    const client = await warmClient();
    fake.fail({ delayMs: 30_000 });
    const seen = fake.calls();
    const controller = new AbortController();
    const started = Date.now();
    const pending = read(client, { signal: controller.signal });
    await until(() => fake.calls() > seen, 'the request to reach the fake');
    controller.abort();
    expectError(await pending, AbortError, 'AbortError');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  check(
    'per-call options',
    'aborting during a retry wait raises AbortError and makes no further attempt',
    async () => {
      const clock = createTestClock({ mode: 'manual' });
      const client = await warmClient({ clock });
      fake.fail({ status: 503, times: Number.POSITIVE_INFINITY });
      const seen = fake.calls();
      const controller = new AbortController();
      const pending = read(client, { signal: controller.signal });
      await until(() => clock.pending > 0, 'the retry wait on the injected clock');
      controller.abort();
      expectError(await pending, AbortError, 'AbortError');
      expect(fake.calls() - seen, 'attempts').toBe(1);
    },
  );

  check('per-call options', 'timeoutMs raises a TimeoutError', async () => {
    const client = await warmClient();
    fake.fail({ delayMs: 30_000 });
    const result = await read(client, { timeoutMs: 50, maxRetries: 0 });
    expectError(result, TimeoutError, 'TimeoutError');
    expect((errorOf(result) as TimeoutError).timeoutMs).toBe(50);
  });

  check('per-call options', 'maxRetries sets the attempts: 0 makes one, 1 makes two', async () => {
    const client = await warmClient();
    fake.fail({ status: 503, times: Number.POSITIVE_INFINITY });
    for (const maxRetries of [0, 1]) {
      const seen = fake.calls();
      const result = await read(client, { maxRetries });
      expectError(result, ServerError, 'ServerError');
      expect(fake.calls() - seen, 'attempts').toBe(maxRetries + 1);
      expect((errorOf(result) as ApiError).attempts).toBe(maxRetries + 1);
    }
  });

  check('per-call options', 'headers are sent', async () => {
    const client = await warmClient();
    const sent = mock.calls.length;
    const result = await read(client, { headers: { 'x-int-conformance': 'yes' } });
    expect(result.ok, describeError(errorOf(result))).toBe(true);
    const carried = mock.calls
      .slice(sent)
      .filter((call) => call.headers['x-int-conformance'] === 'yes');
    expect(carried.length).toBeGreaterThan(0);
  });

  const { write, idempotencyHeader } = spec;
  if (write && idempotencyHeader) {
    check(
      'per-call options',
      `idempotencyKey is sent in ${idempotencyHeader}, the same on a retry`,
      async () => {
        const client = await warmClient();
        fake.fail({ status: 503 });
        const sent = mock.calls.length;
        const key = 'int-conformance-key-1';
        const result = await outcome(() => write(client, { idempotencyKey: key }));
        expect(result.ok, describeError(errorOf(result))).toBe(true);
        const carried = mock.calls
          .slice(sent)
          .filter((call) => call.headers[idempotencyHeader.toLowerCase()] === key);
        expect(carried.length, 'attempts carrying the key').toBe(2);
      },
    );
  }

  // ---- retries ------------------------------------------------------------

  check('retries', 'Retry-After is waited for, on the injected clock', async () => {
    const clock = createTestClock();
    const delays: number[] = [];
    const client = await warmClient({
      clock,
      retry: { onRetry: (info) => delays.push(info.delayMs) },
    });
    fake.fail({ status: 503, headers: { 'retry-after': '2' } });
    const result = await read(client);
    expect(result.ok, describeError(errorOf(result))).toBe(true);
    expect(delays).toEqual([2_000]);
    expect(clock.sleeps).toContain(2_000);
  });

  check('retries', 'a retried call is one metrics record; onRetry fires per retry', async () => {
    const records: CallRecord[] = [];
    let retries = 0;
    const client = await warmClient({
      metrics: recordingMetrics(records),
      retry: {
        onRetry: () => {
          retries += 1;
        },
      },
    });
    const before = records.length;
    fake.fail({ status: 503, times: 2 });
    const result = await read(client);
    expect(result.ok, describeError(errorOf(result))).toBe(true);
    expect(retries).toBe(2);
    const recorded = records.slice(before).filter((record) => record.provider === spec.name);
    expect(recorded.length).toBe(1);
    expect(recorded[0]?.ok).toBe(true);
  });

  // ---- errors -------------------------------------------------------------

  check('errors', 'an error answer is a typed ApiError with requestId and details', async () => {
    const client = await warmClient();
    const said = 'int conformance: refused';
    fake.fail({ status: 400, message: said, code: 'int_conformance' });
    const result = await read(client);
    expectError(result, ApiError, 'ApiError');
    const error = errorOf(result) as ApiError & { details?: unknown };
    expect(error.name).not.toBe('Error');
    expect(error.status).toBe(400);
    expect(error.provider).toBe(spec.name);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(said);
    expect(typeof error.requestId === 'string' && error.requestId.length > 0, 'requestId').toBe(
      true,
    );
    expect(typeof error.details === 'object' && error.details !== null, 'details').toBe(true);
  });

  check('errors', 'a 5xx is a retryable ServerError once retries are spent', async () => {
    const client = await warmClient();
    fake.fail({ status: 503, times: Number.POSITIVE_INFINITY });
    const result = await read(client, { maxRetries: 1 });
    expectError(result, ServerError, 'ServerError');
    expect((errorOf(result) as ServerError).retryable).toBe(true);
    expect((errorOf(result) as ServerError).status).toBe(503);
  });

  check('errors', 'a network failure is a ConnectionError', async () => {
    const client = await warmClient();
    fake.fail({ error: 'network', times: Number.POSITIVE_INFINITY });
    expectError(await read(client, { maxRetries: 0 }), ConnectionError, 'ConnectionError');
  });

  check('errors', 'no secret in log lines, errors, metrics or hook events', async () => {
    const logger = captureLogger();
    const records: CallRecord[] = [];
    const events: unknown[] = [];
    const hooks: HttpClientHooks = {
      onRequest: (info) => events.push(info),
      onResponse: (info) => events.push(info),
      onRetry: (info) => events.push(info),
      onError: (error) => events.push(error),
    };
    const client = create({ logger, metrics: recordingMetrics(records), hooks });
    const errors: unknown[] = [];
    const collect = (result: Outcome) => {
      if (!result.ok) errors.push(result.error);
    };
    collect(await read(client));
    fake.fail({ status: 503 });
    collect(await read(client));
    // A provider that echoes the key in its error message.
    fake.fail({ status: 400, message: `Invalid API key provided: ${spec.secret}` });
    collect(await read(client));
    fake.fail({ status: 401, times: Number.POSITIVE_INFINITY });
    collect(await read(client, { maxRetries: 0 }));
    fake.clearFaults();
    if (write) collect(await outcome(() => write(client)));
    if (spec.withId) collect(await outcome(() => spec.withId?.(client, '../x')));
    expect(errors.length, 'errors to inspect').toBeGreaterThanOrEqual(2);

    // The secret, and every credential that went over the wire (issued tokens too).
    const credentials = new Set([spec.secret]);
    for (const call of mock.calls) {
      const value = call.headers.authorization?.replace(/^\S+\s+/, '');
      if (value) credentials.add(value);
    }
    const texts = [
      logger.text(),
      ...logger.lines.map((line) => line.message ?? ''),
      json(records),
      ...events.flatMap((event) => [json(event), ...errorTexts(event)]),
      ...errors.flatMap(errorTexts),
    ];
    for (const credential of credentials) {
      if (credential.length < 8) continue;
      for (const text of texts)
        expect(text.includes(credential), `a secret in: ${text}`).toBe(false);
    }
  });

  // ---- ids ----------------------------------------------------------------

  const { withId } = spec;
  if (withId) {
    for (const id of ['../x', '', '..']) {
      check(
        'ids',
        `withId(${JSON.stringify(id)}) is a ValidationError and sends nothing`,
        async () => {
          const client = create();
          const sent = mock.calls.length;
          const seen = fake.calls();
          expectError(await outcome(() => withId(client, id)), ValidationError, 'ValidationError');
          expect(mock.calls.length, 'requests sent').toBe(sent);
          expect(fake.calls(), 'requests the fake saw').toBe(seen);
        },
      );
    }

    check('ids', 'an id is sent as one percent-encoded path segment', async () => {
      const client = await warmClient();
      const id = 'int conformance ü?#';
      const sent = mock.calls.length;
      await outcome(() => withId(client, id));
      const paths = newPaths(sent);
      expect(paths.length, 'requests sent').toBeGreaterThan(0);
      expect(paths.some((path) => path.includes(encodeURIComponent(id)))).toBe(true);
      for (const call of mock.calls.slice(sent))
        expect(call.url.search).not.toContain('conformance');
    });
  }

  // ---- pagination ---------------------------------------------------------

  const { list } = spec;
  if (list) {
    check(
      'pagination',
      'list() is awaitable, async-iterable, and has toArray({ limit })',
      async () => {
        const client = create();
        const page = list(client);
        expect(typeof page.then).toBe('function');
        expect(typeof page[Symbol.asyncIterator]).toBe('function');
        expect(typeof page.toArray).toBe('function');
        await page;
        const items = await list(client).toArray({ limit: 1 });
        expect(Array.isArray(items)).toBe(true);
        expect(items.length).toBeLessThanOrEqual(1);
        for await (const _item of list(client)) break;
      },
    );
  }

  // ---- the fake -----------------------------------------------------------

  check('fake controls', 'the fake has every FakeControls member', async () => {
    expect(Array.isArray(fake.handlers) && fake.handlers.length > 0, 'handlers').toBe(true);
    expect(Number.isFinite(fake.now()), 'now()').toBe(true);
    for (const name of ['fail', 'clearFaults', 'expireTokens', 'calls', 'reset'] as const) {
      expect(typeof fake[name], name).toBe('function');
    }
  });

  check(
    'fake controls',
    'fail, clearFaults, calls, expireTokens and reset work through the client',
    async () => {
      const client = await warmClient();
      const last = mock.calls[mock.calls.length - 1]!;
      const method = last.method;
      const path = last.url.pathname;
      expect(fake.calls({ method, path })).toBeGreaterThan(0);
      expect(fake.calls({ path: '/int-conformance/never' })).toBe(0);

      // Faults for other methods and paths leave the call alone.
      fake.fail({ method: 'OPTIONS', times: Number.POSITIVE_INFINITY });
      fake.fail({ path: '/int-conformance/never', times: Number.POSITIVE_INFINITY });
      expect((await read(client)).ok).toBe(true);
      fake.clearFaults();

      fake.fail({ method, path, status: 503 });
      expectError(await read(client, { maxRetries: 0 }), ServerError, 'ServerError');
      expect((await read(client, { maxRetries: 0 })).ok, 'times: 1 is spent').toBe(true);

      fake.fail({ status: 500, times: Number.POSITIVE_INFINITY });
      fake.clearFaults();
      expect((await read(client)).ok, 'after clearFaults()').toBe(true);

      fake.expireTokens();
      const afterExpiry = await read(client);
      expect(afterExpiry.ok, `after expireTokens(): ${describeError(errorOf(afterExpiry))}`).toBe(
        true,
      );

      fake.reset();
      expect(fake.calls()).toBe(0);
      const afterReset = await read(client);
      expect(afterReset.ok, `after reset(): ${describeError(errorOf(afterReset))}`).toBe(true);
      expect(fake.calls()).toBeGreaterThan(0);
    },
  );

  return checks;
}
