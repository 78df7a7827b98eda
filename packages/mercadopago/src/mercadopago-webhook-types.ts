import type { WebhookVerifier } from '@int/core';
import type { MercadoPagoNotification } from './mercadopago-types.js';

export interface NotificationTimeOptions {
  /** Largest distance in seconds between `ts` and now, both ways. Default 300; must be finite. */
  toleranceSec?: number | undefined;
  /** Current time in epoch milliseconds. Default `Date.now`. */
  now?: (() => number) | undefined;
}

export interface VerifyNotificationOptions extends NotificationTimeOptions {
  /** The `x-signature` header: `ts=<ts>,v1=<hex>`. */
  signatureHeader: string | ReadonlyArray<string> | null | undefined;
  /** The `x-request-id` header; left out of the signed manifest when absent. */
  requestIdHeader?: string | null | undefined;
  /** `data.id` from the notification URL's query; left out of the manifest when absent. */
  dataId?: string | number | null | undefined;
  /** The application's secret signature; a list while you rotate it. */
  secret: string | ReadonlyArray<string>;
}

export interface VerifiedNotification {
  /** The signed `data.id`: fetch the resource with it. */
  dataId: string | undefined;
  requestId: string | undefined;
  /** `ts` in epoch ms (a `ts` of 13 digits or more is ms already, a shorter one seconds). */
  timestamp: number;
}

export interface VerifiedNotificationRequest extends VerifiedNotification {
  /** The JSON body, parsed (undefined when it is not JSON). Not signed: trust `dataId`, then fetch. */
  notification: MercadoPagoNotification | undefined;
}

export interface VerifyRequestOptions extends NotificationTimeOptions {
  secret: string | ReadonlyArray<string>;
}

export interface MercadoPagoWebhooks {
  /** Checks `x-signature` over `id:<data.id>;request-id:<x-request-id>;ts:<ts>;`, then `ts`. */
  verify(options: VerifyNotificationOptions): Promise<VerifiedNotification>;
  /** The same for a web `Request`: its headers, and `data.id` from the query (else the body). */
  verifyRequest(
    request: Request,
    options: VerifyRequestOptions,
  ): Promise<VerifiedNotificationRequest>;
  /** A core `WebhookVerifier` for `createWebhookInbox`. */
  verifier(
    secret: string | ReadonlyArray<string>,
    options?: NotificationTimeOptions,
  ): WebhookVerifier;
}
