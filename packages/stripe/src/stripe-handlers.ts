import type { WebhookEvent, WebhookHandler, WebhookHandlerContext } from '@int/core';
import type { StripeEvent, StripeEventType, UnknownStripeEvent } from './stripe-events.js';

/** The Stripe event of one type; a type this package does not describe gets the loose shape. */
type StripeEventOf<Type extends string> = [Extract<StripeEvent, { type: Type }>] extends [never]
  ? UnknownStripeEvent
  : Extract<StripeEvent, { type: Type }>;

/** What an inbox handler receives for a Stripe event, with `payload` typed by its type. */
export interface StripeWebhookEvent<Type extends string = StripeEventType> extends WebhookEvent {
  type: Type;
  payload: StripeEventOf<Type>;
}

export type StripeEventHandler<Type extends string> = (
  event: StripeWebhookEvent<Type>,
  context: WebhookHandlerContext,
) => Promise<void> | void;

/**
 * Handlers by Stripe event type. The types this package describes are typed
 * (`event.payload.data.object` is a `PaymentIntent` under
 * `payment_intent.succeeded`); any other type gets the loose event shape, and
 * `'*'` catches every type without its own handler.
 */
export type StripeHandlerMap<Types extends string = string> = {
  [Type in Types]: StripeEventHandler<Type extends '*' ? string : Type>;
};

/**
 * Types a map of inbox handlers for Stripe: `createWebhookInbox({ handlers:
 * { stripe: stripeHandlers({ 'payment_intent.succeeded': (event) => … }) } })`,
 * with no cast of `event.payload`. The verifier (`stripeWebhookVerifier`) has
 * already checked the signature and parsed the event.
 */
export function stripeHandlers<Types extends string>(
  handlers: StripeHandlerMap<Types>,
): Record<string, WebhookHandler> {
  const typed: Record<string, WebhookHandler> = {};
  for (const [type, handler] of Object.entries(handlers as Record<string, unknown>)) {
    // The inbox hands over what stripeWebhookVerifier parsed: a Stripe event of this type.
    typed[type] = handler as unknown as WebhookHandler;
  }
  return typed;
}
