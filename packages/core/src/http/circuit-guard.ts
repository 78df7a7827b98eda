import {
  CircuitOpenError,
  ConnectionError,
  ResponseParseError,
  ServerError,
  TimeoutError,
} from '../errors.js';
import { SPAN_KIND_CLIENT, SPAN_STATUS_ERROR } from '../tracing.js';
import type { CallRunner } from './call-pipeline.js';
import type { ClientSettings } from './client-settings.js';
import type { HttpRequest, HttpResponse } from './http-client-types.js';

/**
 * How a finished call counts for the breaker: `true` when it says the provider
 * is unwell (5xx, timeouts, connection errors, an unreadable 2xx), `false` when
 * the provider answered (any 4xx: a decline or bad input is not an outage),
 * `undefined` when it says nothing (aborted by the caller, refused before sending).
 */
export function unwellOutcome(error: unknown): boolean | undefined {
  if (
    ServerError.isInstance(error) ||
    TimeoutError.isInstance(error) ||
    ConnectionError.isInstance(error) ||
    ResponseParseError.isInstance(error)
  ) {
    return true;
  }
  if (error !== null && typeof error === 'object' && 'status' in error) return false;
  return undefined;
}

/**
 * Puts the client's breaker in front of the call loop: one admission and one
 * outcome per logical call, whatever its retries. While the circuit is open a
 * call fails at once with `CircuitOpenError` and nothing is sent.
 */
export function guardWithCircuit(settings: ClientSettings, run: CallRunner): CallRunner {
  const { options, provider, clock } = settings;
  if (!options.circuitBreaker) return run;
  const breaker = options.circuitBreaker.create({
    provider,
    logger: settings.logger,
    onTransition: (transition) => options.metrics?.recordCircuit?.(transition),
  });
  const refuse = (request: HttpRequest, key: string, retryAfterMs: number): CircuitOpenError => {
    const operation = request.operation;
    const error = new CircuitOpenError(
      `${provider} ${operation ?? request.method} not sent: the circuit is open after repeated failures; next probe in ${retryAfterMs} ms.`,
      { provider, operation, retryAfterMs, key },
    );
    options.metrics?.record({
      provider,
      operation: operation ?? `${request.method} ${request.path}`,
      ok: false,
      durationMs: 0,
      errorName: error.name,
      errorMessage: error.message,
    });
    const span = options.tracer?.startSpan(request.method, {
      kind: SPAN_KIND_CLIENT,
      attributes: {
        'int.provider': provider,
        'int.circuit.state': 'open',
        'error.type': error.name,
      },
    });
    span?.setStatus({ code: SPAN_STATUS_ERROR, message: error.message });
    span?.end();
    return error;
  };
  return async <T>(request: HttpRequest): Promise<HttpResponse<T>> => {
    const key = request?.rateLimitKey ?? settings.rateLimitKey;
    // The memory store answers at once: no await, so no extra turn, on the success path.
    let admission = breaker.admit(key, clock.now());
    if (admission instanceof Promise) admission = await admission;
    if (!admission.allowed) throw refuse(request, key, admission.retryAfterMs);
    const probe = admission.probe;
    let response: HttpResponse<T>;
    try {
      response = await run<T>(request, probe ? 'half-open' : 'closed');
    } catch (error) {
      await breaker.settle(key, { unwell: unwellOutcome(error), probe }, clock.now());
      throw error;
    }
    const settled = breaker.settle(key, { unwell: false, probe }, clock.now());
    if (settled instanceof Promise) await settled;
    return response;
  };
}
