import { ValidationError } from '../errors.js';
import type { RawPayload } from './raw-payload.js';
import { verifyStandardWebhook } from './standard-webhooks.js';
import type { WebhookHeaders } from './webhook-headers.js';

/** What a verifier vouches for: the provider's own event id and type, and the parsed body. */
export interface VerifiedWebhookEvent {
  /** The provider's event id, stable across redeliveries (the dedup key). */
  id: string;
  /** The event type handlers are looked up by, e.g. `invoice.paid`. */
  type: string;
  payload: unknown;
}

/**
 * Checks one provider's signature and extracts the event id and type. Throws
 * `WebhookVerificationError` when the request is not authentic.
 */
export interface WebhookVerifier {
  verify(rawBody: RawPayload, headers: WebhookHeaders): Promise<VerifiedWebhookEvent>;
}

export interface StandardWebhookVerifierOptions {
  /** Accepted clock skew in seconds, both ways. Default 300. */
  toleranceSeconds?: number | undefined;
  /** Current time in epoch milliseconds. Default `Date.now`. */
  now?: (() => number) | undefined;
  /** Names the provider in errors. Default `standard-webhooks`. */
  provider?: string | undefined;
  /** Reads the event type from the parsed body. Default: its top-level `type` string, else `unknown`. */
  eventType?: ((payload: unknown) => string) | undefined;
}

function defaultEventType(payload: unknown): string {
  const type =
    typeof payload === 'object' && payload !== null
      ? (payload as { type?: unknown }).type
      : undefined;
  return typeof type === 'string' && type.length > 0 ? type : 'unknown';
}

/**
 * The built-in verifier for Standard Webhooks senders (Svix, OpenAI, ...): the
 * event id is `webhook-id` and the type is the JSON body's `type`.
 */
export function standardWebhookVerifier(
  secret: string,
  options: StandardWebhookVerifierOptions = {},
): WebhookVerifier {
  const provider = options.provider ?? 'standard-webhooks';
  const eventType = options.eventType ?? defaultEventType;
  return {
    async verify(rawBody, headers) {
      const verified = await verifyStandardWebhook({
        payload: rawBody,
        headers,
        secret,
        now: options.now,
        toleranceSeconds: options.toleranceSeconds,
        provider,
      });
      let payload: unknown;
      try {
        payload = JSON.parse(verified.payload);
      } catch {
        throw new ValidationError([{ path: [], message: 'webhook body is not valid JSON' }], {
          provider,
        });
      }
      return { id: verified.id, type: eventType(payload), payload };
    },
  };
}
