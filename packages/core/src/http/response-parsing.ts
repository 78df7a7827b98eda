import { ResponseParseError } from '../errors.js';
import type { SecretScrubber } from '../redaction.js';

const MAX_ERROR_TEXT = 2_000;

/** The first request id header present. */
export function requestIdOf(headers: Headers, names: ReadonlyArray<string>): string | undefined {
  for (const name of names) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}

export interface SuccessContext {
  provider: string;
  operation: string | undefined;
  method: string;
  requestId: string | undefined;
  responseType: 'json' | 'text';
  /** Gathers the call's secrets; only a failure needs them. */
  secrets: () => SecretScrubber;
}

/** The body of a 2xx answer; throws `ResponseParseError` for JSON that is not. */
export function parseSuccess<T>(
  outcome: { status: number; headers: Headers; text: string },
  context: SuccessContext,
): T {
  if (context.responseType === 'text') return outcome.text as T;
  if (outcome.text.length === 0 || outcome.status === 204) return undefined as T;
  try {
    return JSON.parse(outcome.text) as T;
  } catch (cause) {
    const { provider, operation, method, requestId } = context;
    const scrubber = context.secrets();
    const contentType = outcome.headers.get('content-type') ?? 'no content type';
    // The parser's own message quotes the body; only its kind is kept.
    const reason = new SyntaxError('The body is not valid JSON.', {
      cause: (cause as Error)?.name,
    });
    throw new ResponseParseError(
      scrubber.scrub(
        `${provider} ${operation ?? method} answered ${outcome.status} with a body that is not valid JSON (${contentType}, ${outcome.text.length} bytes)${requestId ? ` [request ${requestId}]` : ''}.`,
      ),
      {
        provider,
        operation,
        status: outcome.status,
        requestId: requestId === undefined ? undefined : scrubber.scrub(requestId),
        cause: reason,
        retryable: true,
      },
    );
  }
}

/** Scrubbed before it is cut, so a cut never leaves half a secret behind. */
export function parseErrorBody(text: string, scrubber: SecretScrubber): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    const scrubbed = scrubber.scrub(text);
    return scrubbed.length > MAX_ERROR_TEXT ? `${scrubbed.slice(0, MAX_ERROR_TEXT)}…` : scrubbed;
  }
}

/** Response headers with every known secret scrubbed from their values, for parsers and hints. */
export function scrubHeaders(headers: Headers, scrubber: SecretScrubber): Headers {
  const scrubbed = new Headers();
  headers.forEach((value, name) => {
    scrubbed.append(name, scrubber.scrub(value));
  });
  return scrubbed;
}
