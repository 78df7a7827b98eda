import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CircuitOpenError,
  ConfigurationError,
  circuitBreaker,
  createHttpClient,
  createMetrics,
  NotFoundError,
  ServerError,
  type SpanAttributeValue,
} from '../src/index.js';
import { captureLogger, createMockServer, createTestClock } from '../src/testing/index.js';

const mock = createMockServer();
beforeAll(() => mock.listen());
afterEach(() => mock.reset());
afterAll(() => mock.close());

const BASE = 'https://carrier.test';
const breaker = { minimumCalls: 4, failureRate: 0.5, windowMs: 60_000, cooldownMs: 10_000 };

function client(extra: Partial<Parameters<typeof createHttpClient>[0]> = {}) {
  const clock = createTestClock();
  const logger = captureLogger();
  const metrics = createMetrics({ clock });
  const spans: Array<Record<string, SpanAttributeValue>> = [];
  const tracer = {
    startSpan: (_name: string, options?: { attributes?: Record<string, SpanAttributeValue> }) => {
      const attributes = { ...options?.attributes };
      spans.push(attributes);
      return {
        setAttribute: (key: string, value: SpanAttributeValue) => {
          attributes[key] = value;
        },
        setStatus: () => undefined,
        recordException: () => undefined,
        end: () => undefined,
      };
    },
  };
  const http = createHttpClient({
    name: 'fedex',
    baseURL: BASE,
    clock,
    logger,
    metrics,
    tracer,
    retry: { maxRetries: 0 },
    circuitBreaker: circuitBreaker(breaker),
    ...extra,
  });
  return { http, clock, logger, metrics, spans };
}

const ship = { method: 'GET' as const, path: '/ship', operation: 'ship' };

describe('circuit breaker on the pipeline', () => {
  it('opens after the failure rate over the minimum; then fails fast with nothing sent', async () => {
    mock.route('GET', `${BASE}/ship`, { status: 503, json: {} });
    const { http, logger, metrics, spans } = client();
    for (let call = 0; call < 4; call += 1) {
      await expect(http.request(ship)).rejects.toBeInstanceOf(ServerError);
    }
    expect(mock.calls).toHaveLength(4);
    const error = await http
      .request<never>(ship)
      .catch((caught: unknown) => caught as CircuitOpenError);
    expect(CircuitOpenError.isInstance(error)).toBe(true);
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(10_000);
    expect(error.provider).toBe('fedex');
    expect(mock.calls).toHaveLength(4);
    expect(logger.lines.filter((line) => line.object.event === 'circuit.opened')).toHaveLength(1);
    expect(metrics.health('fedex').circuits).toMatchObject([{ key: 'fedex', status: 'open' }]);
    expect(spans.at(-1)?.['int.circuit.state']).toBe('open');
  });

  it('counts one logical call once, whatever its retries', async () => {
    mock.route('GET', `${BASE}/ship`, { status: 503, json: {} });
    const { http } = client({ retry: { maxRetries: 2 } });
    for (let call = 0; call < 3; call += 1) {
      await expect(http.request(ship)).rejects.toBeInstanceOf(ServerError);
    }
    expect(mock.calls).toHaveLength(9); // 3 calls of 3 attempts: 3 breaker events, under 4
    await expect(http.request(ship)).rejects.toBeInstanceOf(ServerError);
    await expect(http.request(ship)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(mock.calls).toHaveLength(12);
  });

  it('4xx answers (a decline, a missing record) never open it', async () => {
    mock.route('GET', `${BASE}/ship`, { status: 404, json: {} });
    mock.route('GET', `${BASE}/pay`, { status: 402, json: {} });
    const { http } = client();
    for (let call = 0; call < 10; call += 1) {
      await expect(http.request(ship)).rejects.toBeInstanceOf(NotFoundError);
      await expect(http.request({ method: 'GET', path: '/pay' })).rejects.toThrow();
    }
    expect(mock.calls).toHaveLength(20);
  });

  it('after the cooldown one probe goes; its success closes the circuit, its failure reopens it', async () => {
    let healthy = false;
    mock.route('GET', `${BASE}/ship`, () =>
      healthy ? { json: { ok: true } } : { status: 503, json: {} },
    );
    const { http, clock, logger, spans } = client();
    for (let call = 0; call < 4; call += 1) await http.request(ship).catch(() => undefined);
    clock.set(clock.now() + 10_000);
    await expect(http.request(ship)).rejects.toBeInstanceOf(ServerError); // the probe fails
    expect(spans.at(-1)?.['int.circuit.state']).toBe('half-open');
    const reopened = await http
      .request<never>(ship)
      .catch((caught: unknown) => caught as CircuitOpenError);
    expect(CircuitOpenError.isInstance(reopened)).toBe(true);
    expect(reopened.retryAfterMs).toBe(10_000);
    clock.set(clock.now() + 10_000);
    healthy = true;
    expect(await http.request(ship)).toEqual({ ok: true }); // the probe succeeds
    expect(await http.request(ship)).toEqual({ ok: true });
    expect(
      logger.lines
        .map((line) => line.object.event)
        .filter((event) => String(event).startsWith('circuit.')),
    ).toEqual([
      'circuit.opened',
      'circuit.half_open',
      'circuit.opened',
      'circuit.half_open',
      'circuit.closed',
    ]);
  });

  it('keeps one circuit per key: one account down does not stop another', async () => {
    mock.route('GET', `${BASE}/ship`, (call) =>
      call.headers['x-account'] === 'a' ? { status: 503, json: {} } : { json: {} },
    );
    const { http } = client();
    const as = (account: string) => ({
      ...ship,
      rateLimitKey: account,
      headers: { 'x-account': account },
    });
    for (let call = 0; call < 4; call += 1) await http.request(as('a')).catch(() => undefined);
    await expect(http.request(as('a'))).rejects.toBeInstanceOf(CircuitOpenError);
    await expect(http.request(as('b'))).resolves.toEqual({});
  });
});

describe('the circuitBreaker option', () => {
  it('refuses a factory not made by circuitBreaker(): a breaker is never silently left off', () => {
    const handMade = { settings: circuitBreaker().settings, create: circuitBreaker().create };
    let thrown: unknown;
    try {
      createHttpClient({ name: 'fedex', baseURL: BASE, circuitBreaker: handMade });
    } catch (error) {
      thrown = error;
    }
    expect(ConfigurationError.isInstance(thrown)).toBe(true);
    expect((thrown as ConfigurationError).option).toBe('circuitBreaker');
    expect((thrown as Error).message).toContain('circuitBreaker()');
  });
});
