import type { Logger } from './logger.js';
import * as platform from './platform/platform.js';
import type { AsyncContextStorage } from './platform/platform-adapter.js';

/**
 * What the code around a provider call is doing, carried onto that call's log
 * lines and spans: the webhook inbox sets it while a handler runs, so an
 * operator can follow one event from its delivery to every call it caused.
 */
export interface CallContext {
  /** The provider that sent the webhook being handled (`stripe`). */
  webhookProvider?: string | undefined;
  /** That webhook's event id (`evt_...`). */
  webhookEventId?: string | undefined;
  /** That webhook's event type (`payment_intent.succeeded`). */
  webhookType?: string | undefined;
}

// null: this runtime has no AsyncLocalStorage (browsers, some edge runtimes), so no propagation.
let storage: AsyncContextStorage<CallContext> | null | undefined;

function contextStorage(): AsyncContextStorage<CallContext> | null {
  if (storage === undefined) storage = platform.asyncContext<CallContext>();
  return storage;
}

/** Runs `fn` with `context` added to the current one, for every call it makes. */
export function withCallContext<T>(context: CallContext, fn: () => T): T {
  const store = contextStorage();
  if (!store) return fn();
  return store.run({ ...store.getStore(), ...context }, fn);
}

/** The context of the code running now, if any. */
export function currentCallContext(): CallContext | undefined {
  return contextStorage()?.getStore();
}

/** A logger that adds the current call context's fields to every line it writes. */
export function contextualLogger(base: Logger): Logger {
  const withContext =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (object: Record<string, unknown>, message?: string) => {
      const context = currentCallContext();
      base[level](context ? { ...object, ...definedFields(context) } : object, message);
    };
  return {
    debug: withContext('debug'),
    info: withContext('info'),
    warn: withContext('warn'),
    error: withContext('error'),
    ...(base.isLevelEnabled
      ? { isLevelEnabled: (level: string) => base.isLevelEnabled?.(level) ?? true }
      : {}),
  };
}

/** Span attributes for the current context (`int.webhook.event_id`, ...). */
export function contextSpanAttributes(): Record<string, string> {
  const context = currentCallContext();
  if (!context) return {};
  const attributes: Record<string, string> = {};
  if (context.webhookProvider) attributes['int.webhook.provider'] = context.webhookProvider;
  if (context.webhookEventId) attributes['int.webhook.event_id'] = context.webhookEventId;
  if (context.webhookType) attributes['int.webhook.type'] = context.webhookType;
  return attributes;
}

function definedFields(context: CallContext): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(context)) {
    if (typeof value === 'string') fields[key] = value;
  }
  return fields;
}
