import { redactUrl } from './redaction.js';

/** An error as a log line carries it. */
export interface LoggedError {
  name: string;
  message: string;
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>]+/g;

/**
 * The name and message of anything thrown, with credentials in URLs it quotes
 * (user info, key-like query parameters) redacted. Errors the pipeline built
 * are scrubbed already; this covers what a handler of yours throws.
 */
export function loggedError(error: unknown): LoggedError {
  const name = error instanceof Error ? error.name : 'NonError';
  const message =
    error instanceof Error ? error.message : typeof error === 'string' ? error : String(error);
  return {
    name,
    message: message.replace(URL_IN_TEXT, (url) => redactUrl(url)),
  };
}
