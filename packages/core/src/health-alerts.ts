import type { Clock } from './clock.js';
import { ConfigurationError } from './errors.js';
import type { StatusChange } from './health-status-tracker.js';
import { createHttpClient } from './http-client.js';
import { consoleLogger, type Logger, silentLogger } from './logger.js';
import * as platform from './platform/platform.js';
import type { RetryOptions } from './retry-policy.js';
import { parseServiceUrl } from './url.js';
import { base64ToBytes } from './webhooks/byte-encoding.js';
import { signStandardWebhook } from './webhooks/standard-webhooks.js';

/** The event type of every alert `webhookAlert` sends. */
export const STATUS_CHANGED_EVENT = 'provider.status_changed';

/** What happened to one alert: sent (2xx) or given up after the retries. */
export type AlertDelivery =
  | { ok: true; id: string; status: number; attempts: number }
  | { ok: false; id: string; error: string };

export interface WebhookAlertOptions {
  /** Where alerts are POSTed. `http://` only to loopback hosts unless `allowInsecureHttp`. */
  url: string;
  /** The receiver's Standard Webhooks secret, `whsec_` + base64 (the prefix is optional). */
  secret: string;
  /** Per-attempt timeout. Default 10 000 ms. */
  timeoutMs?: number | undefined;
  /** Retries of a failed delivery (5xx, 429, timeouts, connection errors). Default core's: 2 retries with backoff. */
  retry?: RetryOptions | undefined;
  /** Receives `alert.sent` and `alert.failed`. Default `silentLogger`. */
  logger?: Logger | undefined;
  /** Default: core's transport. */
  fetch?: typeof fetch | undefined;
  /** Default `systemClock`; the signature's timestamp comes from it. */
  clock?: Clock | undefined;
  /** Allow `http://` to a non-loopback host. Default false. */
  allowInsecureHttp?: boolean | undefined;
}

/** The JSON body of an alert, in Standard Webhooks' recommended `{ type, timestamp, data }` shape. */
export interface StatusChangedPayload {
  type: typeof STATUS_CHANGED_EVENT;
  /** ISO 8601, when the change was seen. */
  timestamp: string;
  data: StatusChange;
}

/**
 * A status listener that POSTs each change as a Standard Webhooks message
 * (`webhook-id`, `webhook-timestamp`, `webhook-signature` over the exact body),
 * so the receiver verifies it with any Standard Webhooks library or core's
 * `verifyStandardWebhook`. Retries keep the same `webhook-id`, so a receiver
 * can drop duplicates. Never throws: a delivery that fails for good resolves
 * to `{ ok: false }` and logs `alert.failed`.
 */
export function webhookAlert(
  options: WebhookAlertOptions,
): (change: StatusChange) => Promise<AlertDelivery> {
  const provider = 'alert-webhook';
  const url = parseServiceUrl(options?.url, 'url', {
    provider,
    allowInsecureHttp: options?.allowInsecureHttp ?? false,
  });
  const secret = options.secret;
  const encoded = typeof secret === 'string' ? secret.replace(/^whsec_/, '') : '';
  if (!base64ToBytes(encoded)?.length) {
    throw new ConfigurationError(
      'webhookAlert needs `secret`: the receiver’s Standard Webhooks secret, `whsec_` followed by base64.',
      { option: 'secret', provider },
    );
  }
  const logger = options.logger ?? silentLogger;
  const clock = options.clock;
  const client = createHttpClient({
    name: provider,
    baseURL: url.toString(),
    timeoutMs: options.timeoutMs ?? 10_000,
    allowInsecureHttp: options.allowInsecureHttp ?? false,
    ...(options.retry && { retry: options.retry }),
    ...(options.fetch && { fetch: options.fetch }),
    ...(options.clock && { clock: options.clock }),
  });
  // Only the origin is logged: some receivers keep their secret in the path.
  const target = url.origin;

  return async (change) => {
    const id = `msg_${platform.randomUUID().replaceAll('-', '')}`;
    const fields = { provider: change.provider, from: change.from, to: change.to, alertId: id };
    try {
      const payload: StatusChangedPayload = {
        type: STATUS_CHANGED_EVENT,
        timestamp: new Date(change.at).toISOString(),
        data: change,
      };
      const body = JSON.stringify(payload);
      const signed = await signStandardWebhook({
        id,
        payload: body,
        secret,
        now: clock ? () => clock.now() : undefined,
      });
      const response = await client.requestWithResponse({
        method: 'POST',
        path: url.toString(),
        body,
        headers: { 'content-type': 'application/json', ...signed },
        // The receiver dedups by webhook-id, so a repeat after a lost answer is safe.
        idempotent: true,
        operation: 'alert.send',
        responseType: 'text',
      });
      logger.info(
        {
          event: 'alert.sent',
          ...fields,
          url: target,
          status: response.status,
          attempts: response.attempts,
        },
        'Health alert sent',
      );
      return { ok: true, id, status: response.status, attempts: response.attempts };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.error(
        { event: 'alert.failed', ...fields, url: target, error: message },
        'Health alert could not be delivered',
      );
      return { ok: false, id, error: message };
    }
  };
}

export interface LogAlertOptions {
  /** Default `consoleLogger()` (JSON lines on stderr, level `warn` or `INT_LOG_LEVEL`). */
  logger?: Logger | undefined;
}

/**
 * A status listener that writes one `alert.status_changed` line per change:
 * `error` level when a provider goes to `error`, `warn` otherwise (a recovery
 * too, so it shows at the default level).
 */
export function logAlert(options: LogAlertOptions = {}): (change: StatusChange) => void {
  const logger = options.logger ?? consoleLogger();
  return (change) => {
    const level = change.to === 'error' ? 'error' : 'warn';
    logger[level](
      {
        event: 'alert.status_changed',
        provider: change.provider,
        from: change.from,
        to: change.to,
        successRate: change.successRate,
        windowCount: change.windowCount,
        failures: change.failures,
        windowMs: change.windowMs,
        lastError: change.lastError,
      },
      `${change.provider} health: ${change.from} -> ${change.to}`,
    );
  };
}
