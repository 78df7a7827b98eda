import { describe, expect, it } from 'vitest';
import { circuitBreaker, createCircuitBreaker } from '../src/circuit-breaker/circuit-breaker.js';
import { admit, closedCircuit, settle } from '../src/circuit-breaker/circuit-state.js';
import { ConfigurationError } from '../src/index.js';
import { captureLogger, createTestClock } from '../src/testing/index.js';

const settings = {
  failureRate: 0.5,
  minimumCalls: 4,
  windowMs: 10_000,
  cooldownMs: 5_000,
  halfOpenCalls: 1,
};

describe('circuit state', () => {
  it('opens once the failure rate over the minimum is reached, not before', () => {
    let state = closedCircuit();
    const now = 1_000_000;
    for (const unwell of [true, true, true]) {
      const step = settle(state, { unwell, probe: false }, now, settings);
      expect(step.transition).toBeUndefined();
      state = step.state;
    }
    const opening = settle(state, { unwell: true, probe: false }, now + 1, settings);
    expect(opening.transition).toEqual({ from: 'closed', to: 'open', failures: 4, calls: 4 });
    expect(opening.state.status).toBe('open');
  });

  it('successes keep the rate under the threshold; old calls leave the window', () => {
    let state = closedCircuit();
    let now = 1_000_000;
    for (const unwell of [false, false, true, false, true]) {
      state = settle(state, { unwell, probe: false }, now, settings).state;
    }
    expect(state.status).toBe('closed'); // 2 of 5
    now += settings.windowMs + 1; // everything above is forgotten
    for (const unwell of [true, true, true]) {
      state = settle(state, { unwell, probe: false }, now, settings).state;
    }
    expect(state.status).toBe('closed'); // 3 calls: under the minimum
  });

  it('open fails fast until the cooldown, then one probe; success closes, failure reopens', () => {
    const open = { ...closedCircuit(), status: 'open' as const, openedAt: 1_000 };
    expect(admit(open, 3_000, settings).admission).toEqual({ allowed: false, retryAfterMs: 3_000 });
    const probing = admit(open, 6_000, settings);
    expect(probing.admission).toEqual({ allowed: true, probe: true });
    expect(probing.transition?.to).toBe('half-open');
    expect(admit(probing.state, 6_001, settings).admission.allowed).toBe(false);
    const closed = settle(probing.state, { unwell: false, probe: true }, 6_100, settings);
    expect(closed.transition).toMatchObject({ from: 'half-open', to: 'closed' });
    expect(closed.state).toEqual(closedCircuit());
    const reopened = settle(probing.state, { unwell: true, probe: true }, 6_100, settings);
    expect(reopened.transition).toMatchObject({ from: 'half-open', to: 'open' });
    expect(reopened.state.openedAt).toBe(6_100);
    // A late answer of a call let through before it opened changes nothing.
    expect(settle(probing.state, { unwell: true, probe: false }, 6_100, settings).state).toBe(
      probing.state,
    );
  });
});

describe('createCircuitBreaker', () => {
  it('logs every transition and reports it', async () => {
    const clock = createTestClock();
    const logger = captureLogger();
    const seen: string[] = [];
    const breaker = createCircuitBreaker(settings, {
      provider: 'fedex',
      logger,
      onTransition: (transition) => seen.push(`${transition.from}->${transition.to}`),
    });
    for (let index = 0; index < 4; index += 1) {
      expect(await breaker.admit('acct', clock.now())).toEqual({ allowed: true, probe: false });
      await breaker.settle('acct', { unwell: true, probe: false }, clock.now());
    }
    expect(await breaker.status('acct', clock.now())).toBe('open');
    expect(await breaker.admit('other', clock.now())).toEqual({ allowed: true, probe: false });
    const refused = await breaker.admit('acct', clock.now() + 1_000);
    expect(refused).toEqual({ allowed: false, retryAfterMs: 4_000 });
    const probe = await breaker.admit('acct', clock.now() + 5_000);
    expect(probe).toEqual({ allowed: true, probe: true });
    await breaker.settle('acct', { unwell: false, probe: true }, clock.now() + 5_100);
    expect(seen).toEqual(['closed->open', 'open->half-open', 'half-open->closed']);
    expect(logger.lines.map((line) => line.object.event)).toEqual([
      'circuit.opened',
      'circuit.half_open',
      'circuit.closed',
    ]);
  });

  it('refuses settings that would never open or never close', () => {
    const context = { provider: 'x', logger: captureLogger() };
    for (const bad of [
      { failureRate: 0 },
      { failureRate: 1.5 },
      { failureRate: Number.NaN },
      { minimumCalls: 1.5 },
      { cooldownMs: -1 },
      { halfOpenCalls: 0 },
    ]) {
      expect(() => createCircuitBreaker(bad, context)).toThrow(ConfigurationError);
      expect(() => circuitBreaker(bad)).toThrow(ConfigurationError);
    }
  });
});
