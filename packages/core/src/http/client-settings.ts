import { contextualLogger } from '../call-context.js';
import { type Clock, systemClock } from '../clock.js';
import { describeValue } from '../describe-value.js';
import {
  defaultErrorParser,
  type ErrorResponseInfo,
  type ProviderErrorDetails,
} from '../error-classification.js';
import { ConfigurationError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import {
  checkRedirectPolicy,
  DEFAULT_REDIRECT_POLICY,
  type RedirectPolicy,
} from '../redirect-policy.js';
import { checkMaxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES } from '../response-size-limit.js';
import { type ResolvedRetryOptions, resolveRetryOptions } from '../retry-policy.js';
import { parseServiceUrl, type QueryArrayFormat } from '../url.js';
import { runtimeUserAgent } from '../version.js';
import type { HttpClientOptions } from './http-client-types.js';

/** A client's options, checked once and with every default filled in. */
export interface ClientSettings {
  /** The options as given, for the strategies and observers they hold. */
  options: HttpClientOptions;
  provider: string;
  baseURL: URL;
  allowInsecureHttp: boolean;
  timeoutMs: number;
  maxResponseBytes: number;
  redirectPolicy: RedirectPolicy;
  retryDefaults: ResolvedRetryOptions;
  notActedOnStatuses: ReadonlySet<number>;
  clock: Clock;
  random: () => number;
  logger: Logger;
  parseError: (response: ErrorResponseInfo) => ProviderErrorDetails;
  requestIdHeaders: ReadonlyArray<string>;
  /** Lower-cased. */
  idempotencyHeader: string;
  queryArrayFormat: QueryArrayFormat;
  rateLimitKey: string;
  /** Lower-cased names. */
  defaultHeaders: Readonly<Record<string, string>>;
}

const DEFAULT_REQUEST_ID_HEADERS = [
  'request-id',
  'x-request-id',
  'x-correlation-id',
  'x-amzn-requestid',
];

const MAX_TIMER_MS = 2_147_483_647;

export function checkTimeout(value: unknown, option: string, provider: string): number | undefined {
  if (value === undefined) return undefined;
  // Timers overflow above 2^31 - 1 ms (about 24.8 days) and fire at once.
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
    throw new ConfigurationError(
      `${option} must be a positive number of milliseconds up to ${MAX_TIMER_MS}, got ${describeValue(value)}.`,
      {
        option,
        provider,
      },
    );
  }
  return value;
}

const isText = (value: unknown) => typeof value === 'string' && value.length > 0;
const isRecord = (value: unknown) =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

// Objects whose methods the pipeline calls: a wrong one would fail mid-call.
const SHAPES: Record<string, readonly string[]> = {
  auth: ['apply'],
  rateLimiter: ['acquire'],
  logger: ['debug', 'info', 'warn', 'error'],
  metrics: ['record'],
  tracer: ['startSpan'],
  clock: ['now', 'sleep'],
  hooks: [],
};

const FUNCTIONS = ['fetch', 'retryHint', 'parseError', 'createError', 'errorDetails', 'random'];

/** Options read at construction: a wrong type here must not surface later as a TypeError. */
function checkClientOptions(options: HttpClientOptions, provider: string): void {
  const given = options as unknown as Record<string, unknown>;
  const fail = (option: string, expected: string): never => {
    throw new ConfigurationError(
      `${option} must be ${expected}, got ${describeValue(given[option])}.`,
      { option, provider },
    );
  };
  const wrong = (option: string, valid: (value: unknown) => boolean): boolean =>
    given[option] !== undefined && !valid(given[option]);
  if (wrong('idempotencyHeader', isText)) fail('idempotencyHeader', 'a header name');
  if (wrong('userAgent', (value) => typeof value === 'string')) fail('userAgent', 'a string');
  if (wrong('rateLimitKey', isText)) fail('rateLimitKey', 'a non-empty string');
  if (wrong('queryArrayFormat', (value) => value === 'repeat' || value === 'indices'))
    fail('queryArrayFormat', "'repeat' or 'indices'");
  const strings = (value: unknown) =>
    isRecord(value) && Object.values(value as object).every((item) => typeof item === 'string');
  if (wrong('defaultHeaders', strings)) fail('defaultHeaders', 'an object of strings');
  if (wrong('requestIdHeaders', (value) => Array.isArray(value) && value.every(isText)))
    fail('requestIdHeaders', 'a list of header names');
  const statuses = (value: unknown) =>
    Array.isArray(value) && value.every((item) => Number.isInteger(item));
  if (wrong('notActedOnStatuses', statuses)) fail('notActedOnStatuses', 'a list of HTTP statuses');
  for (const name of FUNCTIONS) {
    if (wrong(name, (value) => typeof value === 'function')) fail(name, 'a function');
  }
  for (const [name, methods] of Object.entries(SHAPES)) {
    const hasMethods = (value: unknown) =>
      isRecord(value) &&
      methods.every((method) => typeof (value as Record<string, unknown>)[method] === 'function');
    if (wrong(name, hasMethods))
      fail(name, methods.length > 0 ? `an object with ${methods.join(', ')}` : 'an object');
  }
  if (wrong('retry', isRecord)) fail('retry', 'an object');
}

function resolveRetryDefaults(options: HttpClientOptions, provider: string): ResolvedRetryOptions {
  try {
    return resolveRetryOptions(options.retry);
  } catch (error) {
    throw new ConfigurationError((error as Error).message, {
      option: (error as ConfigurationError).option,
      provider,
    });
  }
}

function defaultHeadersOf(options: HttpClientOptions): Record<string, string> {
  const userAgent = options.userAgent
    ? `${options.userAgent} ${runtimeUserAgent()}`
    : runtimeUserAgent();
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': userAgent };
  for (const [name, value] of Object.entries(options.defaultHeaders ?? {})) {
    headers[name.toLowerCase()] = value;
  }
  return headers;
}

/** Checks a client's options and fills in the defaults; throws `ConfigurationError`. */
export function resolveClientSettings(options: HttpClientOptions): ClientSettings {
  if (!options || typeof options.name !== 'string' || options.name.length === 0) {
    throw new ConfigurationError('name is required: the provider name used in logs and errors.', {
      option: 'name',
    });
  }
  const provider = options.name;
  checkClientOptions(options, provider);
  const allowInsecureHttp = options.allowInsecureHttp ?? false;
  return {
    options,
    provider,
    baseURL: parseServiceUrl(options.baseURL, 'baseURL', { provider, allowInsecureHttp }),
    allowInsecureHttp,
    timeoutMs: checkTimeout(options.timeoutMs, 'timeoutMs', provider) ?? 60_000,
    maxResponseBytes:
      checkMaxResponseBytes(options.maxResponseBytes, provider) ?? DEFAULT_MAX_RESPONSE_BYTES,
    redirectPolicy: checkRedirectPolicy(options.redirect, provider) ?? DEFAULT_REDIRECT_POLICY,
    retryDefaults: resolveRetryDefaults(options, provider),
    notActedOnStatuses: new Set(options.notActedOnStatuses ?? []),
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
    // Lines carry the call context (the webhook event a handler is processing).
    logger: options.logger ? contextualLogger(options.logger) : silentLogger,
    parseError: options.parseError ?? defaultErrorParser,
    requestIdHeaders: options.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS,
    idempotencyHeader: (options.idempotencyHeader ?? 'Idempotency-Key').toLowerCase(),
    queryArrayFormat: options.queryArrayFormat ?? 'repeat',
    rateLimitKey: options.rateLimitKey ?? provider,
    defaultHeaders: defaultHeadersOf(options),
  };
}
