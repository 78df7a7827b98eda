import type { WebhookHandler, WebhookHandlerContext } from '../webhooks/webhook-inbox.js';
import type { VerifiedWebhookEvent } from '../webhooks/webhook-verifier.js';
import { sha256Hex } from './sha256-hex.js';

const byId = (left: string | number, right: string | number): number =>
  typeof left === 'number' && typeof right === 'number'
    ? left - right
    : String(left) < String(right)
      ? -1
      : Number(String(left) > String(right));

/**
 * The inbox event of a delivery that carries several of the provider's events
 * (HubSpot sends up to 100 per request). Its id is the event's own with one
 * event, else `batch:` and a hash of the sorted ids, the same on a redelivery
 * (the dedup key); its type is the events' common type, else `batch`.
 */
export async function batchedWebhookEvent<Event>(
  events: ReadonlyArray<Event>,
  idOf: (event: Event) => string | number,
  typeOf: (event: Event) => string,
): Promise<VerifiedWebhookEvent> {
  const ids = events.map(idOf);
  const types = new Set(events.map(typeOf));
  const id =
    ids.length === 1
      ? String(ids[0])
      : `batch:${(await sha256Hex(ids.sort(byId).join(','))).slice(0, 32)}`;
  return { id, type: types.size === 1 ? [...types][0]! : 'batch', payload: events };
}

/** A handler of one event of a batched delivery. */
export type BatchedEventHandler<Event> = (
  event: Event,
  context: WebhookHandlerContext,
) => Promise<void> | void;

/**
 * Inbox handlers for a `batchedWebhookEvent`: each event of the delivery runs,
 * in order, the handler of its type, else the `'*'` one. The first to throw
 * fails the attempt, and the retry runs the delivery's events again.
 */
export function batchedEventHandlers<Event>(
  handlers: Readonly<Record<string, BatchedEventHandler<Event>>>,
  typeOf: (event: Event) => string,
): Record<string, WebhookHandler> {
  // Own keys only: `toString` is no event type.
  const handlerOf = (type: string) =>
    Object.hasOwn(handlers, type)
      ? handlers[type]
      : Object.hasOwn(handlers, '*')
        ? handlers['*']
        : undefined;
  const dispatch: WebhookHandler = async (event, context) => {
    for (const item of event.payload as Event[]) {
      await handlerOf(typeOf(item))?.(item, context);
    }
  };
  return { '*': dispatch };
}
