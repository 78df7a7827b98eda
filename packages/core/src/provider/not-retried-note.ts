import {
  ConnectionError,
  IntegrationError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../errors.js';

/**
 * A failure of a never-retried endpoint the provider may have acted on, and that
 * core judged unsafe to repeat: a 5xx, a timeout, a connection lost after sending,
 * or a 429 the provider does not declare as a refusal. Its caller must look before
 * sending again, so the endpoint's note goes on the message.
 */
export function withNotRetriedNote(error: unknown, note: string): unknown {
  if (!IntegrationError.isInstance(error) || error.retryable) return error;
  const unknownOutcome =
    ServerError.isInstance(error) ||
    RateLimitError.isInstance(error) ||
    TimeoutError.isInstance(error) ||
    (ConnectionError.isInstance(error) && !error.beforeRequestSent);
  if (!unknownOutcome) return error;
  // The error was made for this call alone: the note is added in place.
  error.message = `${error.message}${error.message.endsWith('.') ? '' : '.'} ${note}`;
  return error;
}
