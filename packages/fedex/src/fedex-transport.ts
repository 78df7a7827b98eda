import {
  type ApiError,
  ConfigurationError,
  ConnectionError,
  contextualLogger,
  createHttpClient,
  describeValue,
  type HttpClient,
  type HttpMethod,
  IntegrationError,
  type Logger,
  memoryRateLimiter,
  silentLogger,
  systemClock,
  TimeoutError,
  ValidationError,
} from '@int/core';
import { fedexAuth } from './fedex-auth.js';
import {
  attachFedExFields,
  createFedExErrorFactory,
  errorItemsOf,
  type FedExErrorFields,
  fedexRetryHint,
  NOT_RETRIED_NOTE,
  parseFedExError,
} from './fedex-errors.js';
import { FEDEX_BASE_URLS, type FedExOptions } from './fedex-options.js';
import type { CallOptions } from './types.js';
import { USER_AGENT } from './version.js';

export interface FedExCall {
  operation: string;
  method: HttpMethod;
  path: string;
  body: unknown;
  options?: CallOptions | undefined;
  /** A read sent as POST: safe to repeat. */
  idempotent?: boolean;
  /** `false`: never repeated (shipments.create). */
  retry?: false;
}

export interface FedExResponse<T> {
  data: T;
  transactionId: string | undefined;
  customerTransactionId: string;
}

export interface FedExTransport {
  readonly accountNumber: () => string;
  readonly logger: Logger;
  send<T>(call: FedExCall): Promise<FedExResponse<T>>;
}

function setting(value: string | undefined, env: string, option: string, what: string): string {
  const resolved =
    value ?? (typeof process !== 'undefined' ? process.env[env] : undefined) ?? undefined;
  if (resolved !== undefined && typeof resolved !== 'string') {
    throw new ConfigurationError(
      `FedEx ${option} must be a string, got ${describeValue(resolved)}.`,
      {
        provider: 'fedex',
        option,
      },
    );
  }
  if (!resolved) {
    throw new ConfigurationError(`FedEx ${what} is missing. Pass \`${option}\` or set ${env}.`, {
      provider: 'fedex',
      option,
    });
  }
  return resolved;
}

const transactionIdOf = (data: unknown): string | undefined => {
  const value = (data as { transactionId?: unknown } | undefined)?.transactionId;
  return typeof value === 'string' ? value : undefined;
};

/** One HTTP client per FedEx client, built on first use so settings are read lazily. */
export function createFedExTransport(options: FedExOptions): FedExTransport {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ? contextualLogger(options.logger) : silentLogger;
  const environment = options.environment ?? 'sandbox';
  if (environment !== 'sandbox' && environment !== 'production') {
    throw new ConfigurationError(
      `environment must be 'sandbox' or 'production', got ${describeValue(environment)}.`,
      { provider: 'fedex', option: 'environment' },
    );
  }
  if (options.baseURL !== undefined && typeof options.baseURL !== 'string') {
    throw new ConfigurationError(
      `baseURL must be a URL string, got ${describeValue(options.baseURL)}.`,
      { provider: 'fedex', option: 'baseURL' },
    );
  }
  let http: HttpClient | undefined;

  const build = (): HttpClient => {
    if (http) return http;
    const clientId = setting(
      options.clientId,
      'FEDEX_CLIENT_ID',
      'clientId',
      'client id (API key)',
    );
    const clientSecret = setting(
      options.clientSecret,
      'FEDEX_CLIENT_SECRET',
      'clientSecret',
      'client secret',
    );
    for (const option of ['childKey', 'childSecret'] as const) {
      const value = options[option];
      if (value !== undefined && (typeof value !== 'string' || value.length === 0)) {
        throw new ConfigurationError(
          `FedEx ${option} must be a non-empty string, got ${describeValue(value)}.`,
          { provider: 'fedex', option },
        );
      }
    }
    if ((options.childKey === undefined) !== (options.childSecret === undefined)) {
      throw new ConfigurationError('FedEx childKey and childSecret go together; pass both.', {
        provider: 'fedex',
        option: options.childKey === undefined ? 'childKey' : 'childSecret',
      });
    }
    const baseURL = options.baseURL ?? FEDEX_BASE_URLS[environment];
    http = createHttpClient({
      name: 'fedex',
      baseURL,
      auth: fedexAuth({
        baseURL,
        environment,
        clientId,
        clientSecret,
        childKey: options.childKey,
        childSecret: options.childSecret,
        grantType: options.grantType,
        tokenStore: options.tokenStore,
        tokenGuard: options.tokenGuard,
        fetch: options.fetch,
        clock: options.clock,
        logger: options.logger,
        timeoutMs: options.timeoutMs,
      }),
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes,
      retry: options.retry,
      retryHint: fedexRetryHint,
      rateLimiter:
        options.rateLimiter === false
          ? undefined
          : (options.rateLimiter ?? memoryRateLimiter({ limit: 1400, intervalMs: 10_000, clock })),
      logger: options.logger,
      metrics: options.metrics,
      tracer: options.tracer,
      hooks: options.hooks,
      fetch: options.fetch,
      clock: options.clock,
      userAgent: USER_AGENT,
      parseError: parseFedExError,
      createError: createFedExErrorFactory(() => clock.now()),
    });
    return http;
  };

  return {
    logger,
    accountNumber: () =>
      setting(options.accountNumber, 'FEDEX_ACCOUNT_NUMBER', 'accountNumber', 'account number'),
    async send<T>(call: FedExCall): Promise<FedExResponse<T>> {
      const given = call.options?.customerTransactionId;
      if (given !== undefined && (typeof given !== 'string' || given.trim().length === 0)) {
        throw new ValidationError(
          [{ path: ['customerTransactionId'], message: 'must be a non-empty string' }],
          { provider: 'fedex', operation: call.operation },
        );
      }
      const client = build();
      const customerTransactionId =
        call.options?.customerTransactionId ?? globalThis.crypto.randomUUID();
      try {
        const response = await client.requestWithResponse<T>({
          method: call.method,
          path: call.path,
          body: call.body,
          headers: {
            'x-customer-transaction-id': customerTransactionId,
            'x-locale': options.locale,
          },
          operation: call.operation,
          idempotent: call.idempotent,
          retry: call.retry,
          signal: call.options?.signal,
          timeoutMs: call.options?.timeoutMs,
        });
        const transactionId = transactionIdOf(response.data);
        logger.debug(
          {
            event: 'fedex.response',
            provider: 'fedex',
            operation: call.operation,
            customerTransactionId,
            transactionId,
            attempts: response.attempts,
          },
          `fedex ${call.operation} ok`,
        );
        return { data: response.data, transactionId, customerTransactionId };
      } catch (error) {
        throw annotate(error, call.operation, customerTransactionId, logger);
      }
    },
  };
}

function annotate(
  error: unknown,
  operation: string,
  customerTransactionId: string,
  logger: Logger,
): unknown {
  if (!IntegrationError.isInstance(error)) return error;
  const apiError = 'status' in error ? (error as ApiError) : undefined;
  const body = apiError?.body as { transactionId?: unknown } | undefined;
  const transactionId =
    typeof body?.transactionId === 'string' ? body.transactionId : apiError?.requestId;
  const existing = (error as Partial<FedExErrorFields>).errors;
  attachFedExFields(error, {
    transactionId,
    customerTransactionId,
    errors: existing ? [...existing] : errorItemsOf(apiError?.body),
  });
  // A lost answer to a ship request is the dangerous case: say it was not repeated.
  if (
    operation === 'shipments.create' &&
    (TimeoutError.isInstance(error) || ConnectionError.isInstance(error)) &&
    !error.message.includes(NOT_RETRIED_NOTE)
  ) {
    error.message = `${error.message} ${NOT_RETRIED_NOTE}`;
  }
  logger.warn(
    {
      event: 'fedex.failed',
      provider: 'fedex',
      operation,
      customerTransactionId,
      transactionId,
      status: apiError?.status,
      code: apiError?.code,
      error: error.name,
    },
    error.message,
  );
  return error;
}
