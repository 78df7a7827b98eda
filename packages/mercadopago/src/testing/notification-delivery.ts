import { computeHmac } from '@int/core';
import {
  createFakeWebhookDelivery,
  type FakeWebhookAttempt,
  type FakeWebhookEndpoint,
} from '@int/core/testing';
import type { MercadoPagoNotification } from '../mercadopago-types.js';
import { notificationManifest } from '../mercadopago-webhooks.js';

/**
 * Where the fake delivers notifications, signed as MercadoPago signs them: `data.id`
 * and `type` are added to the `url`'s query; `secret` is the secret signature your app verifies with.
 */
export type NotificationEndpoint = FakeWebhookEndpoint;

export interface NotificationDelivery extends FakeWebhookAttempt {
  notificationId: string;
  action: string;
}

export interface SignNotificationOptions {
  dataId?: string | number | undefined;
  requestId?: string | undefined;
  secret: string;
  /** Unix seconds (or ms, 13 digits). Default: now, in seconds. */
  timestamp?: number | undefined;
}

/** An `x-signature` header as MercadoPago sends it, for tests: `ts=<ts>,v1=<hex>`. */
export async function signNotification(options: SignNotificationOptions): Promise<string> {
  const ts = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const id = options.dataId === undefined ? undefined : String(options.dataId);
  const payload = notificationManifest(id, options.requestId, ts);
  return `ts=${ts},v1=${await computeHmac({ payload, secret: options.secret })}`;
}

/** The fake's deliveries: to `url?data.id=<id>&type=<type>`, signed at the fake's time with a fresh request id. */
export const createNotificationDelivery = (
  endpoint: NotificationEndpoint | undefined,
  now: () => number,
) =>
  createFakeWebhookDelivery<MercadoPagoNotification, NotificationDelivery>({
    endpoint,
    attempt(notification, { url }) {
      const target = new URL(url);
      target.searchParams.set('data.id', String(notification.data?.id));
      target.searchParams.set('type', String(notification.type));
      return {
        notificationId: String(notification.id),
        action: String(notification.action),
        url: target.toString(),
      };
    },
    async request(notification, { secret }) {
      const requestId = globalThis.crypto.randomUUID();
      const timestamp = Math.floor(now() / 1000);
      const dataId = String(notification.data?.id);
      const signature = await signNotification({ dataId, requestId, secret, timestamp });
      return {
        headers: {
          'content-type': 'application/json',
          'x-signature': signature,
          'x-request-id': requestId,
        },
        body: JSON.stringify(notification),
      };
    },
  });
