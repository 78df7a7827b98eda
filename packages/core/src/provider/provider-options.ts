import type { CircuitBreakerFactory } from '../circuit-breaker/circuit-breaker.js';
import type { HttpClientHooks } from '../http-client.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { RateLimiter } from '../rate-limiter.js';
import type { RedirectPolicy } from '../redirect-policy.js';
import type { RetryOptions } from '../retry-policy.js';
import type { TracerLike } from '../tracing.js';
import type { ProviderClock } from './provider-clock.js';
import type { ResponseValidationMode, StandardSchemaV1 } from './response-validation.js';

/**
 * The options every provider's `createX(options)` accepts, with the same names
 * and defaults everywhere; a provider adds its credentials and its own few.
 */
export interface ProviderOptions {
  /** An origin plus an optional path prefix. Default: the provider's API. `http://` only for loopback. */
  baseURL?: string | undefined;
  /** Per-attempt timeout in ms. Default: the provider's (60 000 unless its README says otherwise). */
  timeoutMs?: number | undefined;
  /** Retry settings (core's `RetryOptions`). Default: 2 retries, full-jitter backoff, `Retry-After` honoured. */
  retry?: RetryOptions | undefined;
  /** A `RateLimiter` (`memoryRateLimiter()`, `redisRateLimiter()`). Default: the provider's (none, unless its README says). */
  rateLimiter?: RateLimiter | undefined;
  /** A pino-shaped logger; every line is redacted. Default: silent. */
  logger?: Logger | undefined;
  /** `createMetrics()`: one record per logical call. Default: none. */
  metrics?: Metrics | undefined;
  /** An OpenTelemetry `Tracer`: one client span per attempt. Default: none. */
  tracer?: TracerLike | undefined;
  /** Observers of requests, responses, retries and errors (redacted). Default: none. */
  hooks?: HttpClientHooks | undefined;
  /** A `fetch` implementation. Default: `node:http` on Node.js, the global `fetch` elsewhere. */
  fetch?: typeof fetch | undefined;
  /** Largest answer accepted, in bytes, raw and decompressed. Default 33 554 432 (32 MiB). */
  maxResponseBytes?: number | undefined;
  /** What a 3xx does. Default `'follow-same-origin'`. */
  redirect?: RedirectPolicy | undefined;
  /**
   * A circuit breaker per account: `circuitBreaker()` from `@int/core` for the
   * defaults (open at a 50 % failure rate over at least 20 calls in 30 s, probe
   * after 15 s), or `circuitBreaker({ ...settings, store })` with a shared
   * store (`sqliteCircuitStore`, `redisCircuitStore`).
   * While open, calls fail at once with `CircuitOpenError`. Default: off.
   */
  circuitBreaker?: CircuitBreakerFactory | undefined;
  /** Time, shared with a test's fake: `{ now() }`, and `sleep` for instant retry waits. Default: the system clock. */
  clock?: ProviderClock | undefined;
  /** What an answer that breaks its endpoint's declared schema does. Default `'off'`. */
  validateResponses?: ResponseValidationMode | undefined;
  /**
   * Schemas of your own (zod, valibot, arktype: any Standard Schema) for the
   * answers you rely on, by operation name (`paymentIntents.create`); they
   * replace a schema the endpoint declares. Default: none.
   */
  responseSchemas?: Readonly<Record<string, StandardSchemaV1>> | undefined;
}
