import type { AuthStrategy } from '../auth-strategy.js';
import { redactHeaders, redactUrl, redactValue, SecretScrubber } from '../redaction.js';

/** The secrets of one call, learnt from its credentials and what it sent. */
export interface CallSecrets {
  readonly scrubber: SecretScrubber;
  /** The URL and headers of the last attempt, as the auth strategy left them. */
  readonly lastSent: { url: URL; headers: Record<string, string> };
  /** Gathers every known secret; call before anything is logged or thrown. */
  collect(): SecretScrubber;
  /**
   * Records an attempt as authorized: every header or query value the strategy
   * added is a credential, whatever its name. Returns the header names it set.
   * Without an auth strategy an attempt sends `base` itself: nothing to learn.
   */
  learnAttempt(
    base: { url: URL; headers: Record<string, string> },
    attempt: { url: URL; headers: Record<string, string> },
  ): Set<string>;
}

export function createCallSecrets(
  auth: AuthStrategy | undefined,
  body: unknown,
  sent: { url: URL; headers: Record<string, string> },
): CallSecrets {
  const scrubber = new SecretScrubber();
  const lastSent = { ...sent };
  return {
    scrubber,
    lastSent,
    // Credentials are gathered for scrubbing only when something is about to
    // be logged or thrown: the success path with logging off pays nothing.
    collect() {
      for (const secret of auth?.secrets?.() ?? []) scrubber.add(secret);
      redactHeaders(lastSent.headers, scrubber);
      redactUrl(lastSent.url, scrubber);
      if (body !== undefined && typeof body === 'object') {
        redactValue(body, scrubber, { outgoing: true });
      }
      return scrubber;
    },
    learnAttempt(base, attempt) {
      lastSent.url = attempt.url;
      lastSent.headers = attempt.headers;
      const authSet = new Set<string>();
      for (const [name, value] of Object.entries(attempt.headers)) {
        if (base.headers[name] !== value) {
          scrubber.add(value);
          authSet.add(name);
        }
      }
      if (attempt.url.search !== base.url.search) {
        for (const [name, value] of attempt.url.searchParams) {
          if (!base.url.searchParams.getAll(name).includes(value)) scrubber.add(value);
        }
      }
      return authSet;
    },
  };
}
