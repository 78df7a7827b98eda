import {
  assertRawPayload,
  ConfigurationError,
  type RawPayload,
  readHeader,
  timingSafeEqual,
  ValidationError,
  verifyHmac,
  type WebhookHandler,
  type WebhookHandlerContext,
  type WebhookHeaders,
  WebhookVerificationError,
  type WebhookVerificationFailure,
  type WebhookVerifier,
} from '@int/core';
import {
  computeWebhookSignature,
  decodeV3Uri,
  WEBHOOK_TOLERANCE_MS,
  type WebhookSignatureVersion,
} from './hubspot-webhooks.js';

/** One event of a HubSpot webhook request (a request carries up to 100). */
export interface HubSpotWebhookEvent {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  /** Epoch ms. */
  occurredAt: number;
  /** `contact.creation`, `deal.propertyChange`, ... */
  subscriptionType: string;
  /** 0 for the first delivery of this event. */
  attemptNumber: number;
  objectId: number;
  propertyName?: string | undefined;
  propertyValue?: string | undefined;
  changeSource?: string | undefined;
  changeFlag?: string | undefined;
  [key: string]: unknown;
}

export interface HubSpotWebhookOptions {
  /**
   * The public URL HubSpot calls, query included (v2 and v3 sign it). Needed
   * whenever v2 or v3 is accepted; behind a proxy this is the outside URL.
   */
  url?: string | undefined;
  /** HTTP method HubSpot used. Default `POST`. */
  method?: string | undefined;
  /**
   * Oldest signature version accepted. Default `'v3'`: v1 and v2 have no
   * timestamp, so a captured request could be replayed forever.
   */
  minVersion?: WebhookSignatureVersion | undefined;
  /** Current time in epoch ms. Default `Date.now`. */
  now?: (() => number) | undefined;
  /** v3 replay window, both ways. Default 5 minutes. */
  toleranceMs?: number | undefined;
}

const RANK: Record<WebhookSignatureVersion, number> = { v1: 1, v2: 2, v3: 3 };
const encoder = new TextEncoder();

function fail(reason: WebhookVerificationFailure, message: string): never {
  throw new WebhookVerificationError(message, {
    provider: 'hubspot',
    operation: 'webhooks.constructEvents',
    reason,
  });
}

async function checkSignature(
  body: string,
  headers: WebhookHeaders,
  clientSecret: string,
  options: HubSpotWebhookOptions,
): Promise<void> {
  const minVersion = options.minVersion ?? 'v3';
  if (!(minVersion in RANK)) {
    throw new ValidationError([{ path: ['minVersion'], message: "must be 'v1', 'v2' or 'v3'" }], {
      provider: 'hubspot',
    });
  }
  const method = (options.method ?? 'POST').toUpperCase();
  const v3 = readHeader(headers, 'x-hubspot-signature-v3');
  if (v3) {
    requireUrl(options.url);
    const timestampText = readHeader(headers, 'x-hubspot-request-timestamp');
    if (!timestampText) fail('missing_header', 'X-HubSpot-Request-Timestamp is missing.');
    const timestamp = Number(timestampText.trim());
    if (!Number.isFinite(timestamp)) {
      fail('malformed_header', 'X-HubSpot-Request-Timestamp is not a number of milliseconds.');
    }
    // A `now` that is not a function (a number, say) is refused below, never replaced by the wall clock.
    const now =
      options.now === undefined
        ? Date.now()
        : typeof options.now === 'function'
          ? options.now()
          : Number.NaN;
    const tolerance = options.toleranceMs ?? WEBHOOK_TOLERANCE_MS;
    // Fail closed: a NaN time or tolerance would make both window comparisons false.
    if (!Number.isFinite(now) || !Number.isFinite(tolerance) || tolerance < 0) {
      fail('invalid_time', 'The current time or the tolerance is not a finite number.');
    }
    if (now - timestamp > tolerance) fail('timestamp_too_old', 'HubSpot request is too old.');
    if (timestamp - now > tolerance) {
      fail('timestamp_too_new', 'HubSpot request is timestamped in the future.');
    }
    await verifyHmac({
      payload: `${method}${decodeV3Uri(options.url)}${body}${timestampText.trim()}`,
      secret: clientSecret,
      signature: v3.trim(),
      encoding: 'base64',
      provider: 'hubspot',
    });
    return;
  }
  const signature = readHeader(headers, 'x-hubspot-signature');
  if (!signature) {
    fail('missing_header', 'X-HubSpot-Signature-v3 (or X-HubSpot-Signature) is missing.');
  }
  const version = (readHeader(headers, 'x-hubspot-signature-version') ?? 'v1').toLowerCase();
  if (version !== 'v1' && version !== 'v2') {
    fail('malformed_header', 'X-HubSpot-Signature-Version is not v1, v2 or v3.');
  }
  if (RANK[version] < RANK[minVersion]) {
    fail(
      'missing_header',
      `A ${minVersion} signature is required; the request has ${version} only.`,
    );
  }
  if (version === 'v2') requireUrl(options.url);
  const expected = await computeWebhookSignature({
    version,
    clientSecret,
    method,
    url: options.url,
    body,
  });
  if (!timingSafeEqual(encoder.encode(expected), encoder.encode(signature.trim().toLowerCase()))) {
    fail('no_matching_signature', 'HubSpot signature does not match.');
  }
}

// Our setup, not the sender's: v2 and v3 sign the URL, which a server cannot always know.
function requireUrl(url: string | undefined): asserts url is string {
  if (typeof url !== 'string' || url.length === 0) {
    throw new ConfigurationError(
      'HubSpot v2 and v3 signatures cover the URL HubSpot called: pass `url` (the public webhook URL).',
      { provider: 'hubspot', option: 'url' },
    );
  }
}

async function batchId(events: HubSpotWebhookEvent[]): Promise<string> {
  const ids = events
    .map((event) => event.eventId)
    .sort((a, b) => a - b)
    .join(',');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(ids)));
  return `batch:${[...digest.slice(0, 16)].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

function parseEvents(body: string): HubSpotWebhookEvent[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const events = Array.isArray(parsed) ? parsed : [];
  const valid =
    events.length > 0 &&
    events.every(
      (event) =>
        typeof event === 'object' &&
        event !== null &&
        typeof (event as { eventId?: unknown }).eventId === 'number' &&
        typeof (event as { subscriptionType?: unknown }).subscriptionType === 'string',
    );
  if (!valid) {
    throw new ValidationError(
      [{ path: [], message: 'must be a JSON array of events with eventId and subscriptionType' }],
      { provider: 'hubspot', operation: 'webhooks.constructEvents' },
    );
  }
  return events as HubSpotWebhookEvent[];
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
    fail('missing_secret', 'HubSpot client secret is missing.');
  }
  const body = typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody);
  await checkSignature(body, headers, clientSecret, options);
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
      const types = new Set(events.map((event) => event.subscriptionType));
      const id = events.length === 1 ? String(events[0]?.eventId) : await batchId(events);
      return { id, type: types.size === 1 ? [...types][0]! : 'batch', payload: events };
    },
  };
}

export type HubSpotEventHandler = (
  event: HubSpotWebhookEvent,
  context: WebhookHandlerContext,
) => Promise<void> | void;

/**
 * Inbox handlers for HubSpot by `subscriptionType` (`'*'` for every other
 * type): `handlers: { hubspot: hubspotHandlers({ 'contact.creation': (event) => … }) }`.
 * Each event of a request runs in order; the first to throw fails the attempt,
 * and the retry runs the request's events again (write handlers that look up first).
 */
export function hubspotHandlers(
  handlers: Readonly<Record<string, HubSpotEventHandler>>,
): Record<string, WebhookHandler> {
  const own = (type: string) =>
    Object.hasOwn(handlers, type)
      ? handlers[type]
      : Object.hasOwn(handlers, '*')
        ? handlers['*']
        : undefined;
  const dispatch: WebhookHandler = async (event, context) => {
    for (const item of event.payload as HubSpotWebhookEvent[]) {
      await own(item.subscriptionType)?.(item, context);
    }
  };
  return { '*': dispatch };
}
