import { computeHmac } from '@int/core';
import type { MercadoPagoNotification } from '../mercadopago-types.js';
import { notificationManifest } from '../mercadopago-webhooks.js';

/** Where the fake delivers notifications, signed as MercadoPago signs them. */
export interface NotificationEndpoint {
  /** Your app's notification URL; `data.id` and `type` are added to its query. */
  url: string;
  /** The secret signature your app verifies with. */
  secret: string;
  /** Default: the global `fetch` at delivery time. */
  fetch?: typeof fetch | undefined;
}

export interface NotificationDelivery {
  notificationId: string;
  action: string;
  url: string;
  /** The HTTP status your endpoint answered, when it answered. */
  status?: number | undefined;
  /** Why the delivery did not reach the endpoint. */
  error?: string | undefined;
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

export function createNotificationDelivery(
  currentEndpoint: () => NotificationEndpoint | undefined,
  deliveries: NotificationDelivery[],
  now: () => number,
) {
  // One chain keeps deliveries in the order the changes happened.
  let chain: Promise<void> = Promise.resolve();
  return {
    deliver(notification: MercadoPagoNotification): void {
      const endpoint = currentEndpoint();
      if (!endpoint) return;
      chain = chain.then(async () => {
        const dataId = String(notification.data?.id);
        const url = new URL(endpoint.url);
        url.searchParams.set('data.id', dataId);
        url.searchParams.set('type', String(notification.type));
        const entry: NotificationDelivery = {
          notificationId: String(notification.id),
          action: String(notification.action),
          url: url.toString(),
        };
        deliveries.push(entry);
        try {
          const requestId = globalThis.crypto.randomUUID();
          const timestamp = Math.floor(now() / 1000);
          const signature = await signNotification({
            dataId,
            requestId,
            secret: endpoint.secret,
            timestamp,
          });
          const send = endpoint.fetch ?? globalThis.fetch;
          const response = await send(url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-signature': signature,
              'x-request-id': requestId,
            },
            body: JSON.stringify(notification),
          });
          entry.status = response.status;
          await response.arrayBuffer().catch(() => undefined);
        } catch (error) {
          entry.error = (error as Error)?.message ?? String(error);
        }
      });
    },
    flush: (): Promise<void> => chain,
  };
}
