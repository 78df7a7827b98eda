import { type $Fetch, type FetchOptions, ofetch } from 'ofetch';
import { ATTEMPT_TIMEOUT, ATTEMPT_TIMEOUT_CODE } from '../attempt-timeout.js';
import { failedBeforeSending, transportErrorCode } from '../error-classification.js';
import { AbortError, ConnectionError, type IntegrationError, TimeoutError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import * as platform from '../platform/platform.js';
import { redactUrl } from '../redaction.js';
import {
  decideRedirect,
  headersForHop,
  isRedirectStatus,
  type RedirectPolicy,
} from '../redirect-policy.js';
import {
  findResponseTooLarge,
  limitFetchResponse,
  MAX_RESPONSE_BYTES,
  responseLimitOf,
  responseTooLarge,
} from '../response-size-limit.js';

/** Per-call transfer settings: the size limit and the redirect policy. */
export interface TransferLimits {
  maxResponseBytes: number;
  redirect: RedirectPolicy;
}

/** A 3xx the redirect policy did not follow. */
export interface UnfollowedRedirect {
  location: string | null;
  reason: string;
}

/** An answer as it came, before it is judged. */
export interface ResponseOutcome {
  kind: 'response';
  status: number;
  headers: Headers;
  text: string;
  redirect?: UnfollowedRedirect | undefined;
}

/** Outcome of one attempt before it is judged. */
export type AttemptOutcome = ResponseOutcome | { kind: 'error'; error: IntegrationError };

/** One attempt as sent, after the auth strategy had its say. */
export interface AttemptRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  /** Header names the auth strategy set: a followed redirect never carries them. */
  authSet: ReadonlySet<string>;
  body: string | undefined;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  operation: string | undefined;
  attempt: number;
  transfer: TransferLimits;
}

export interface AttemptSender {
  /** Never rejects: a failure is an `error` outcome. */
  send(request: AttemptRequest): Promise<AttemptOutcome>;
}

interface SenderSettings {
  provider: string;
  allowInsecureHttp: boolean;
  logger: Logger;
  fetch: typeof fetch | undefined;
}

/** What the pipeline tells the transports beside the fetch options. */
interface TransportLimits {
  [MAX_RESPONSE_BYTES]: number;
  [ATTEMPT_TIMEOUT]: number | undefined;
}

/** One hop's place in the attempt; redirects change all four. */
interface Hop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** The transport and what the steps of an attempt share. */
interface Sending extends SenderSettings {
  transport: $Fetch;
  /** True when the Node transport runs the attempt's timeout itself. */
  nodeTransport: boolean;
}

async function sendHop(
  sending: Sending,
  hop: Hop,
  request: AttemptRequest,
  signal: AbortSignal | undefined,
  remainingMs: number,
): Promise<ResponseOutcome & { opaque: boolean }> {
  // The Node transport takes the URL object as is (no re-parse); ofetch
  // passes any non-string request through untouched.
  const target = sending.nodeTransport ? (hop.url as unknown as string) : hop.url.toString();
  // One literal with every option: ofetch spreads it over its defaults (none,
  // see createAttemptSender), and V8 copies a spread fast only onto an empty start.
  const options: FetchOptions<'text'> & TransportLimits = {
    method: hop.method,
    headers: hop.headers,
    body: hop.body,
    signal,
    redirect: 'manual',
    retry: 0,
    ignoreResponseError: true,
    responseType: 'text',
    // Read by the transports, not by ofetch (which passes its options on);
    // only the Node transport runs the attempt's timer itself.
    [MAX_RESPONSE_BYTES]: request.transfer.maxResponseBytes,
    [ATTEMPT_TIMEOUT]: sending.nodeTransport ? remainingMs : undefined,
  };
  const response = await sending.transport.raw<string, 'text'>(target, options);
  return {
    kind: 'response',
    status: response.status,
    headers: response.headers,
    text: typeof response._data === 'string' ? response._data : '',
    // A browser's fetch hides a manual redirect behind an opaque answer.
    opaque: response.type === 'opaqueredirect',
  };
}

function logRedirect(
  { provider, logger }: Sending,
  request: AttemptRequest,
  status: number,
  method: string,
  to: URL,
): void {
  if (!(logger.isLevelEnabled?.('debug') ?? logger !== silentLogger)) return;
  const operationName = request.operation ?? `${request.method} ${request.url.pathname}`;
  logger.debug(
    {
      event: 'request.redirect',
      provider,
      operation: request.operation,
      status,
      method,
      url: redactUrl(to),
      attempt: request.attempt,
    },
    `${provider} ${operationName} redirected (${status}) to ${to.pathname}`,
  );
}

// Redirects are followed here, never by the transport, so that the policy
// (redirect-policy.ts) sees every hop.
async function followHops(
  sending: Sending,
  request: AttemptRequest,
  signal: AbortSignal | undefined,
): Promise<AttemptOutcome> {
  const attemptStarted = Date.now();
  let hop: Hop = {
    url: request.url,
    method: request.method,
    headers: request.headers,
    body: request.body,
  };
  for (let hops = 0; ; hops += 1) {
    // Hops share the attempt's time.
    const remainingMs = request.timeoutMs - (hops === 0 ? 0 : Date.now() - attemptStarted);
    if (remainingMs <= 0)
      throw Object.assign(new Error('timed out'), { code: ATTEMPT_TIMEOUT_CODE });
    const { opaque, ...outcome } = await sendHop(sending, hop, request, signal, remainingMs);
    if (opaque) return { ...outcome, redirect: { location: null, reason: 'the runtime hides it' } };
    if (!isRedirectStatus(outcome.status)) return outcome;
    const location = outcome.headers.get('location');
    const decision = decideRedirect({
      status: outcome.status,
      location,
      from: hop.url,
      start: request.url,
      method: hop.method,
      hasBody: hop.body !== undefined,
      policy: request.transfer.redirect,
      allowInsecureHttp: sending.allowInsecureHttp,
      hops,
    });
    if (!decision.follow) return { ...outcome, redirect: { location, reason: decision.reason } };
    logRedirect(sending, request, outcome.status, decision.method, decision.url);
    hop = {
      url: decision.url,
      method: decision.method,
      headers: headersForHop(hop.headers, request.authSet),
      body: undefined,
    };
  }
}

/** A failed attempt as a typed error: aborted, too large, timed out, or not connected. */
function attemptError(
  provider: string,
  error: unknown,
  request: AttemptRequest,
  /** Whether this attempt's own timer fired; undefined on the Node transport (its error code says). */
  timedOut: boolean | undefined,
): IntegrationError {
  const { operation, signal: userSignal, timeoutMs, attempt } = request;
  const operationName = operation ?? `${request.method} ${request.url.pathname}`;
  if (userSignal?.aborted) {
    return new AbortError(`${provider} ${operationName} was aborted by the caller.`, {
      provider,
      operation,
      cause: userSignal.reason,
    });
  }
  const tooLarge = findResponseTooLarge(error);
  if (tooLarge) {
    return responseTooLarge(tooLarge.limitBytes, {
      provider,
      operation,
      what: `The ${provider} ${operationName} response`,
    });
  }
  const code = transportErrorCode(error);
  if (timedOut ?? code === ATTEMPT_TIMEOUT_CODE) {
    return new TimeoutError(`${provider} ${operationName} timed out after ${timeoutMs} ms.`, {
      provider,
      operation,
      timeoutMs,
      attempts: attempt,
    });
  }
  return new ConnectionError(
    `${provider} ${operationName} could not connect${code ? ` (${code})` : ''}.`,
    {
      provider,
      operation,
      code,
      beforeRequestSent: failedBeforeSending(code),
      attempts: attempt,
      // ofetch's FetchError message carries the full URL (a query key with it);
      // the undici error beneath it does not.
      cause:
        (error as { name?: string }).name === 'FetchError'
          ? (error as { cause?: unknown }).cause
          : error,
    },
  );
}

/**
 * Sends one attempt through the transport with its timeout, size limit and
 * redirect policy; turns every failure into a typed error.
 */
export function createAttemptSender(settings: SenderSettings): AttemptSender {
  // On Node.js the default is node:http under ofetch (see platform/platform.ts).
  const nodeFetch = settings.fetch ? undefined : platform.nodeTransport();
  const userFetch = settings.fetch;
  // Any other fetch (the caller's, or the global one looked up per call so
  // MSW sees it) has its body read here, counted against the size limit.
  const limitedFetch: typeof fetch = async (input, init) =>
    limitFetchResponse(await (userFetch ?? globalThis.fetch)(input, init), responseLimitOf(init));
  const customFetch = nodeFetch ?? limitedFetch;
  // ofetch is only the transport: its retry ignores Retry-After and its
  // timeout would break ours, so both are off (per call, in sendHop: defaults
  // here would cost ofetch a slow object spread on every request) and the call
  // loop owns them. With the Node transport, ofetch builds RecordHeaders, which
  // that transport reads as is; any other fetch gets the runtime's Headers.
  const transport: $Fetch = ofetch.create(
    {},
    {
      fetch: (input, init) => customFetch(input, init),
      ...(nodeFetch ? { Headers: nodeFetch.Headers } : {}),
    },
  );
  const sending: Sending = { ...settings, transport, nodeTransport: nodeFetch !== undefined };
  return {
    async send(request) {
      // The Node transport enforces the attempt's timeout with a timer of its own.
      if (nodeFetch) {
        try {
          return await followHops(sending, request, request.signal);
        } catch (error) {
          return {
            kind: 'error',
            error: attemptError(settings.provider, error, request, undefined),
          };
        }
      }
      // Any other fetch: one controller per attempt, aborted by this attempt's timer or
      // by the caller. Both links are undone when the attempt ends, so nothing outlives
      // it (an `AbortSignal.timeout` stays reachable for its whole timeout: a busy
      // client held every attempt's signals for 30 s).
      const attempt = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        attempt.abort(new DOMException('The attempt timed out.', 'TimeoutError'));
      }, request.timeoutMs);
      const caller = request.signal;
      const onCallerAbort = () => attempt.abort(caller?.reason);
      if (caller?.aborted) onCallerAbort();
      else caller?.addEventListener('abort', onCallerAbort, { once: true });
      try {
        return await followHops(sending, request, attempt.signal);
      } catch (error) {
        return { kind: 'error', error: attemptError(settings.provider, error, request, timedOut) };
      } finally {
        clearTimeout(timer);
        caller?.removeEventListener('abort', onCallerAbort);
      }
    },
  };
}
