import type { ErrorResponseInfo } from '../error-classification.js';
import { platformFetch } from '../platform-fetch.js';
import type { RateLimiter } from '../rate-limiter.js';
import type { RetryHint } from '../retry-policy.js';

/** One answer as a limiter that learns from answers sees it. */
export interface AnsweredCall {
  status: number;
  headers: Headers | Record<string, string>;
  /** The parsed body; given for a 429 (its policy is often in the body). */
  body?: unknown;
  /** When the call was sent, on the limiter's clock: servers count a call when it arrives. */
  sentAt?: number | undefined;
}

/** A `RateLimiter` that also adapts to the provider's answers (rate-limit headers, 429s). */
export interface ObservingRateLimiter extends RateLimiter {
  observe(key: string, answer: AnsweredCall): void;
}

/**
 * The two places a provider client hands its answers to a limiter that learns
 * from them: the transport, for every answer with the time its call was sent,
 * and the retry hint, for a 429 with its parsed body (which the transport has
 * not read). Nothing is observed while `keyOf()` has no key yet, nor when the
 * limiter (a user's own, say) has no `observe`.
 */
export function rateLimitFeedback(
  limiter: RateLimiter | undefined,
  settings: {
    clock: { now(): number };
    keyOf: () => string | undefined;
    retryHint: (response: ErrorResponseInfo) => RetryHint;
  },
): {
  wrapFetch: (userFetch: typeof fetch | undefined) => typeof fetch | undefined;
  retryHint: (response: ErrorResponseInfo) => RetryHint;
} {
  const observer =
    typeof (limiter as ObservingRateLimiter | undefined)?.observe === 'function'
      ? (limiter as ObservingRateLimiter)
      : undefined;
  return {
    retryHint(response) {
      const key = settings.keyOf();
      if (response.status === 429 && key) observer?.observe(key, response);
      return settings.retryHint(response);
    },
    wrapFetch(userFetch) {
      if (!observer) return userFetch;
      const send = userFetch ?? platformFetch();
      return async (input, init) => {
        const sentAt = settings.clock.now();
        const response = await send(input, init);
        const key = settings.keyOf();
        // A 429 is observed in `retryHint`, with its body.
        if (key && response.status !== 429) {
          observer.observe(key, { status: response.status, headers: response.headers, sentAt });
        }
        return response;
      };
    },
  };
}
