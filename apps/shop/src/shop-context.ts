import type { InboxStore, JobQueue, Logger, Metrics, WebhookInbox } from '@int/core';
import type { ShopConfig } from './config.js';
import type { AlertHistory } from './observability/alert-history.js';
import type { CallLog } from './observability/call-log.js';
import type { ProviderClients } from './providers/clients.js';
import type { SandboxControl } from './sandbox/sandbox-control.js';
import type { OrderStore } from './store/order-store.js';

/** Everything the flows, jobs and pages share. */
export interface ShopContext {
  config: ShopConfig;
  orders: OrderStore;
  queue: JobQueue;
  inbox: WebhookInbox;
  inboxStore: InboxStore;
  clients: ProviderClients;
  metrics: Metrics;
  calls: CallLog;
  alerts: AlertHistory;
  logger: Logger;
  /** Present in sandbox mode: fault injection for the demo's FedEx outage. */
  sandbox: SandboxControl | undefined;
  backendKind: 'sqlite' | 'redis';
  now(): number;
}

export const JOB_NAMES = { shipOrder: 'ship-order', syncCrm: 'sync-crm' } as const;
