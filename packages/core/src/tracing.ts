import { contextSpanAttributes } from './call-context.js';

/**
 * The slice of `@opentelemetry/api` the client uses, typed structurally so core
 * imports nothing: pass `trace.getTracer('my-app')` as `tracer`.
 */
export type SpanAttributeValue = string | number | boolean;

export interface SpanLike {
  setAttribute(key: string, value: SpanAttributeValue): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  recordException(exception: Error): unknown;
  end(endTime?: number): void;
}

export interface TracerLike {
  startSpan(
    name: string,
    options?: { kind?: number; attributes?: Record<string, SpanAttributeValue> },
  ): SpanLike;
}

/** `SpanKind.CLIENT` and `SpanStatusCode.ERROR` from @opentelemetry/api. */
export const SPAN_KIND_CLIENT = 2;
export const SPAN_STATUS_ERROR = 2;

export interface AttemptSpanInit {
  method: string;
  url: URL;
  /** Already redacted. */
  redactedUrl: string;
  attempt: number;
  provider: string;
  operation: string | undefined;
  /** The provider circuit's state when the call was let through, with a breaker. */
  circuit?: string | undefined;
}

/** One client span per attempt, with the stable HTTP semantic-convention attributes. */
export function startAttemptSpan(tracer: TracerLike, init: AttemptSpanInit): SpanLike {
  const port = init.url.port ? Number(init.url.port) : init.url.protocol === 'https:' ? 443 : 80;
  const attributes: Record<string, SpanAttributeValue> = {
    'http.request.method': init.method,
    'server.address': init.url.hostname,
    'server.port': port,
    'url.full': init.redactedUrl,
    'int.provider': init.provider,
    ...contextSpanAttributes(),
  };
  if (init.operation) attributes['int.operation'] = init.operation;
  if (init.attempt > 1) attributes['http.request.resend_count'] = init.attempt - 1;
  if (init.circuit) attributes['int.circuit.state'] = init.circuit;
  return tracer.startSpan(init.method, { kind: SPAN_KIND_CLIENT, attributes });
}

export function endAttemptSpan(
  span: SpanLike,
  outcome: {
    status?: number | undefined;
    errorType?: string | undefined;
    error?: Error | undefined;
  },
): void {
  if (outcome.status !== undefined) span.setAttribute('http.response.status_code', outcome.status);
  if (outcome.errorType) {
    span.setAttribute('error.type', outcome.errorType);
    span.setStatus({ code: SPAN_STATUS_ERROR, message: outcome.error?.message });
    if (outcome.error) span.recordException(outcome.error);
  }
  span.end();
}
