import {
  assertRawPayload,
  type BatchedEventHandler,
  batchedEventHandlers,
  batchedWebhookEvent,
  ConfigurationError,
  type RawPayload,
  readHeader,
  ValidationError,
  type WebhookHandler,
  type WebhookHeaders,
  type WebhookVerifier,
} from '@int/core';
import {
  assertSignature,
  failVerification,
  readSignatureHeaders,
  versionRank,
} from './hubspot-webhooks.js';
import type { HubSpotWebhookEvent, HubSpotWebhookOptions } from './webhook-types.js';

// Our setup, not the sender's: v2 and v3 sign the URL, which a server cannot always know.
function requireUrl(url: string | undefined): asserts url is string {
  if (typeof url !== 'string' || url.length === 0) {
    throw new ConfigurationError(
      'HubSpot v2 and v3 signatures cover the URL HubSpot called: pass `url` (the public webhook URL).',
      { provider: 'hubspot', option: 'url' },
    );
  }
}

const isEvent = (event: unknown): boolean =>
  typeof (event as HubSpotWebhookEvent | null)?.eventId === 'number' &&
  typeof (event as HubSpotWebhookEvent).subscriptionType === 'string';

function parseEvents(body: string): HubSpotWebhookEvent[] {
  let events: unknown;
  try {
    events = JSON.parse(body);
  } catch {}
  if (!Array.isArray(events) || events.length === 0 || !events.every(isEvent)) {
    throw new ValidationError(
      [{ path: [], message: 'must be a JSON array of events with eventId and subscriptionType' }],
      { provider: 'hubspot', operation: 'webhooks.constructEvents' },
    );
  }
  return events;
}

/**
 * Verifies a HubSpot webhook request and returns its events. Throws
 * `WebhookVerificationError` with a `reason` (as core and `@int/stripe` do):
 * `missing_secret`, `missing_header`, `malformed_header`, `timestamp_too_old`,
 * `timestamp_too_new`, `no_matching_signature`, `payload_not_raw`; a body that
 * is not HubSpot's event array is a `ValidationError`.
 */
export async function constructEvents(
  rawBody: RawPayload,
  headers: WebhookHeaders,
  clientSecret: string,
  options: HubSpotWebhookOptions = {},
): Promise<HubSpotWebhookEvent[]> {
  assertRawPayload(rawBody, 'hubspot');
  if (typeof clientSecret !== 'string' || clientSecret.length === 0) {
    failVerification('missing_secret', 'HubSpot client secret is missing.');
  }
  const body = typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody);
  const minVersion = options.minVersion ?? 'v3';
  if (versionRank(minVersion) === undefined) {
    throw new ValidationError([{ path: ['minVersion'], message: "must be 'v1', 'v2' or 'v3'" }], {
      provider: 'hubspot',
    });
  }
  const signed = readSignatureHeaders((name) => readHeader(headers, name), minVersion);
  if (signed.version !== 'v1') requireUrl(options.url);
  await assertSignature({ ...options, ...signed, clientSecret, body });
  return parseEvents(body);
}

/**
 * A core `WebhookVerifier` for `createWebhookInbox`. HubSpot sends up to 100
 * events in one request; the inbox keeps the request as one event whose id is
 * the event's id (one event) or `batch:` and a hash of the event ids, and
 * whose type is the events' `subscriptionType` (or `batch` when they differ).
 * `hubspotHandlers` then runs a handler per event in it.
 */
export function hubspotWebhookVerifier(
  clientSecret: string,
  options: HubSpotWebhookOptions = {},
): WebhookVerifier {
  if ((options.minVersion ?? 'v3') !== 'v1') requireUrl(options.url);
  return {
    async verify(rawBody, headers) {
      const events = await constructEvents(rawBody, headers, clientSecret, options);
      return batchedWebhookEvent(events, (event) => event.eventId, typeOf);
    },
  };
}

export type HubSpotEventHandler = BatchedEventHandler<HubSpotWebhookEvent>;

const typeOf = (event: HubSpotWebhookEvent) => event.subscriptionType;

/**
 * Inbox handlers for HubSpot by `subscriptionType` (`'*'` for every other
 * type): `handlers: { hubspot: hubspotHandlers({ 'contact.creation': (event) => … }) }`.
 * Each event of a request runs in order; the first to throw fails the attempt,
 * and the retry runs the request's events again (write handlers that look up first).
 */
export function hubspotHandlers(
  handlers: Readonly<Record<string, HubSpotEventHandler>>,
): Record<string, WebhookHandler> {
  return batchedEventHandlers(handlers, typeOf);
}
