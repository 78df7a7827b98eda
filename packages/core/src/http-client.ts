import { callGuardOf } from './http/call-guard.js';
import { createCallRunner } from './http/call-pipeline.js';
import { resolveClientSettings } from './http/client-settings.js';
import type { HttpClient, HttpClientOptions, HttpRequest } from './http/http-client-types.js';
import { createAttemptSender } from './http/send-attempt.js';

export type {
  HttpClient,
  HttpClientHooks,
  HttpClientOptions,
  HttpMethod,
  HttpRequest,
  HttpResponse,
  RequestEventInfo,
  ResponseEventInfo,
} from './http/http-client-types.js';

/**
 * The request pipeline every provider shares. The parts live in `http/`:
 * options (client-settings), request building, one attempt (send-attempt),
 * the retry rule (retry-decision), errors (api-error-factory), observers and
 * the loop that composes them (call-pipeline).
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const settings = resolveClientSettings(options);
  const sender = createAttemptSender({
    provider: settings.provider,
    allowInsecureHttp: settings.allowInsecureHttp,
    logger: settings.logger,
    fetch: options.fetch,
  });
  const runner = createCallRunner(settings, sender);
  const run = options.circuitBreaker
    ? callGuardOf(options.circuitBreaker, settings.provider)(settings, runner)
    : runner;
  const requestWithResponse = <T>(request: HttpRequest) => run<T>(request);
  return {
    name: settings.provider,
    baseURL: settings.baseURL.toString(),
    async request<T>(request: HttpRequest): Promise<T> {
      const response = await requestWithResponse<T>(request);
      return response.data;
    },
    requestWithResponse,
  };
}
