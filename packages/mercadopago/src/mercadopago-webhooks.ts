import {
  checkRotatedHmac,
  checkWebhookTimestamp,
  readHeader,
  signatureHeaderFields,
  type WebhookHeaders,
  WebhookVerificationError,
  type WebhookVerifier,
  webhookSecrets,
} from '@int/core';
import type { MercadoPagoNotification } from './mercadopago-types.js';
import type {
  MercadoPagoWebhooks,
  NotificationTimeOptions,
  VerifiedNotification,
  VerifiedNotificationRequest,
  VerifyNotificationOptions,
  VerifyRequestOptions,
} from './mercadopago-webhook-types.js';

type Reason = WebhookVerificationError['reason'];
const fail = (reason: Reason, message: string): never => {
  const operation = 'webhooks.verify';
  const text = `MercadoPago notification: ${message}`;
  throw new WebhookVerificationError(text, { provider: 'mercadopago', operation, reason });
};
const present = (value: unknown): string | undefined =>
  (typeof value === 'string' && value !== '') || typeof value === 'number'
    ? String(value)
    : undefined;

/** `id:<data.id>;request-id:<x-request-id>;ts:<ts>;`, a part left out when its value is absent. */
export const notificationManifest = (
  id: string | undefined,
  requestId: string | undefined,
  ts: string,
) =>
  `${id === undefined ? '' : `id:${id};`}${requestId === undefined ? '' : `request-id:${requestId};`}ts:${ts};`;

/** `ts=...,v1=...`: one numeric `ts`, one or more `v1`. */
function parseSignature(header: string): { ts: string; signatures: string[] } {
  const fields = signatureHeaderFields(header);
  const [ts, ...more] = fields.get('ts') ?? [];
  const signatures = fields.get('v1') ?? [];
  if (ts === undefined || more.length > 0 || !/^\d{1,15}$/.test(ts))
    fail('malformed_header', 'x-signature needs one numeric ts.');
  if (signatures.length === 0) fail('malformed_header', 'x-signature has no v1 signature.');
  return { ts: ts!, signatures };
}

/**
 * Verifies `x-signature` (HMAC-SHA256 of the manifest, hex, compared in constant
 * time), then `ts` against now, both ways. Fails closed: a NaN or infinite
 * tolerance or clock is `invalid_time`; every failure a `WebhookVerificationError`.
 */
export async function verifyNotification(
  options: VerifyNotificationOptions,
): Promise<VerifiedNotification> {
  const secrets = webhookSecrets(options?.secret);
  if (secrets.length === 0) fail('missing_secret', 'no secret signature was given.');
  const header = [options?.signatureHeader].flat()[0];
  if (typeof header !== 'string' || header.trim() === '')
    return fail('missing_header', 'no x-signature.');
  const { ts, signatures } = parseSignature(header);
  const dataId = present(options.dataId);
  const requestId = present(options.requestIdHeader);
  // An id with capitals is tried as received, then lowercased: MercadoPago's docs and SDKs disagree.
  const ids = new Set([dataId, dataId?.toLowerCase()]);
  let outcome: Awaited<ReturnType<typeof checkRotatedHmac>> = 'no-match';
  for (const id of ids) {
    const payload = notificationManifest(id, requestId, ts);
    outcome = await checkRotatedHmac({ payload, secrets, signatures, provider: 'mercadopago' });
    if (outcome !== 'no-match') break;
  }
  if (outcome === 'malformed') fail('malformed_header', 'v1 is not hex.');
  if (outcome === 'no-match')
    fail(
      'no_matching_signature',
      'no signature matches (check the secret, data.id, x-request-id).',
    );
  const timestamp = Number(ts) * (ts.length >= 13 ? 1 : 1000);
  checkWebhookTimestamp({
    provider: 'mercadopago',
    operation: 'webhooks.verify',
    timestampMs: timestamp,
    toleranceSec: options.toleranceSec ?? 300,
    now: options.now ?? Date.now,
    prefix: 'MercadoPago notification: ',
  });
  return { dataId, requestId, timestamp };
}

const parse = (text: string): MercadoPagoNotification | undefined => {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object'
      ? (value as MercadoPagoNotification)
      : undefined;
  } catch {
    return undefined;
  }
};

/** Verifies one delivery: its headers, and `data.id` from the query (else the body's). */
async function verifyDelivery(
  body: string,
  headers: WebhookHeaders,
  queryId: string | null,
  options: VerifyRequestOptions,
): Promise<VerifiedNotificationRequest> {
  const notification = parse(body);
  const verified = await verifyNotification({
    ...options,
    signatureHeader: readHeader(headers, 'x-signature'),
    requestIdHeader: readHeader(headers, 'x-request-id'),
    dataId: queryId ?? notification?.data?.id,
  });
  return { ...verified, notification };
}

/**
 * A core `WebhookVerifier` for `createWebhookInbox`. It sees no URL, so the signed
 * `data.id` is the body's (MercadoPago sends the same id in both). The event id, the
 * inbox's dedup key, is built from signed parts only (`data.id` and `x-request-id`,
 * else `ts`): a replayed delivery with an edited body keeps the original's id, so it
 * cannot take the place of a notification still to come. The type is the body's
 * `action` (`payment.updated`), else its `type`: routing only, never trusted.
 */
export const mercadoPagoWebhookVerifier = (
  secret: string | ReadonlyArray<string>,
  options: NotificationTimeOptions = {},
): WebhookVerifier => ({
  async verify(rawBody, headers) {
    const text = typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody);
    const { notification: payload, ...verified } = await verifyDelivery(text, headers, null, {
      ...options,
      secret,
    });
    const id = `${verified.dataId ?? ''}:${verified.requestId ?? verified.timestamp}`;
    return { id, type: present(payload?.action) ?? present(payload?.type) ?? 'unknown', payload };
  },
});

/** `webhooks` from `@int/mercadopago`: an import, not a client member, so an API-only app never bundles it. */
export const webhooks: MercadoPagoWebhooks = {
  verify: verifyNotification,
  verifyRequest: async (request, options) =>
    verifyDelivery(
      await request.text(),
      request.headers,
      new URL(request.url).searchParams.get('data.id'),
      options,
    ),
  verifier: mercadoPagoWebhookVerifier,
};
