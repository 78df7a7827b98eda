import { afterEach, describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  createMetrics,
  logAlert,
  type StatusChange,
  verifyStandardWebhook,
  webhookAlert,
} from '../src/index.js';
import {
  captureLogger,
  createTestClock,
  type LocalServer,
  startLocalServer,
} from '../src/testing/index.js';

const SECRET = `whsec_${Buffer.from('alert-receiver-secret-0123456789').toString('base64')}`;

const call = (ok: boolean, status = ok ? 200 : 503) => ({
  provider: 'fedex',
  operation: 'rates.quote',
  ok,
  durationMs: 5,
  status,
  errorName: ok ? undefined : 'ServerError',
  errorMessage: ok ? undefined : 'fedex rates.quote failed with 503',
});

function setUp(options: Parameters<typeof createMetrics>[0] = {}) {
  const clock = createTestClock();
  const metrics = createMetrics({ clock, windowMs: 600_000, maxSamples: 100, ...options });
  const changes: StatusChange[] = [];
  metrics.onStatusChange((change) => {
    changes.push(change);
  });
  // One call a second, so the window and the clock move together.
  const record = (ok: boolean, status?: number) => {
    clock.set(clock.now() + 1_000);
    metrics.record(call(ok, status));
  };
  const transitions = () => changes.map((change) => `${change.from}->${change.to}`);
  return { clock, metrics, changes, record, transitions };
}

describe('metrics.onStatusChange', () => {
  it('decides nothing below minimumCalls, then reports unknown -> error with the numbers behind it', () => {
    const { changes, record } = setUp({ windowMs: 600_000 });
    for (let index = 0; index < 9; index += 1) record(false);
    expect(changes).toEqual([]);
    record(false);
    expect(changes).toEqual([
      {
        provider: 'fedex',
        from: 'unknown',
        to: 'error',
        at: expect.any(Number),
        successRate: 0,
        windowCount: 10,
        failures: 10,
        windowMs: 600_000,
        lastError: {
          name: 'ServerError',
          message: 'fedex rates.quote failed with 503',
          status: 503,
        },
      },
    ]);
  });

  it('a first verdict of ok is silent; caller errors (declines, 404, 422) never alert', () => {
    const { changes, record, metrics } = setUp();
    for (let index = 0; index < 20; index += 1) record(true);
    for (const status of [400, 402, 404, 409, 422]) {
      for (let index = 0; index < 10; index += 1) record(false, status);
    }
    expect(metrics.health('fedex').health).toBe('ok');
    expect(changes).toEqual([]);
  });

  it('hysteresis: a provider flapping around the ok threshold alerts once, not on every call', () => {
    const { metrics, record, transitions } = setUp();
    for (let index = 0; index < 100; index += 1) record(true);
    // One failure in nineteen: the last 100 calls hold 5 or 6 failures, on the 95 % line.
    let rawFlips = 0;
    let previous = metrics.health('fedex').health;
    for (let index = 0; index < 600; index += 1) {
      record(index % 19 !== 0);
      const now = metrics.health('fedex').health;
      if (now !== previous) rawFlips += 1;
      previous = now;
    }
    // Without hysteresis this is what an alert per change would have sent.
    expect(rawFlips).toBeGreaterThan(20);
    expect(transitions()).toEqual(['ok->warning']);
    // Back to ok only once the rate clears 95 % by the margin (97 %).
    for (let index = 0; index < 100; index += 1) record(true);
    expect(transitions()).toEqual(['ok->warning', 'warning->ok']);
  });

  it('goes down step by step and comes back in one step, only past the ok threshold plus the margin', () => {
    const { changes, record, transitions } = setUp();
    for (let index = 0; index < 100; index += 1) record(true);
    for (let index = 0; index < 30; index += 1) record(false);
    expect(transitions()).toEqual(['ok->warning', 'warning->error']);
    expect(changes[0]).toMatchObject({ successRate: 0.94, windowCount: 100, failures: 6 });
    expect(changes[1]).toMatchObject({ successRate: 0.79, failures: 21 });
    // Successes push the old calls out one by one; the rate climbs through 0.80 and 0.95,
    // and the provider is back only at 0.97 (95 % plus the 2-point margin), in one alert.
    for (let index = 0; index < 200; index += 1) record(true);
    expect(transitions()).toEqual(['ok->warning', 'warning->error', 'error->ok']);
    expect(changes[2]).toMatchObject({ successRate: 0.97, failures: 3 });
  });

  it('counts only the window: old failures age out, and a thin window holds the last status', () => {
    const { clock, record, transitions } = setUp({ windowMs: 60_000 });
    for (let index = 0; index < 20; index += 1) record(false);
    expect(transitions()).toEqual(['unknown->error']);
    clock.set(clock.now() + 120_000);
    // Nine successes in an otherwise empty window: below minimumCalls, still error.
    for (let index = 0; index < 9; index += 1) record(true);
    expect(transitions()).toEqual(['unknown->error']);
    record(true);
    expect(transitions()).toEqual(['unknown->error', 'error->ok']);
  });

  it('minimumCalls and margin are options; listeners can be removed; reset forgets the status', () => {
    const { metrics, record, transitions, changes } = setUp({
      hysteresis: { minimumCalls: 2, margin: 0 },
    });
    record(false);
    expect(changes).toHaveLength(0);
    record(false);
    expect(transitions()).toEqual(['unknown->error']);
    const other: StatusChange[] = [];
    const off = metrics.onStatusChange((change) => {
      other.push(change);
    });
    off();
    for (let index = 0; index < 98; index += 1) record(true);
    // Margin 0: back at exactly 95 %.
    expect(transitions()).toEqual(['unknown->error', 'error->ok']);
    expect(changes[1]).toMatchObject({ successRate: 0.95 });
    expect(other).toEqual([]);
    metrics.reset();
    record(false);
    record(false);
    expect(transitions()).toEqual(['unknown->error', 'error->ok', 'unknown->error']);
  });

  it('a listener that throws or rejects is logged and changes nothing for the call or other listeners', async () => {
    const logger = captureLogger();
    const clock = createTestClock();
    const metrics = createMetrics({ clock, logger, hysteresis: { minimumCalls: 1 } });
    const seen: string[] = [];
    metrics.onStatusChange(() => {
      throw new Error('listener bug');
    });
    metrics.onStatusChange(async () => {
      throw new Error('async listener bug');
    });
    metrics.onStatusChange((change) => {
      seen.push(change.to);
    });
    expect(() => metrics.record(call(false))).not.toThrow();
    expect(seen).toEqual(['error']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(logger.lines.map((line) => [line.object.event, line.object.error])).toEqual([
      ['alert.listener_failed', 'listener bug'],
      ['alert.listener_failed', 'async listener bug'],
    ]);
  });
});

describe('webhookAlert', () => {
  let server: LocalServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const change: StatusChange = {
    provider: 'fedex',
    from: 'ok',
    to: 'error',
    at: Date.UTC(2026, 0, 2, 3, 4, 5),
    successRate: 0.5,
    windowCount: 20,
    failures: 10,
    windowMs: 60_000,
    lastError: { name: 'ServerError', message: 'fedex rates.quote failed with 503', status: 503 },
  };

  it('POSTs a Standard Webhooks message the receiver verifies with the secret', async () => {
    server = await startLocalServer((_request, response) => {
      response.statusCode = 204;
      response.end();
    });
    const clock = createTestClock({ now: change.at + 2_000 });
    const send = webhookAlert({
      url: `${server.url}/hooks/alerts?team=ops`,
      secret: SECRET,
      clock,
    });
    const delivery = await send(change);
    expect(delivery).toMatchObject({ ok: true, status: 204, attempts: 1 });

    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', url: '/hooks/alerts?team=ops' });
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['webhook-id']).toBe(delivery.id);
    expect(request!.headers['webhook-timestamp']).toBe(
      String(Math.floor((change.at + 2_000) / 1000)),
    );
    const verified = await verifyStandardWebhook({
      payload: request!.body,
      headers: request!.headers as Record<string, string>,
      secret: SECRET,
      now: () => clock.now(),
    });
    expect(JSON.parse(verified.payload)).toEqual({
      type: 'provider.status_changed',
      timestamp: '2026-01-02T03:04:05.000Z',
      data: change,
    });
    // Another secret does not verify it.
    await expect(
      verifyStandardWebhook({
        payload: request!.body,
        headers: request!.headers as Record<string, string>,
        secret: `whsec_${Buffer.from('someone-else').toString('base64')}`,
        now: () => clock.now(),
      }),
    ).rejects.toMatchObject({ reason: 'no_matching_signature' });
  });

  it('retries a failed delivery under the same webhook-id, and reports a delivery given up without throwing or leaking', async () => {
    let calls = 0;
    let down = false;
    server = await startLocalServer((_request, response) => {
      calls += 1;
      response.statusCode = down || calls === 1 ? 503 : 200;
      response.end('ok');
    });
    const logger = captureLogger();
    const retry = { baseDelayMs: 1, maxDelayMs: 2 };
    const url = `${server.url}/T0001/B0001/path-secret-token`;
    const send = webhookAlert({ url, secret: SECRET, logger, retry });
    const delivered = await send(change);
    expect(delivered).toMatchObject({ ok: true, status: 200, attempts: 2 });
    const ids = server.requests.map((request) => request.headers['webhook-id']);
    expect(ids).toEqual([delivered.id, delivered.id]);
    expect(logger.lines.map((line) => line.object.event)).toEqual(['alert.sent']);

    down = true;
    const failed = await send(change);
    expect(failed).toMatchObject({ ok: false, error: expect.stringContaining('503') });
    expect(server.requests).toHaveLength(5);
    expect(logger.lines.at(-1)).toMatchObject({
      level: 'error',
      object: { event: 'alert.failed', provider: 'fedex', to: 'error', url: server.url },
    });
    expect(logger.text()).not.toContain('path-secret-token');
    expect(logger.text()).not.toContain(SECRET.slice(6));
  });

  it('refuses a bad secret or a plain-http URL to another host before sending anything', () => {
    expect(() => webhookAlert({ url: 'https://alerts.example.com/hook', secret: '' })).toThrow(
      ConfigurationError,
    );
    expect(() =>
      webhookAlert({ url: 'https://alerts.example.com/hook', secret: 'whsec_not base64!' }),
    ).toThrow('`whsec_` followed by base64');
    expect(() => webhookAlert({ url: 'http://alerts.example.com/hook', secret: SECRET })).toThrow(
      'plain http://',
    );
    expect(() => webhookAlert({ url: 'alerts', secret: SECRET })).toThrow(ConfigurationError);
  });
});

describe('logAlert', () => {
  it('writes one alert.status_changed line per change, error level when a provider goes to error', () => {
    const logger = captureLogger();
    const listener = logAlert({ logger });
    listener({
      provider: 'fedex',
      from: 'ok',
      to: 'error',
      at: 0,
      successRate: 0.5,
      windowCount: 20,
      failures: 10,
      windowMs: 60_000,
      lastError: undefined,
    });
    listener({
      provider: 'fedex',
      from: 'error',
      to: 'ok',
      at: 1,
      successRate: 1,
      windowCount: 20,
      failures: 0,
      windowMs: 60_000,
      lastError: undefined,
    });
    expect(logger.lines).toEqual([
      {
        level: 'error',
        message: 'fedex health: ok -> error',
        object: expect.objectContaining({
          event: 'alert.status_changed',
          to: 'error',
          failures: 10,
        }),
      },
      {
        level: 'warn',
        message: 'fedex health: error -> ok',
        object: expect.objectContaining({
          event: 'alert.status_changed',
          to: 'ok',
          successRate: 1,
        }),
      },
    ]);
  });
});
