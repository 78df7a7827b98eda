// HubSpot's webhook events and the inputs of the signature checks.

import type { verifyRequest, verifySignature } from './hubspot-webhooks.js';

export type WebhookSignatureVersion = 'v1' | 'v2' | 'v3';

export interface VerifySignatureInput {
  version: WebhookSignatureVersion;
  /** Your app's client secret. */
  clientSecret: string;
  /** HTTP method as received (v2, v3). */
  method?: string | undefined;
  /** The full URL HubSpot called, protocol and query included (v2, v3). */
  url?: string | undefined;
  /** The raw body, exactly as received. */
  body: string;
  /** `X-HubSpot-Signature` (v1, v2) or `X-HubSpot-Signature-v3`. */
  signature: string;
  /** `X-HubSpot-Request-Timestamp`, milliseconds (v3). */
  timestamp?: string | number | undefined;
  /** Current time in epoch milliseconds. Default `Date.now`. A non-finite answer is a `false`. */
  now?: (() => number) | undefined;
  /** Replay window for v3, both ways. Default 5 minutes; must be finite. */
  toleranceMs?: number | undefined;
  /** Oldest version accepted. Default `v3`: a v1 or v2 signature is `false` unless you opt in. */
  minVersion?: WebhookSignatureVersion | undefined;
}

export interface VerifyRequestOptions {
  /** The URL HubSpot called, when a proxy changed `request.url`. */
  url?: string | undefined;
  /** Current time in epoch milliseconds. Default `Date.now`. */
  now?: (() => number) | undefined;
  toleranceMs?: number | undefined;
  /**
   * Oldest version accepted. Default `v3`: a request without the v3 headers
   * is `false`. `v1` or `v2` for apps whose webhooks HubSpot still signs that way.
   */
  minVersion?: WebhookSignatureVersion | undefined;
}

export interface SignWebhookInput {
  version: WebhookSignatureVersion;
  clientSecret: string;
  method?: string | undefined;
  url?: string | undefined;
  body: string;
  /** v3 only. Default now. */
  timestamp?: number | undefined;
}

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

export interface WebhooksApi {
  verifySignature: typeof verifySignature;
  verifyRequest: typeof verifyRequest;
}
