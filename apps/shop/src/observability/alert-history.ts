import {
  type AlertDelivery,
  type Logger,
  logAlert,
  type Metrics,
  type StatusChange,
  webhookAlert,
} from '@int/core';

/** One health alert as the dashboard lists it, with what became of its webhook. */
export interface AlertRecord extends StatusChange {
  /** `not_configured` when no `SHOP_ALERT_WEBHOOK_URL` is set. */
  delivery: 'not_configured' | 'pending' | 'sent' | 'failed';
  deliveryError?: string | undefined;
}

export interface AlertHistory {
  /** Newest first. */
  list(): AlertRecord[];
}

/**
 * Sends every provider status change the shared metrics report to the log
 * (`alert.status_changed`), to the configured webhook (Standard Webhooks,
 * signed with `SHOP_ALERT_WEBHOOK_SECRET`), and into a bounded in-memory
 * history for the dashboard and `GET /api/alerts`.
 */
export function routeAlerts(options: {
  metrics: Metrics;
  logger: Logger;
  webhook: { url: string; secret: string } | undefined;
  capacity?: number | undefined;
}): AlertHistory {
  const capacity = options.capacity ?? 100;
  const records: AlertRecord[] = [];
  const send = options.webhook
    ? webhookAlert({ ...options.webhook, logger: options.logger })
    : undefined;
  const settle = (record: AlertRecord, delivery: AlertDelivery) => {
    record.delivery = delivery.ok ? 'sent' : 'failed';
    record.deliveryError = delivery.ok ? undefined : delivery.error;
  };

  options.metrics.onStatusChange(logAlert({ logger: options.logger }));
  options.metrics.onStatusChange((change) => {
    const record: AlertRecord = { ...change, delivery: send ? 'pending' : 'not_configured' };
    records.push(record);
    if (records.length > capacity) records.splice(0, records.length - capacity);
    return send?.(change).then((delivery) => settle(record, delivery));
  });
  return { list: () => records.map((record) => ({ ...record })).reverse() };
}
