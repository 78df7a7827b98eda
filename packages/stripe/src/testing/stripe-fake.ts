import { HttpResponse, http, type RequestHandler } from 'msw';
import type { StripeEvent } from '../stripe-events.js';
import type {
  Charge,
  Customer,
  PaymentIntent,
  Refund,
  Shipping,
  StripeErrorObject,
} from '../stripe-types.js';
import { DEFAULT_API_VERSION } from '../version.js';
import { matchesSearch, parseSearchQuery, SearchSyntaxError } from './fake-search.js';
import { decodeForm } from './form-decoding.js';
import {
  createWebhookDelivery,
  type WebhookDelivery,
  type WebhookEndpoint,
} from './webhook-delivery.js';

export interface StripeFakeOptions {
  /** Where the fake answers. Default `https://api.stripe.com`. */
  baseURL?: string | undefined;
  /**
   * The only key accepted. Default: any `sk_test_...` or `rk_test_...` key
   * (a live key, `sk_live_...`, is refused so a test can never look real).
   */
  secretKey?: string | undefined;
  /**
   * Signed delivery of every event to your app (sandbox mode). Default: none.
   * Set it later with `fake.setWebhookEndpoint()` when your app's port is known only once it listens.
   */
  webhookEndpoint?: WebhookEndpoint | undefined;
  /** Current time in epoch ms, for `created` and webhook timestamps. Default `Date.now`. */
  now?: (() => number) | undefined;
}

/** Everything the fake holds; read it in assertions. */
export interface StripeFakeState {
  paymentIntents: Map<string, PaymentIntent>;
  customers: Map<string, Customer>;
  refunds: Map<string, Refund>;
  charges: Map<string, Charge>;
  /** In creation order. */
  events: Map<string, StripeEvent>;
  /** Saved results per `Idempotency-Key`. */
  idempotency: Map<string, { fingerprint: string; status: number; body: unknown }>;
  /** Webhook deliveries attempted, in order. */
  deliveries: WebhookDelivery[];
  /** API requests answered (replays included). */
  requests: number;
}

export interface StripeFake {
  /** MSW handlers: `server.use(...fake.handlers)` or `mock.use(...fake.handlers)`. */
  handlers: RequestHandler[];
  state: StripeFakeState;
  /** Forgets every object, event, key and delivery. */
  reset(): void;
  /** Records an event of your choosing (and delivers it when an endpoint is set). */
  emit(type: string, object: Record<string, unknown>): StripeEvent;
  /** Resolves when every webhook delivery started so far has finished. */
  flushWebhooks(): Promise<void>;
  /**
   * Where events are delivered from now on (`undefined` stops deliveries);
   * `reset()` keeps it. For an app whose server listens after the fake is made.
   */
  setWebhookEndpoint(endpoint: WebhookEndpoint | undefined): void;
}

type Params = Record<string, unknown>;
interface Reply {
  status: number;
  body: unknown;
}
interface Context {
  requestId: string;
  idempotencyKey: string | null;
  apiVersion: string;
}

// Stripe answers every shipping and address field, null when not given.
function shippingOf(value: unknown): Shipping | null {
  if (value === '' || value === null || typeof value !== 'object') return null;
  const given = value as Record<string, unknown>;
  const address = (given.address ?? {}) as Record<string, unknown>;
  const text = (field: unknown) => (typeof field === 'string' && field !== '' ? field : null);
  return {
    address: {
      city: text(address.city),
      country: text(address.country),
      line1: text(address.line1),
      line2: text(address.line2),
      postal_code: text(address.postal_code),
      state: text(address.state),
    },
    name: typeof given.name === 'string' ? given.name : '',
    carrier: text(given.carrier),
    phone: text(given.phone),
    tracking_number: text(given.tracking_number),
  };
}

class FakeError extends Error {
  constructor(
    readonly status: number,
    readonly error: StripeErrorObject,
  ) {
    super(error.message);
  }
}

const invalid = (message: string, extra: Partial<StripeErrorObject> = {}) =>
  new FakeError(400, { type: 'invalid_request_error', message, ...extra });
const missing = (kind: string, id: string, param = 'id') =>
  new FakeError(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `No such ${kind}: '${id}'`,
    param,
    doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
  });

const SUCCEEDING_CARDS = new Set([
  'pm_card_visa',
  'pm_card_visa_debit',
  'pm_card_mastercard',
  'pm_card_mastercard_debit',
  'pm_card_amex',
  'pm_card_discover',
  'pm_card_diners',
  'pm_card_jcb',
  'pm_card_unionpay',
  'pm_card_us',
]);
const DECLINING_CARDS: Record<string, { code: string; decline_code?: string; message: string }> = {
  pm_card_chargeDeclined: {
    code: 'card_declined',
    decline_code: 'generic_decline',
    message: 'Your card was declined.',
  },
  pm_card_chargeDeclinedInsufficientFunds: {
    code: 'card_declined',
    decline_code: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  pm_card_chargeDeclinedLostCard: {
    code: 'card_declined',
    decline_code: 'lost_card',
    message: 'Your card was declined.',
  },
  pm_card_chargeDeclinedStolenCard: {
    code: 'card_declined',
    decline_code: 'stolen_card',
    message: 'Your card was declined.',
  },
  pm_card_chargeDeclinedFraudulent: {
    code: 'card_declined',
    decline_code: 'fraudulent',
    message: 'Your card was declined.',
  },
  pm_card_chargeDeclinedExpiredCard: {
    code: 'expired_card',
    decline_code: 'expired_card',
    message: 'Your card has expired.',
  },
  pm_card_chargeDeclinedIncorrectCvc: {
    code: 'incorrect_cvc',
    decline_code: 'incorrect_cvc',
    message: "Your card's security code is incorrect.",
  },
  pm_card_chargeDeclinedProcessingError: {
    code: 'processing_error',
    message: 'An error occurred while processing your card. Try again in a little bit.',
  },
};
const AUTHENTICATION_CARDS = new Set([
  'pm_card_authenticationRequired',
  'pm_card_threeDSecure2Required',
]);

const CANCELABLE = new Set([
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
  'processing',
]);
const CONFIRMABLE = new Set([
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
]);

const clone = <T>(value: T): T => structuredClone(value);
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const nullable = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

function integer(params: Params, name: string, required: boolean): number | undefined {
  const value = params[name];
  if (value === undefined || value === '') {
    if (required)
      throw invalid(`Missing required param: ${name}.`, { code: 'parameter_missing', param: name });
    return undefined;
  }
  const number = Number(value);
  if (!/^\d+$/.test(String(value)) || !Number.isSafeInteger(number)) {
    throw invalid(`Invalid integer: ${String(value)}`, {
      code: 'parameter_invalid_integer',
      param: name,
    });
  }
  if (number < 1)
    throw invalid('This value must be greater than or equal to 1.', {
      code: 'parameter_invalid_integer',
      param: name,
    });
  return number;
}

function mergeMetadata(current: Record<string, string>, update: unknown): Record<string, string> {
  if (update === undefined) return current;
  if (update === '' || update === null) return {};
  const next = { ...current };
  for (const [key, value] of Object.entries(update as Record<string, unknown>)) {
    if (value === '' || value === null) delete next[key];
    else next[key] = String(value);
  }
  return next;
}

/** A stateful fake of Stripe's v1 API for the covered resources, as MSW handlers. */
export function createStripeFake(options: StripeFakeOptions = {}): StripeFake {
  const baseURL = (options.baseURL ?? 'https://api.stripe.com').replace(/\/$/, '');
  const now = options.now ?? Date.now;
  const seconds = () => Math.floor(now() / 1000);
  const state: StripeFakeState = {
    paymentIntents: new Map(),
    customers: new Map(),
    refunds: new Map(),
    charges: new Map(),
    events: new Map(),
    idempotency: new Map(),
    deliveries: [],
    requests: 0,
  };
  const deletedCustomers = new Set<string>();
  let counter = 0;
  const nextId = (prefix: string) => {
    counter += 1;
    return `${prefix}_int${counter.toString().padStart(14, '0')}`;
  };
  let webhookEndpoint = options.webhookEndpoint;
  const delivery = createWebhookDelivery(() => webhookEndpoint, state.deliveries, now);

  function record(
    type: string,
    object: unknown,
    context: Context | undefined,
    previous?: Params,
  ): StripeEvent {
    const event = {
      id: nextId('evt'),
      object: 'event',
      api_version: context?.apiVersion ?? DEFAULT_API_VERSION,
      created: seconds(),
      data: {
        object: clone(object),
        ...(previous ? { previous_attributes: clone(previous) } : {}),
      },
      livemode: false,
      pending_webhooks: webhookEndpoint ? 1 : 0,
      request: { id: context?.requestId ?? null, idempotency_key: context?.idempotencyKey ?? null },
      type,
    } as unknown as StripeEvent;
    state.events.set(event.id, event);
    delivery.deliver(event);
    return event;
  }

  // ---------------------------------------------------------------- lists

  function listOf<T extends { id: string }>(
    items: Iterable<T>,
    params: Params,
    url: string,
    kind: string,
  ): Reply {
    const all = [...items].reverse(); // newest first
    const limit = params.limit === undefined ? 10 : Number(params.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw invalid('Invalid limit: must be an integer between 1 and 100.', { param: 'limit' });
    }
    let start = 0;
    let end = all.length;
    const after = text(params.starting_after);
    const before = text(params.ending_before);
    if (after) {
      const index = all.findIndex((item) => item.id === after);
      if (index < 0) throw missing(kind, after, 'starting_after');
      start = index + 1;
    } else if (before) {
      const index = all.findIndex((item) => item.id === before);
      if (index < 0) throw missing(kind, before, 'ending_before');
      end = index;
      start = Math.max(0, end - limit);
    }
    const data = before && !after ? all.slice(start, end) : all.slice(start, start + limit);
    const hasMore = before && !after ? start > 0 : start + limit < end;
    return { status: 200, body: { object: 'list', data: clone(data), has_more: hasMore, url } };
  }

  function searchOf<T extends { id: string }>(
    items: Iterable<T>,
    params: Params,
    url: string,
    fields: ReadonlySet<string>,
  ): Reply {
    const query = text(params.query);
    if (!query)
      throw invalid('Missing required param: query.', {
        code: 'parameter_missing',
        param: 'query',
      });
    let clauses: ReturnType<typeof parseSearchQuery>;
    try {
      clauses = parseSearchQuery(query);
    } catch (error) {
      if (error instanceof SearchSyntaxError) throw invalid(error.message, { param: 'query' });
      throw error;
    }
    for (const clause of clauses) {
      if (!fields.has(clause.field)) {
        throw invalid(`Field \`${clause.field}\` is an unsupported search field for ${url}.`, {
          param: 'query',
        });
      }
    }
    const limit = params.limit === undefined ? 10 : Number(params.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw invalid('Invalid limit: must be an integer between 1 and 100.', { param: 'limit' });
    }
    const matching = [...items]
      .reverse()
      .filter((item) => matchesSearch(item as unknown as Params, clauses));
    let offset = 0;
    const page = text(params.page);
    if (page) {
      const decoded = /^page_(\d+)$/.exec(page);
      if (!decoded) throw invalid('Invalid page cursor.', { param: 'page' });
      offset = Number(decoded[1]);
    }
    const data = matching.slice(offset, offset + limit);
    const hasMore = offset + limit < matching.length;
    return {
      status: 200,
      body: {
        object: 'search_result',
        data: clone(data),
        has_more: hasMore,
        next_page: hasMore ? `page_${offset + limit}` : null,
        url,
      },
    };
  }

  // ------------------------------------------------------------- customers

  const CUSTOMER_FIELDS = [
    'address',
    'description',
    'email',
    'name',
    'phone',
    'shipping',
    'invoice_prefix',
    'preferred_locales',
  ];

  function customerOr404(id: string): Customer {
    const customer = state.customers.get(id);
    if (!customer) throw missing('customer', id);
    return customer;
  }

  function applyCustomer(customer: Customer, params: Params): Params {
    const previous: Params = {};
    for (const field of CUSTOMER_FIELDS) {
      if (params[field] === undefined) continue;
      previous[field] = customer[field] ?? null;
      customer[field] =
        field === 'shipping'
          ? shippingOf(params[field])
          : params[field] === ''
            ? null
            : params[field];
    }
    if (params.balance !== undefined) {
      previous.balance = customer.balance;
      customer.balance = Number(params.balance);
    }
    if (params.metadata !== undefined) {
      previous.metadata = customer.metadata;
      customer.metadata = mergeMetadata(customer.metadata, params.metadata);
    }
    return previous;
  }

  const customers = {
    create(params: Params, context: Context): Reply {
      const customer: Customer = {
        id: nextId('cus'),
        object: 'customer',
        address: null,
        balance: 0,
        created: seconds(),
        currency: null,
        default_source: null,
        description: null,
        email: null,
        invoice_prefix: null,
        livemode: false,
        metadata: {},
        name: null,
        phone: null,
        preferred_locales: [],
        shipping: null,
      };
      applyCustomer(customer, params);
      state.customers.set(customer.id, customer);
      record('customer.created', customer, context);
      return { status: 200, body: clone(customer) };
    },
    retrieve(id: string): Reply {
      if (deletedCustomers.has(id))
        return { status: 200, body: { id, object: 'customer', deleted: true } };
      return { status: 200, body: clone(customerOr404(id)) };
    },
    update(id: string, params: Params, context: Context): Reply {
      const customer = customerOr404(id);
      const previous = applyCustomer(customer, params);
      record('customer.updated', customer, context, previous);
      return { status: 200, body: clone(customer) };
    },
    del(id: string, context: Context): Reply {
      const customer = customerOr404(id);
      state.customers.delete(id);
      deletedCustomers.add(id);
      record('customer.deleted', customer, context);
      return { status: 200, body: { id, object: 'customer', deleted: true } };
    },
    list(params: Params): Reply {
      const email = text(params.email);
      const items = [...state.customers.values()].filter(
        (customer) => !email || customer.email === email,
      );
      return listOf(items, params, '/v1/customers', 'customer');
    },
    search(params: Params): Reply {
      return searchOf(
        state.customers.values(),
        params,
        '/v1/customers/search',
        new Set(['created', 'email', 'metadata', 'name', 'phone']),
      );
    },
  };

  // ------------------------------------------------------- payment intents

  function intentOr404(id: string): PaymentIntent {
    const intent = state.paymentIntents.get(id);
    if (!intent) throw missing('payment_intent', id);
    return intent;
  }

  function unexpectedState(
    intent: PaymentIntent,
    action: string,
    allowed: Iterable<string>,
  ): FakeError {
    return invalid(
      `You cannot ${action} this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be ${action === 'confirm' ? 'confirmed' : `${action}d`}: ${[...allowed].join(', ')}.`,
      {
        code: 'payment_intent_unexpected_state',
        doc_url: 'https://stripe.com/docs/error-codes/payment-intent-unexpected-state',
        payment_intent: clone(intent),
      },
    );
  }

  function checkCurrency(value: unknown): string {
    if (typeof value !== 'string' || !/^[a-zA-Z]{3}$/.test(value)) {
      throw invalid(`Invalid currency: ${String(value)}.`, {
        code: 'parameter_invalid_string',
        param: 'currency',
      });
    }
    return value.toLowerCase();
  }

  function checkCustomerParam(value: unknown): string | null {
    const id = nullable(value);
    if (id && !state.customers.has(id)) throw missing('customer', id, 'customer');
    return id;
  }

  function applyIntent(intent: PaymentIntent, params: Params): void {
    if (params.amount !== undefined) intent.amount = integer(params, 'amount', true) as number;
    if (params.currency !== undefined) intent.currency = checkCurrency(params.currency);
    if (params.customer !== undefined) intent.customer = checkCustomerParam(params.customer);
    if (params.capture_method !== undefined)
      intent.capture_method = params.capture_method as PaymentIntent['capture_method'];
    for (const field of [
      'description',
      'receipt_email',
      'statement_descriptor',
      'statement_descriptor_suffix',
      'setup_future_usage',
    ]) {
      if (params[field] !== undefined) intent[field] = nullable(params[field]);
    }
    if (params.shipping !== undefined) intent.shipping = shippingOf(params.shipping);
    if (Array.isArray(params.payment_method_types))
      intent.payment_method_types = params.payment_method_types.map(String);
    if (params.metadata !== undefined)
      intent.metadata = mergeMetadata(intent.metadata, params.metadata);
    if (params.payment_method !== undefined) {
      intent.payment_method = nullable(params.payment_method);
      if (intent.payment_method && intent.status === 'requires_payment_method')
        intent.status = 'requires_confirmation';
    }
  }

  function newCharge(intent: PaymentIntent, paymentMethod: string): Charge {
    return {
      id: nextId('ch'),
      object: 'charge',
      amount: intent.amount,
      amount_captured: 0,
      amount_refunded: 0,
      balance_transaction: null,
      captured: false,
      created: seconds(),
      currency: intent.currency,
      customer: intent.customer,
      description: intent.description,
      failure_code: null,
      failure_message: null,
      livemode: false,
      metadata: { ...intent.metadata },
      outcome: null,
      paid: false,
      payment_intent: intent.id,
      payment_method: paymentMethod,
      receipt_email: intent.receipt_email,
      refunded: false,
      status: 'pending',
    };
  }

  function confirmIntent(intent: PaymentIntent, params: Params, context: Context): Reply {
    if (!CONFIRMABLE.has(intent.status)) throw unexpectedState(intent, 'confirm', CONFIRMABLE);
    if (params.capture_method !== undefined)
      intent.capture_method = params.capture_method as PaymentIntent['capture_method'];
    for (const field of ['receipt_email', 'setup_future_usage']) {
      if (params[field] !== undefined) intent[field] = nullable(params[field]);
    }
    const paymentMethod = text(params.payment_method) ?? text(intent.payment_method);
    if (!paymentMethod) {
      throw invalid(
        "You cannot confirm this PaymentIntent because it's missing a payment method. Update it with a payment method and confirm again.",
        {
          code: 'payment_intent_unexpected_state',
          param: 'payment_method',
          payment_intent: clone(intent),
        },
      );
    }
    const decline = DECLINING_CARDS[paymentMethod];
    if (
      !SUCCEEDING_CARDS.has(paymentMethod) &&
      !decline &&
      !AUTHENTICATION_CARDS.has(paymentMethod)
    ) {
      throw missing('PaymentMethod', paymentMethod, 'payment_method');
    }
    intent.payment_method = paymentMethod;
    if (AUTHENTICATION_CARDS.has(paymentMethod) && intent.status !== 'requires_action') {
      intent.status = 'requires_action';
      intent.next_action = {
        type: 'use_stripe_sdk',
        use_stripe_sdk: { type: 'three_d_secure_redirect' },
      };
      record('payment_intent.requires_action', intent, context);
      return { status: 200, body: clone(intent) };
    }
    intent.next_action = null;
    const charge = newCharge(intent, paymentMethod);
    state.charges.set(charge.id, charge);
    intent.latest_charge = charge.id;
    if (decline) {
      charge.status = 'failed';
      charge.failure_code = decline.code;
      charge.failure_message = decline.message;
      charge.outcome = {
        network_status: 'declined_by_network',
        reason: decline.decline_code ?? null,
        seller_message: 'The bank did not return any further details with this decline.',
        type: 'issuer_declined',
      };
      const error: StripeErrorObject = {
        type: 'card_error',
        code: decline.code,
        ...(decline.decline_code ? { decline_code: decline.decline_code } : {}),
        message: decline.message,
        charge: charge.id,
        doc_url: `https://stripe.com/docs/error-codes/${decline.code.replace(/_/g, '-')}`,
        payment_method: { id: paymentMethod, object: 'payment_method', type: 'card' },
        payment_method_type: 'card',
      };
      intent.status = 'requires_payment_method';
      intent.payment_method = null;
      intent.last_payment_error = clone(error);
      record('charge.failed', charge, context);
      record('payment_intent.payment_failed', intent, context);
      throw new FakeError(402, { ...error, payment_intent: clone(intent) });
    }
    charge.status = 'succeeded';
    charge.paid = true;
    charge.outcome = {
      network_status: 'approved_by_network',
      reason: null,
      risk_level: 'normal',
      seller_message: 'Payment complete.',
      type: 'authorized',
    };
    intent.last_payment_error = null;
    if (intent.capture_method === 'manual') {
      intent.status = 'requires_capture';
      intent.amount_capturable = intent.amount;
      record('charge.succeeded', charge, context);
      record('payment_intent.amount_capturable_updated', intent, context);
    } else {
      charge.captured = true;
      charge.amount_captured = charge.amount;
      intent.status = 'succeeded';
      intent.amount_received = intent.amount;
      record('charge.succeeded', charge, context);
      record('payment_intent.succeeded', intent, context);
    }
    return { status: 200, body: clone(intent) };
  }

  function captureIntent(
    intent: PaymentIntent,
    params: Params,
    context: Context,
    amountParam = 'amount_to_capture',
  ): Charge {
    if (intent.status !== 'requires_capture')
      throw unexpectedState(intent, 'capture', ['requires_capture']);
    const amount = integer(params, amountParam, false) ?? intent.amount_capturable;
    if (amount > intent.amount_capturable) {
      throw invalid(
        `The amount to capture (${amount}) is greater than the amount capturable (${intent.amount_capturable}).`,
        {
          code: 'amount_too_large',
          param: amountParam,
        },
      );
    }
    const charge = state.charges.get(String(intent.latest_charge));
    if (!charge) throw missing('charge', String(intent.latest_charge));
    if (params.metadata !== undefined)
      intent.metadata = mergeMetadata(intent.metadata, params.metadata);
    charge.captured = true;
    charge.amount_captured = amount;
    // Stripe releases the uncaptured rest, which shows as refunded.
    charge.amount_refunded = charge.amount - amount;
    intent.status = 'succeeded';
    intent.amount_received = amount;
    intent.amount_capturable = 0;
    record('charge.captured', charge, context);
    record('payment_intent.succeeded', intent, context);
    return charge;
  }

  const paymentIntents = {
    create(params: Params, context: Context): Reply {
      const amount = integer(params, 'amount', true) as number;
      if (params.currency === undefined)
        throw invalid('Missing required param: currency.', {
          code: 'parameter_missing',
          param: 'currency',
        });
      const id = nextId('pi');
      const intent: PaymentIntent = {
        id,
        object: 'payment_intent',
        amount,
        amount_capturable: 0,
        amount_received: 0,
        automatic_payment_methods: null,
        canceled_at: null,
        cancellation_reason: null,
        capture_method: 'automatic_async',
        client_secret: `${id}_secret_fake`,
        confirmation_method: 'automatic',
        created: seconds(),
        currency: checkCurrency(params.currency),
        customer: null,
        description: null,
        last_payment_error: null,
        latest_charge: null,
        livemode: false,
        metadata: {},
        next_action: null,
        payment_method: null,
        payment_method_types: ['card'],
        receipt_email: null,
        setup_future_usage: null,
        shipping: null,
        statement_descriptor: null,
        statement_descriptor_suffix: null,
        status: 'requires_payment_method',
      };
      const { confirm, ...rest } = params;
      applyIntent(intent, rest);
      const automatic = params.automatic_payment_methods as Params | undefined;
      if (automatic) intent.automatic_payment_methods = { enabled: automatic.enabled === 'true' };
      state.paymentIntents.set(id, intent);
      record('payment_intent.created', intent, context);
      if (confirm === 'true') return confirmIntent(intent, {}, context);
      return { status: 200, body: clone(intent) };
    },
    retrieve(id: string): Reply {
      return { status: 200, body: clone(intentOr404(id)) };
    },
    update(id: string, params: Params): Reply {
      const intent = intentOr404(id);
      if (intent.status === 'succeeded' || intent.status === 'canceled') {
        const changesMoney = ['amount', 'currency', 'payment_method', 'capture_method'].some(
          (field) => params[field] !== undefined,
        );
        if (changesMoney)
          throw unexpectedState(intent, 'update', [
            'requires_payment_method',
            'requires_confirmation',
            'requires_action',
          ]);
      }
      applyIntent(intent, params);
      return { status: 200, body: clone(intent) };
    },
    confirm(id: string, params: Params, context: Context): Reply {
      return confirmIntent(intentOr404(id), params, context);
    },
    capture(id: string, params: Params, context: Context): Reply {
      const intent = intentOr404(id);
      captureIntent(intent, params, context);
      return { status: 200, body: clone(intent) };
    },
    cancel(id: string, params: Params, context: Context): Reply {
      const intent = intentOr404(id);
      if (!CANCELABLE.has(intent.status)) throw unexpectedState(intent, 'cancel', CANCELABLE);
      if (intent.status === 'requires_capture') {
        const charge = state.charges.get(String(intent.latest_charge));
        if (charge) {
          charge.amount_refunded = charge.amount;
          charge.refunded = true;
        }
      }
      intent.status = 'canceled';
      intent.canceled_at = seconds();
      intent.cancellation_reason =
        (text(params.cancellation_reason) as PaymentIntent['cancellation_reason']) ?? null;
      intent.amount_capturable = 0;
      intent.next_action = null;
      record('payment_intent.canceled', intent, context);
      return { status: 200, body: clone(intent) };
    },
    list(params: Params): Reply {
      const customer = text(params.customer);
      const items = [...state.paymentIntents.values()].filter(
        (intent) => !customer || intent.customer === customer,
      );
      return listOf(items, params, '/v1/payment_intents', 'payment_intent');
    },
    search(params: Params): Reply {
      return searchOf(
        state.paymentIntents.values(),
        params,
        '/v1/payment_intents/search',
        new Set(['amount', 'created', 'currency', 'customer', 'metadata', 'status']),
      );
    },
  };

  // ---------------------------------------------------------------- charges

  function chargeOr404(id: string): Charge {
    const charge = state.charges.get(id);
    if (!charge) throw missing('charge', id);
    return charge;
  }

  const charges = {
    retrieve(id: string): Reply {
      return { status: 200, body: clone(chargeOr404(id)) };
    },
    list(params: Params): Reply {
      const customer = text(params.customer);
      const intent = text(params.payment_intent);
      const items = [...state.charges.values()].filter(
        (charge) =>
          (!customer || charge.customer === customer) &&
          (!intent || charge.payment_intent === intent),
      );
      return listOf(items, params, '/v1/charges', 'charge');
    },
    capture(id: string, params: Params, context: Context): Reply {
      const charge = chargeOr404(id);
      if (charge.captured || charge.status !== 'succeeded') {
        throw invalid(`Charge ${id} has already been captured.`, {
          code: 'charge_already_captured',
        });
      }
      const intent = intentOr404(String(charge.payment_intent));
      return { status: 200, body: clone(captureIntent(intent, params, context, 'amount')) };
    },
  };

  // ---------------------------------------------------------------- refunds

  function refundOr404(id: string): Refund {
    const refund = state.refunds.get(id);
    if (!refund) throw missing('refund', id);
    return refund;
  }

  const refunds = {
    create(params: Params, context: Context): Reply {
      let charge: Charge | undefined;
      const intentId = text(params.payment_intent);
      const chargeId = text(params.charge);
      if (intentId) {
        const intent = intentOr404(intentId);
        if (intent.status !== 'succeeded') {
          throw invalid(
            `This PaymentIntent (${intentId}) does not have a successful charge to refund.`,
            {
              code: 'charge_not_refundable',
              param: 'payment_intent',
            },
          );
        }
        charge = state.charges.get(String(intent.latest_charge));
      } else if (chargeId) {
        charge = chargeOr404(chargeId);
      } else {
        throw invalid(
          'One of the following params should be provided for this request: payment_intent or charge.',
          {
            code: 'parameter_missing',
          },
        );
      }
      if (charge?.status !== 'succeeded' || !charge.captured) {
        throw invalid('This charge cannot be refunded: it has not succeeded or was not captured.', {
          code: 'charge_not_refundable',
        });
      }
      const remaining = charge.amount - charge.amount_refunded;
      if (remaining <= 0) {
        throw invalid(`Charge ${charge.id} has already been refunded.`, {
          code: 'charge_already_refunded',
        });
      }
      const amount = integer(params, 'amount', false) ?? remaining;
      if (amount > remaining) {
        throw invalid(
          `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`,
          {
            code: 'amount_too_large',
            param: 'amount',
          },
        );
      }
      const refund: Refund = {
        id: nextId('re'),
        object: 'refund',
        amount,
        balance_transaction: null,
        charge: charge.id,
        created: seconds(),
        currency: charge.currency,
        metadata: mergeMetadata({}, params.metadata),
        payment_intent: charge.payment_intent,
        reason: (text(params.reason) as Refund['reason']) ?? null,
        receipt_number: null,
        status: 'succeeded',
      };
      state.refunds.set(refund.id, refund);
      charge.amount_refunded += amount;
      charge.refunded = charge.amount_refunded >= charge.amount;
      record('refund.created', refund, context);
      record('charge.refunded', charge, context);
      return { status: 200, body: clone(refund) };
    },
    retrieve(id: string): Reply {
      return { status: 200, body: clone(refundOr404(id)) };
    },
    update(id: string, params: Params, context: Context): Reply {
      const refund = refundOr404(id);
      const previous = { metadata: refund.metadata };
      refund.metadata = mergeMetadata(refund.metadata ?? {}, params.metadata);
      record('refund.updated', refund, context, previous);
      return { status: 200, body: clone(refund) };
    },
    cancel(id: string, _params: Params, context: Context): Reply {
      const refund = refundOr404(id);
      if (refund.status !== 'requires_action') {
        throw invalid(
          `Only a refund with a status of requires_action can be canceled; this one is ${refund.status}.`,
        );
      }
      refund.status = 'canceled';
      record('refund.updated', refund, context);
      return { status: 200, body: clone(refund) };
    },
    list(params: Params): Reply {
      const charge = text(params.charge);
      const intent = text(params.payment_intent);
      const items = [...state.refunds.values()].filter(
        (refund) =>
          (!charge || refund.charge === charge) && (!intent || refund.payment_intent === intent),
      );
      return listOf(items, params, '/v1/refunds', 'refund');
    },
  };

  // ----------------------------------------------------------------- events

  const events = {
    retrieve(id: string): Reply {
      const event = state.events.get(id);
      if (!event) throw missing('event', id);
      return { status: 200, body: clone(event) };
    },
    list(params: Params): Reply {
      const patterns = [
        text(params.type),
        ...(Array.isArray(params.types) ? params.types.map(String) : []),
      ].filter((item): item is string => Boolean(item));
      const matches = (type: string) =>
        patterns.length === 0 ||
        patterns.some((pattern) =>
          pattern.endsWith('.*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern,
        );
      const items = [...state.events.values()].filter((event) => matches(event.type));
      return listOf(items, params, '/v1/events', 'event');
    },
  };

  // ----------------------------------------------------------------- router

  function route(method: string, segments: string[], params: Params, context: Context): Reply {
    const [resource, id, action, extra] = segments;
    const key = `${method} ${resource}${id === undefined ? '' : id === 'search' ? '/search' : '/:id'}${action ? `/${action}` : ''}`;
    if (extra === undefined) {
      const item = id ?? '';
      switch (key) {
        case 'POST payment_intents':
          return paymentIntents.create(params, context);
        case 'GET payment_intents':
          return paymentIntents.list(params);
        case 'GET payment_intents/search':
          return paymentIntents.search(params);
        case 'GET payment_intents/:id':
          return paymentIntents.retrieve(item);
        case 'POST payment_intents/:id':
          return paymentIntents.update(item, params);
        case 'POST payment_intents/:id/confirm':
          return paymentIntents.confirm(item, params, context);
        case 'POST payment_intents/:id/capture':
          return paymentIntents.capture(item, params, context);
        case 'POST payment_intents/:id/cancel':
          return paymentIntents.cancel(item, params, context);
        case 'POST customers':
          return customers.create(params, context);
        case 'GET customers':
          return customers.list(params);
        case 'GET customers/search':
          return customers.search(params);
        case 'GET customers/:id':
          return customers.retrieve(item);
        case 'POST customers/:id':
          return customers.update(item, params, context);
        case 'DELETE customers/:id':
          return customers.del(item, context);
        case 'POST refunds':
          return refunds.create(params, context);
        case 'GET refunds':
          return refunds.list(params);
        case 'GET refunds/:id':
          return refunds.retrieve(item);
        case 'POST refunds/:id':
          return refunds.update(item, params, context);
        case 'POST refunds/:id/cancel':
          return refunds.cancel(item, params, context);
        case 'GET charges':
          return charges.list(params);
        case 'GET charges/:id':
          return charges.retrieve(item);
        case 'POST charges/:id/capture':
          return charges.capture(item, params, context);
        case 'GET events':
          return events.list(params);
        case 'GET events/:id':
          return events.retrieve(item);
      }
    }
    throw new FakeError(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: /v1/${segments.join('/')}). The int Stripe fake covers payment_intents, customers, refunds, charges and events.`,
    });
  }

  function checkAuth(header: string | null): void {
    let key: string | undefined;
    if (header?.startsWith('Bearer ')) key = header.slice(7).trim();
    else if (header?.startsWith('Basic ')) key = atob(header.slice(6).trim()).split(':')[0];
    if (!key) {
      throw new FakeError(401, {
        type: 'invalid_request_error',
        message:
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      });
    }
    const accepted = options.secretKey ? key === options.secretKey : /^(sk|rk)_test_/.test(key);
    if (!accepted) {
      throw new FakeError(401, {
        type: 'invalid_request_error',
        code: 'api_key_invalid',
        message: `Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`,
      });
    }
  }

  let requestCounter = 0;
  const handler = http.all(`${baseURL}/v1/*`, async ({ request }) => {
    state.requests += 1;
    requestCounter += 1;
    const requestId = `req_int${requestCounter.toString().padStart(12, '0')}`;
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const idempotencyKey = method === 'POST' ? request.headers.get('idempotency-key') : null;
    const apiVersion = request.headers.get('stripe-version') ?? DEFAULT_API_VERSION;
    const headers: Record<string, string> = {
      'request-id': requestId,
      'stripe-version': apiVersion,
    };
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const answer = (reply: Reply, extra: Record<string, string> = {}) =>
      HttpResponse.json(reply.body as never, {
        status: reply.status,
        headers: { ...headers, ...extra },
      });
    const failure = (error: FakeError): Reply => ({
      status: error.status,
      body: {
        error: {
          ...error.error,
          request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}`,
        },
      },
    });
    const body = await request.text();
    let saveKey: string | undefined;
    let fingerprint = '';
    try {
      checkAuth(request.headers.get('authorization'));
      if (method === 'POST' && body.length > 0) {
        const type = request.headers.get('content-type') ?? '';
        if (!type.startsWith('application/x-www-form-urlencoded')) {
          throw invalid(
            `Invalid request: unsupported Content-Type ${type || '(none)'}. Stripe's v1 API takes application/x-www-form-urlencoded.`,
          );
        }
      }
      const segments = url.pathname
        .replace(/^\/v1\//, '')
        .split('/')
        .filter(Boolean)
        .map(decodeURIComponent);
      const params = method === 'POST' ? decodeForm(body) : decodeForm(url.search.slice(1));
      if (idempotencyKey) {
        if (idempotencyKey.length > 255) {
          throw invalid('Idempotency keys must be at most 255 characters long.', {
            param: 'Idempotency-Key',
          });
        }
        saveKey = `${request.headers.get('stripe-account') ?? ''} ${idempotencyKey}`;
        fingerprint = `${method} ${url.pathname} ${body}`;
        const saved = state.idempotency.get(saveKey);
        if (saved) {
          if (saved.fingerprint !== fingerprint) {
            saveKey = undefined;
            throw new FakeError(400, {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            });
          }
          return answer(
            { status: saved.status, body: saved.body },
            { 'idempotent-replayed': 'true' },
          );
        }
      }
      const context: Context = { requestId, idempotencyKey, apiVersion };
      const reply = route(method, segments, params, context);
      if (saveKey)
        state.idempotency.set(saveKey, {
          fingerprint,
          status: reply.status,
          body: clone(reply.body),
        });
      return answer(reply);
    } catch (error) {
      if (!(error instanceof FakeError)) throw error;
      const reply = failure(error);
      // Stripe saves results once a request started executing: card errors and 5xx replay too.
      if (saveKey && (error.status === 402 || error.status >= 500)) {
        state.idempotency.set(saveKey, {
          fingerprint,
          status: reply.status,
          body: clone(reply.body),
        });
      }
      return answer(reply);
    }
  });

  return {
    handlers: [handler],
    state,
    reset() {
      state.paymentIntents.clear();
      state.customers.clear();
      state.refunds.clear();
      state.charges.clear();
      state.events.clear();
      state.idempotency.clear();
      state.deliveries.length = 0;
      state.requests = 0;
      deletedCustomers.clear();
      counter = 0;
      requestCounter = 0;
    },
    emit(type, object) {
      return record(type, object, undefined);
    },
    flushWebhooks: () => delivery.flush(),
    setWebhookEndpoint(endpoint) {
      webhookEndpoint = endpoint;
    },
  };
}
