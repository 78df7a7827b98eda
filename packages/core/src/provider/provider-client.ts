import type { Clock } from '../clock.js';
import { ConfigurationError } from '../errors.js';
import {
  createHttpClient,
  type HttpClient,
  type HttpClientOptions,
  type HttpRequest,
  type HttpResponse,
} from '../http-client.js';
import { type Logger, silentLogger } from '../logger.js';
import type { RateLimiter } from '../rate-limiter.js';
import { isIdempotentMethod, type RetryOptions } from '../retry-policy.js';
import { type Endpoint, type EndpointCall, fillPath } from './endpoint.js';
import { withNotRetriedNote } from './not-retried-note.js';
import {
  type PagePromise,
  type PageRequest,
  type PaginationStrategy,
  pagePromise,
} from './pagination.js';
import { providerBaseURL } from './provider-base-url.js';
import { toClock } from './provider-clock.js';
import type { ProviderOptions } from './provider-options.js';
import { checkRequestOptions, type RequestOptions } from './request-options.js';
import { checkResponse, type ResponseValidationMode } from './response-validation.js';
import { ValidationIssues } from './validation-issues.js';

/** Pipeline settings a provider fixes; the user's `ProviderOptions` are layered over them. */
type PipelineSettings = Omit<
  HttpClientOptions,
  | 'name'
  | 'baseURL'
  | 'timeoutMs'
  | 'retry'
  | 'rateLimiter'
  | 'logger'
  | 'metrics'
  | 'tracer'
  | 'hooks'
  | 'fetch'
  | 'clock'
  | 'maxResponseBytes'
  | 'redirect'
  | 'circuitBreaker'
>;

/** What a provider package declares once; `createProviderClient` does the rest. */
export interface ProviderDefinition<Extra extends RequestOptions = RequestOptions>
  extends PipelineSettings {
  /** Lower case, e.g. `stripe`: in logs, metrics, spans and errors. */
  name: string;
  /** The provider's API origin, e.g. `https://api.stripe.com`. */
  defaultBaseURL: string;
  /** The version at the start of every endpoint path (`/v1`): a `baseURL` ending in it is not doubled. */
  versionPrefix?: string | undefined;
  /** The provider's own per-attempt timeout default. Default 60 000 ms. */
  timeoutMs?: number | undefined;
  /** The provider's retry defaults; the user's `retry` is layered over them. */
  retry?: RetryOptions | undefined;
  /** The provider's default limiter; a user's `rateLimiter` replaces it. */
  rateLimiter?: RateLimiter | undefined;
  /** Wraps the transport (to read rate-limit headers, for example); gets the user's `fetch`. */
  wrapFetch?: ((userFetch: typeof fetch | undefined) => typeof fetch | undefined) | undefined;
  /** `auto`: a write without `idempotencyKey` gets a fresh UUID per call (Stripe, MercadoPago). */
  idempotencyKeys?: 'auto' | 'when-given' | undefined;
  maxIdempotencyKeyLength?: number | undefined;
  /** The provider's own per-call options: their checks and the headers they become. */
  requestOptions?:
    | {
        check?: ((options: Extra, issues: ValidationIssues) => void) | undefined;
        headers?: ((options: Extra) => Record<string, string | undefined>) | undefined;
      }
    | undefined;
  /**
   * Runs first in every call, before anything is sent or logged: reads the
   * lazy secret (a missing one fails here), works out an account's limiter key.
   */
  prepare?:
    | ((
        operation: string,
      ) => Partial<HttpRequest> | undefined | Promise<Partial<HttpRequest> | undefined>)
    | undefined;
}

/** The one sender every method of a provider calls. */
export interface ProviderClient<Extra extends RequestOptions = RequestOptions> {
  readonly name: string;
  readonly baseURL: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly http: HttpClient;
  call<Raw, Output, Body>(
    endpoint: Endpoint<Raw, Output, Body>,
    call?: EndpointCall<Body>,
    options?: Extra,
  ): Promise<Output>;
  callWithResponse<Raw, Output, Body>(
    endpoint: Endpoint<Raw, Output, Body>,
    call?: EndpointCall<Body>,
    options?: Extra,
  ): Promise<HttpResponse<Output>>;
  list<Page, Item, Body>(
    endpoint: Endpoint<Page, Page, Body>,
    call: EndpointCall<Body>,
    strategy: PaginationStrategy<Page, Item>,
    options?: Extra,
  ): PagePromise<Page, Item>;
}

const MODES: ReadonlyArray<ResponseValidationMode> = ['off', 'warn', 'strict'];

function checkOptions(options: ProviderOptions, provider: string): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigurationError(`create options for ${provider} must be an object when given.`, {
      option: 'options',
      provider,
    });
  }
  if (options.validateResponses !== undefined && !MODES.includes(options.validateResponses)) {
    throw new ConfigurationError(`validateResponses must be one of ${MODES.join(', ')}.`, {
      option: 'validateResponses',
      provider,
    });
  }
  if (options.clock !== undefined && typeof options.clock?.now !== 'function') {
    throw new ConfigurationError('clock must be an object with now().', {
      option: 'clock',
      provider,
    });
  }
}

/**
 * A provider's client on core's pipeline: one place where user options meet
 * the provider's definition, and one `call` that every method goes through.
 */
export function createProviderClient<Extra extends RequestOptions = RequestOptions>(
  definition: ProviderDefinition<Extra>,
  options: ProviderOptions = {},
): ProviderClient<Extra> {
  const provider = definition.name;
  checkOptions(options, provider);
  const {
    defaultBaseURL,
    versionPrefix,
    wrapFetch,
    idempotencyKeys,
    maxIdempotencyKeyLength,
    requestOptions: extraOptions,
    prepare,
    ...pipeline
  } = definition;
  const baseURL = providerBaseURL(options.baseURL, { provider, defaultBaseURL, versionPrefix });
  const clock = toClock(options.clock);
  const logger = options.logger ?? silentLogger;
  const mode = options.validateResponses ?? 'off';
  const http = createHttpClient({
    ...pipeline,
    baseURL,
    timeoutMs: options.timeoutMs ?? definition.timeoutMs,
    retry: { ...definition.retry, ...options.retry },
    rateLimiter: options.rateLimiter ?? definition.rateLimiter,
    logger: options.logger,
    metrics: options.metrics,
    tracer: options.tracer,
    hooks: options.hooks,
    fetch: wrapFetch ? wrapFetch(options.fetch) : options.fetch,
    clock,
    maxResponseBytes: options.maxResponseBytes,
    redirect: options.redirect,
    circuitBreaker: options.circuitBreaker,
  });

  async function callWithResponse<Raw, Output, Body>(
    endpoint: Endpoint<Raw, Output, Body>,
    call: EndpointCall<Body> = {},
    requestOptions?: Extra,
  ): Promise<HttpResponse<Output>> {
    const operation = endpoint.operation;
    const perCall = checkRequestOptions<Extra>(requestOptions, {
      provider,
      operation,
      maxIdempotencyKeyLength,
      extra: extraOptions?.check,
    });
    const issues = new ValidationIssues(provider, operation);
    const path = fillPath(endpoint.path, call.path, issues);
    endpoint.validate?.(call, issues);
    issues.throwIfAny();
    const prepared = (await prepare?.(operation)) ?? {};
    const write = !isIdempotentMethod(endpoint.method) && endpoint.idempotent !== true;
    const idempotencyKey =
      perCall.idempotencyKey ??
      (idempotencyKeys === 'auto' && write && endpoint.retry !== false
        ? globalThis.crypto.randomUUID()
        : undefined);
    const request = http.requestWithResponse<Raw>({
      ...prepared,
      method: endpoint.method,
      path,
      operation,
      query: call.query,
      body: call.body,
      bodyEncoding: endpoint.encoding,
      headers: {
        ...prepared.headers,
        ...extraOptions?.headers?.(perCall),
        ...call.headers,
        ...perCall.headers,
      },
      idempotencyKey,
      idempotent: endpoint.idempotent,
      timeoutMs: perCall.timeoutMs,
      signal: perCall.signal,
      retry:
        endpoint.retry === false
          ? false
          : perCall.maxRetries === undefined
            ? undefined
            : { maxRetries: perCall.maxRetries },
      responseType: endpoint.responseType,
      rateLimitCost: endpoint.rateLimitCost,
    });
    const note = endpoint.notRetriedNote;
    const response = note
      ? await request.catch((error: unknown) => {
          throw withNotRetriedNote(error, note);
        })
      : await request;
    await checkResponse(response.data, options.responseSchemas?.[operation] ?? endpoint.response, {
      mode,
      provider,
      operation,
      status: response.status,
      requestId: response.requestId,
      logger,
    });
    const data = endpoint.map
      ? endpoint.map(response.data, response)
      : (response.data as unknown as Output);
    return { ...response, data };
  }

  const send = async <Raw, Output, Body>(
    endpoint: Endpoint<Raw, Output, Body>,
    call?: EndpointCall<Body>,
    requestOptions?: Extra,
  ): Promise<Output> => (await callWithResponse(endpoint, call, requestOptions)).data;

  return {
    name: provider,
    baseURL,
    clock,
    logger,
    http,
    callWithResponse,
    call: send,
    list(endpoint, call, strategy, requestOptions) {
      const first: PageRequest = {
        query: call.query,
        body: call.body as Record<string, unknown> | undefined,
      };
      return pagePromise(
        first,
        (request) =>
          send(
            endpoint,
            { ...call, query: request.query, body: request.body as typeof call.body },
            requestOptions,
          ),
        strategy,
        { provider, operation: endpoint.operation },
      );
    },
  };
}
