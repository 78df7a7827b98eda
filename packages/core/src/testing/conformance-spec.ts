import type { Clock } from '../clock.js';
import type { HttpClientHooks } from '../http-client.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { RetryOptions } from '../retry-policy.js';
import type { FakeControls } from './fake-api.js';

/**
 * What the suite passes to `spec.create`: the shared client options, and the
 * secret under `spec.secretOption` when a check gives one. Pass them on as
 * they are, with any settings of your own that a client needs.
 */
export interface ConformanceClientOptions {
  baseURL?: string | undefined;
  fetch?: typeof fetch | undefined;
  logger?: Logger | undefined;
  metrics?: Metrics | undefined;
  hooks?: HttpClientHooks | undefined;
  retry?: RetryOptions | undefined;
  timeoutMs?: number | undefined;
  clock?: Clock | undefined;
  [secretOption: string]: unknown;
}

/** Per-call options the suite passes to `read`, `write` and `withId`. */
export interface ConformanceRequestOptions {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  idempotencyKey?: string | undefined;
  headers?: Record<string, string> | undefined;
}

/** A list call's answer: awaitable (the first page), async-iterable over items, `toArray`. */
export interface ConformancePage extends PromiseLike<unknown>, AsyncIterable<unknown> {
  toArray(options?: { limit?: number | undefined }): Promise<ReadonlyArray<unknown>>;
}

/** A provider, as `describeProviderConformance` checks it. */
export interface ProviderConformanceSpec<Client> {
  /** As errors and metrics carry it, e.g. `stripe`. */
  name: string;
  /** The option holding the secret, e.g. `secretKey`. */
  secretOption: string;
  /** Its environment-variable fallback, e.g. `STRIPE_SECRET_KEY`. */
  envVar: string;
  /** A secret the fake accepts. */
  secret: string;
  /** Where the fake answers; every client is created with it, e.g. `https://api.stripe.com`. */
  baseURL: string;
  /** The prefix of every path (`/v1`): a baseURL ending in it must not double it. */
  versionPrefix?: string | undefined;
  /**
   * The request header carrying `idempotencyKey` (`Idempotency-Key`): when
   * given with `write`, the suite checks the key is sent, the same on a retry.
   */
  idempotencyHeader?: string | undefined;
  /** A client, e.g. `(options) => createStripe(options)`. */
  create(options: ConformanceClientOptions): Client;
  /** The provider's fake, made once; the suite serves its handlers and resets it after each check. */
  fake(): FakeControls;
  /** A cheap call that is safe to repeat (retried on a 503), answered by an empty fake. */
  read(client: Client, options?: ConformanceRequestOptions): PromiseLike<unknown>;
  /** A mutation answered by an empty fake. */
  write?:
    | ((client: Client, options?: ConformanceRequestOptions) => PromiseLike<unknown>)
    | undefined;
  /** A list call. */
  list?: ((client: Client) => ConformancePage) | undefined;
  /**
   * A call with `id` in its path, for the id checks (validated, encoded as one
   * segment). Leave it out when no call of the provider has one (FedEx).
   */
  withId?: ((client: Client, id: string) => PromiseLike<unknown>) | undefined;
}
