import {
  createFakeApi,
  createFakeWebhookDelivery,
  decodeBracketForm,
  FAKE_TOOLKIT_CODES,
  type FakeControls,
  type FakeErrorInfo,
  type FakeWebhookAttempt,
  type FakeWebhookEndpoint,
  fakeLookup,
  keyCredential,
} from '@int/core/testing';
import type { StripeEvent } from '../stripe-events.js';
import type {
  Charge,
  Customer,
  PaymentIntent,
  Refund,
  Shipping,
  StripeErrorObject,
} from '../stripe-types.js';
import { generateTestHeader } from '../stripe-webhooks.js';
import { DEFAULT_API_VERSION } from '../version.js';
import { listPage, searchPage, text } from './fake-lists.js';
import { AUTHENTICATION_CARDS, DECLINING_CARDS, SUCCEEDING_CARDS } from './fake-test-cards.js';

/** Where the fake delivers events, signed like Stripe does; `secret` is the endpoint's `whsec_...`. */
export type WebhookEndpoint = FakeWebhookEndpoint;

/** One delivery attempt of an event to your app. */
export interface WebhookDelivery extends FakeWebhookAttempt {
  eventId: string;
  type: string;
}

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
  /** The fake's time (`created`, webhook timestamps): the client's `clock` in a test. Default: the system clock. */
  clock?: { now(): number } | undefined;
}

/** Everything the fake holds; read it in assertions. */
export interface StripeFakeState {
  paymentIntents: Map<string, PaymentIntent>;
  customers: Map<string, Customer>;
  refunds: Map<string, Refund>;
  charges: Map<string, Charge>;
  /** In creation order. */
  events: Map<string, StripeEvent>;
  /** Webhook deliveries attempted, in order. */
  deliveries: WebhookDelivery[];
}

/** The fake: core's `FakeControls` (`fail`, `clearFaults`, `calls`, `now`, `reset`...) plus Stripe's state. */
export interface StripeFake extends FakeControls {
  state: StripeFakeState;
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
interface Context {
  requestId: string;
  idempotencyKey: string | null;
  apiVersion: string;
}

// Stripe answers every shipping and address field, null when not given.
function shippingOf(value: unknown): Shipping | null {
  if (value === '' || value === null || typeof value !== 'object') return null;
  const given = value as Params;
  const address = (given.address ?? {}) as Params;
  const fields = ['city', 'country', 'line1', 'line2', 'postal_code', 'state'] as const;
  return {
    address: Object.fromEntries(
      fields.map((field) => [field, nullable(address[field])]),
    ) as unknown as Shipping['address'],
    name: typeof given.name === 'string' ? given.name : '',
    carrier: nullable(given.carrier),
    phone: nullable(given.phone),
    tracking_number: nullable(given.tracking_number),
  };
}

const words = (text: string) => text.split(' ');
const CONFIRMABLE = new Set(words('requires_payment_method requires_confirmation requires_action'));
const CANCELABLE = new Set([...CONFIRMABLE, 'requires_capture', 'processing']);
const CUSTOMER_FIELDS = words(
  'address description email name phone shipping invoice_prefix preferred_locales',
);
const INTENT_TEXT_FIELDS = words(
  'description receipt_email statement_descriptor statement_descriptor_suffix setup_future_usage',
);
type Words<S extends string> = S extends `${infer Head} ${infer Rest}` ? Head | Words<Rest> : S;
/** Stripe answers every field of an object: `null` when it was never set. */
const nulls = <S extends string>(fields: S) =>
  Object.fromEntries(words(fields).map((field) => [field, null])) as Record<Words<S>, null>;
const NO_KEY =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').";

const nullable = (value: unknown): string | null => text(value) ?? null;

function mergeMetadata(current: Record<string, string>, update: unknown): Record<string, string> {
  if (update === undefined) return current;
  if (update === '' || update === null) return {};
  const next = { ...current };
  for (const [key, value] of Object.entries(update as Params)) {
    if (value === '' || value === null) delete next[key];
    else next[key] = String(value);
  }
  return next;
}

/** Stripe's error body for what core's toolkit answers itself (auth, faults, replays). */
function toolkitError({ status, message, code }: FakeErrorInfo): StripeErrorObject {
  const type =
    status === 402
      ? 'card_error'
      : code.startsWith('idempotency_')
        ? 'idempotency_error'
        : status >= 500
          ? 'api_error'
          : 'invalid_request_error';
  const stripeCode = FAKE_TOOLKIT_CODES.has(code) ? undefined : code;
  return { type, message: code === 'missing_credentials' ? NO_KEY : message, code: stripeCode };
}

/** A stateful fake of Stripe's v1 API for the covered resources, on core's fake toolkit. */
export function createStripeFake(options: StripeFakeOptions = {}): StripeFake {
  const delivery = createFakeWebhookDelivery<StripeEvent, WebhookDelivery>({
    endpoint: options.webhookEndpoint,
    attempt: (event, endpoint) => ({ eventId: event.id, type: event.type, url: endpoint.url }),
    // As Stripe sends it: the event's JSON, signed at the fake's time.
    async request(event, endpoint) {
      const body = JSON.stringify(event, null, 2);
      const timestamp = seconds();
      const signature = await generateTestHeader({
        payload: body,
        secret: endpoint.secret,
        timestamp,
      });
      const headers = {
        'content-type': 'application/json; charset=utf-8',
        'stripe-signature': signature,
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      };
      return { headers, body };
    },
  });
  const state: StripeFakeState = {
    paymentIntents: new Map(),
    customers: new Map(),
    refunds: new Map(),
    charges: new Map(),
    events: new Map(),
    deliveries: delivery.attempts,
  };
  const deletedCustomers = new Set<string>();
  const api = createFakeApi({
    name: 'stripe',
    baseURL: options.baseURL ?? 'https://api.stripe.com',
    clock: options.clock,
    requestIdHeader: 'request-id',
    requestIdPrefix: 'req_',
    errorEnvelope: (error) => ({
      error: {
        ...(error.extra.type ? error.extra : toolkitError(error)),
        request_log_url: `https://dashboard.stripe.com/test/logs/${error.requestId}`,
      },
    }),
    auth: {
      // Stripe takes the key as `Bearer <key>` or as the Basic user name.
      credential: keyCredential,
      bearer: (key) => {
        if (options.secretKey ? key === options.secretKey : /^(sk|rk)_test_/.test(key)) return true;
        const masked = `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`;
        return stripeError(401, {
          type: 'invalid_request_error',
          code: 'api_key_invalid',
          message: `Invalid API Key provided: ${masked}`,
        });
      },
    },
    idempotency: {
      header: 'idempotency-key',
      methods: ['POST'],
      scope: (request) => request.headers.get('stripe-account') ?? '',
      // Stripe saves an answer once the request started executing: card errors and 5xx replay too.
      saves: (status) => status < 400 || status === 402 || status >= 500,
    },
    onReset() {
      for (const map of [state.paymentIntents, state.customers, state.refunds, state.charges])
        map.clear();
      state.events.clear();
      state.deliveries.length = 0;
      deletedCustomers.clear();
    },
  });
  const seconds = () => Math.floor(api.now() / 1000);

  function stripeError(status: number, error: StripeErrorObject) {
    return api.error(status, error.message ?? '', error.code ?? '', { ...error });
  }
  const invalid = (message: string, extra: Partial<StripeErrorObject> = {}) =>
    stripeError(400, { type: 'invalid_request_error', message, ...extra });
  const missing = (kind: string, id: string, param = 'id') =>
    stripeError(404, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      message: `No such ${kind}: '${id}'`,
      param,
      doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
    });
  const errors = { invalid, missing };

  function integer(params: Params, name: string, required: boolean): number | undefined {
    const value = params[name];
    if (value === undefined || value === '') {
      if (!required) return undefined;
      throw invalid(`Missing required param: ${name}.`, { code: 'parameter_missing', param: name });
    }
    const number = Number(value);
    const code = 'parameter_invalid_integer';
    if (!/^\d+$/.test(String(value)) || !Number.isSafeInteger(number)) {
      throw invalid(`Invalid integer: ${String(value)}`, { code, param: name });
    }
    if (number < 1) {
      throw invalid('This value must be greater than or equal to 1.', { code, param: name });
    }
    return number;
  }

  function record(type: string, object: unknown, context?: Context, previous?: Params) {
    const event = {
      id: api.nextId('evt'),
      object: 'event',
      api_version: context?.apiVersion ?? DEFAULT_API_VERSION,
      created: seconds(),
      data: {
        object: structuredClone(object),
        ...(previous ? { previous_attributes: structuredClone(previous) } : {}),
      },
      livemode: false,
      pending_webhooks: delivery.endpoint() ? 1 : 0,
      request: { id: context?.requestId ?? null, idempotency_key: context?.idempotencyKey ?? null },
      type,
    } as unknown as StripeEvent;
    state.events.set(event.id, event);
    delivery.deliver(event);
    return event;
  }

  /** One Stripe route: the form check, params decoded from the body or query, a 200 with the result. */
  function on(
    method: string,
    pattern: string,
    handler: (params: Params, context: Context, id: string) => unknown,
  ): void {
    api.route(method, pattern, ({ request, url, rawBody, requestId, params: path }) => {
      const apiVersion = request.headers.get('stripe-version') ?? DEFAULT_API_VERSION;
      const idempotencyKey = method === 'POST' ? request.headers.get('idempotency-key') : null;
      const type = request.headers.get('content-type') ?? '';
      if (rawBody.length > 0 && !type.startsWith('application/x-www-form-urlencoded')) {
        throw invalid(
          `Invalid request: unsupported Content-Type ${type || '(none)'}. Stripe's v1 API takes application/x-www-form-urlencoded.`,
        );
      }
      if (idempotencyKey && idempotencyKey.length > 255) {
        throw invalid('Idempotency keys must be at most 255 characters long.', {
          param: 'Idempotency-Key',
        });
      }
      const params = decodeBracketForm(method === 'POST' ? rawBody : url.search.slice(1));
      const context = { requestId, idempotencyKey, apiVersion };
      const headers: Record<string, string> = { 'stripe-version': apiVersion };
      if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
      return api.json(structuredClone(handler(params, context, path.id ?? '')), 200, headers);
    });
  }

  const found = <T>(map: Map<string, T>, kind: string) =>
    fakeLookup(map, (id) => missing(kind, id));
  const customerOr404 = found(state.customers, 'customer');
  const intentOr404 = found(state.paymentIntents, 'payment_intent');
  const chargeOr404 = found(state.charges, 'charge');
  const refundOr404 = found(state.refunds, 'refund');

  // ------------------------------------------------------------- customers

  function applyCustomer(customer: Customer, params: Params): Params {
    const previous: Params = {};
    for (const field of CUSTOMER_FIELDS) {
      if (params[field] === undefined) continue;
      previous[field] = customer[field] ?? null;
      const value = params[field];
      customer[field] = field === 'shipping' ? shippingOf(value) : value === '' ? null : value;
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

  on('POST', '/v1/customers', (params, context) => {
    const customer: Customer = {
      ...nulls(
        'address currency default_source description email invoice_prefix name phone shipping',
      ),
      id: api.nextId('cus'),
      object: 'customer',
      balance: 0,
      created: seconds(),
      livemode: false,
      metadata: {},
      preferred_locales: [],
    };
    applyCustomer(customer, params);
    state.customers.set(customer.id, customer);
    record('customer.created', customer, context);
    return customer;
  });
  on('GET', '/v1/customers/:id', (_, __, id) =>
    deletedCustomers.has(id) ? { id, object: 'customer', deleted: true } : customerOr404(id),
  );
  on('POST', '/v1/customers/:id', (params, context, id) => {
    const customer = customerOr404(id);
    record('customer.updated', customer, context, applyCustomer(customer, params));
    return customer;
  });
  on('DELETE', '/v1/customers/:id', (_, context, id) => {
    const customer = customerOr404(id);
    state.customers.delete(id);
    deletedCustomers.add(id);
    record('customer.deleted', customer, context);
    return { id, object: 'customer', deleted: true };
  });
  on('GET', '/v1/customers', (params) => {
    const email = text(params.email);
    const items = [...state.customers.values()].filter((item) => !email || item.email === email);
    return listPage(items, params, '/v1/customers', 'customer', errors);
  });
  const customerSearch = new Set(['created', 'email', 'metadata', 'name', 'phone']);
  on('GET', '/v1/customers/search', (params) =>
    searchPage(state.customers.values(), params, '/v1/customers/search', customerSearch, invalid),
  );

  // ------------------------------------------------------- payment intents

  function unexpectedState(intent: PaymentIntent, action: string, allowed: Iterable<string>) {
    const done = action === 'confirm' ? 'confirmed' : `${action}d`;
    return invalid(
      `You cannot ${action} this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be ${done}: ${[...allowed].join(', ')}.`,
      {
        code: 'payment_intent_unexpected_state',
        doc_url: 'https://stripe.com/docs/error-codes/payment-intent-unexpected-state',
        payment_intent: structuredClone(intent),
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

  function applyIntent(intent: PaymentIntent, params: Params): void {
    if (params.amount !== undefined) intent.amount = integer(params, 'amount', true) as number;
    if (params.currency !== undefined) intent.currency = checkCurrency(params.currency);
    if (params.customer !== undefined) {
      const customer = nullable(params.customer);
      if (customer && !state.customers.has(customer))
        throw missing('customer', customer, 'customer');
      intent.customer = customer;
    }
    if (params.capture_method !== undefined)
      intent.capture_method = params.capture_method as PaymentIntent['capture_method'];
    for (const field of INTENT_TEXT_FIELDS) {
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
    const { amount, currency, customer, description, receipt_email } = intent;
    return {
      ...nulls('balance_transaction failure_code failure_message outcome'),
      ...{ amount, currency, customer, description, receipt_email },
      id: api.nextId('ch'),
      object: 'charge',
      amount_captured: 0,
      amount_refunded: 0,
      captured: false,
      created: seconds(),
      livemode: false,
      metadata: { ...intent.metadata },
      paid: false,
      payment_intent: intent.id,
      payment_method: paymentMethod,
      refunded: false,
      status: 'pending',
    };
  }

  function decline(intent: PaymentIntent, charge: Charge, context: Context): never {
    const paymentMethod = String(charge.payment_method);
    const reason = DECLINING_CARDS[paymentMethod]!;
    charge.status = 'failed';
    charge.failure_code = reason.code;
    charge.failure_message = reason.message;
    charge.outcome = {
      network_status: 'declined_by_network',
      reason: reason.decline_code ?? null,
      seller_message: 'The bank did not return any further details with this decline.',
      type: 'issuer_declined',
    };
    const error: StripeErrorObject = {
      type: 'card_error',
      ...reason,
      charge: charge.id,
      doc_url: `https://stripe.com/docs/error-codes/${reason.code.replace(/_/g, '-')}`,
      payment_method: { id: paymentMethod, object: 'payment_method', type: 'card' },
      payment_method_type: 'card',
    };
    intent.status = 'requires_payment_method';
    intent.payment_method = null;
    intent.last_payment_error = structuredClone(error);
    record('charge.failed', charge, context);
    record('payment_intent.payment_failed', intent, context);
    throw stripeError(402, { ...error, payment_intent: structuredClone(intent) });
  }

  function confirmIntent(intent: PaymentIntent, params: Params, context: Context): PaymentIntent {
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
          payment_intent: structuredClone(intent),
        },
      );
    }
    const authenticate = AUTHENTICATION_CARDS.has(paymentMethod);
    if (!SUCCEEDING_CARDS.has(paymentMethod) && !DECLINING_CARDS[paymentMethod] && !authenticate) {
      throw missing('PaymentMethod', paymentMethod, 'payment_method');
    }
    intent.payment_method = paymentMethod;
    if (authenticate && intent.status !== 'requires_action') {
      intent.status = 'requires_action';
      intent.next_action = {
        type: 'use_stripe_sdk',
        use_stripe_sdk: { type: 'three_d_secure_redirect' },
      };
      record('payment_intent.requires_action', intent, context);
      return intent;
    }
    intent.next_action = null;
    const charge = newCharge(intent, paymentMethod);
    state.charges.set(charge.id, charge);
    intent.latest_charge = charge.id;
    if (DECLINING_CARDS[paymentMethod]) decline(intent, charge, context);
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
    const manual = intent.capture_method === 'manual';
    if (manual) {
      intent.status = 'requires_capture';
      intent.amount_capturable = intent.amount;
    } else {
      charge.captured = true;
      charge.amount_captured = charge.amount;
      intent.status = 'succeeded';
      intent.amount_received = intent.amount;
    }
    record('charge.succeeded', charge, context);
    const type = manual ? 'payment_intent.amount_capturable_updated' : 'payment_intent.succeeded';
    record(type, intent, context);
    return intent;
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
        { code: 'amount_too_large', param: amountParam },
      );
    }
    const charge = chargeOr404(String(intent.latest_charge));
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

  on('POST', '/v1/payment_intents', (params, context) => {
    const amount = integer(params, 'amount', true) as number;
    if (params.currency === undefined) {
      throw invalid('Missing required param: currency.', {
        code: 'parameter_missing',
        param: 'currency',
      });
    }
    const id = api.nextId('pi');
    const intent: PaymentIntent = {
      ...nulls(
        'automatic_payment_methods canceled_at cancellation_reason customer description last_payment_error latest_charge next_action payment_method receipt_email setup_future_usage shipping statement_descriptor statement_descriptor_suffix',
      ),
      id,
      object: 'payment_intent',
      amount,
      amount_capturable: 0,
      amount_received: 0,
      capture_method: 'automatic_async',
      client_secret: `${id}_secret_fake`,
      confirmation_method: 'automatic',
      created: seconds(),
      currency: checkCurrency(params.currency),
      livemode: false,
      metadata: {},
      payment_method_types: ['card'],
      status: 'requires_payment_method',
    };
    const { confirm, ...rest } = params;
    applyIntent(intent, rest);
    const automatic = params.automatic_payment_methods as Params | undefined;
    if (automatic) intent.automatic_payment_methods = { enabled: automatic.enabled === 'true' };
    state.paymentIntents.set(id, intent);
    record('payment_intent.created', intent, context);
    return confirm === 'true' ? confirmIntent(intent, {}, context) : intent;
  });
  on('GET', '/v1/payment_intents/:id', (_, __, id) => intentOr404(id));
  on('POST', '/v1/payment_intents/:id', (params, _, id) => {
    const intent = intentOr404(id);
    const moneyFields = ['amount', 'currency', 'payment_method', 'capture_method'];
    const final = intent.status === 'succeeded' || intent.status === 'canceled';
    if (final && moneyFields.some((field) => params[field] !== undefined)) {
      throw unexpectedState(intent, 'update', [...CONFIRMABLE]);
    }
    applyIntent(intent, params);
    return intent;
  });
  on('POST', '/v1/payment_intents/:id/confirm', (params, context, id) =>
    confirmIntent(intentOr404(id), params, context),
  );
  on('POST', '/v1/payment_intents/:id/capture', (params, context, id) => {
    const intent = intentOr404(id);
    captureIntent(intent, params, context);
    return intent;
  });
  on('POST', '/v1/payment_intents/:id/cancel', (params, context, id) => {
    const intent = intentOr404(id);
    if (!CANCELABLE.has(intent.status)) throw unexpectedState(intent, 'cancel', CANCELABLE);
    const held = state.charges.get(String(intent.latest_charge));
    if (intent.status === 'requires_capture' && held) {
      held.amount_refunded = held.amount;
      held.refunded = true;
    }
    intent.status = 'canceled';
    intent.canceled_at = seconds();
    intent.cancellation_reason =
      (text(params.cancellation_reason) as PaymentIntent['cancellation_reason']) ?? null;
    intent.amount_capturable = 0;
    intent.next_action = null;
    record('payment_intent.canceled', intent, context);
    return intent;
  });
  on('GET', '/v1/payment_intents', (params) => {
    const customer = text(params.customer);
    const items = [...state.paymentIntents.values()].filter(
      (intent) => !customer || intent.customer === customer,
    );
    return listPage(items, params, '/v1/payment_intents', 'payment_intent', errors);
  });
  const intentSearch = new Set(['amount', 'created', 'currency', 'customer', 'metadata', 'status']);
  on('GET', '/v1/payment_intents/search', (params) =>
    searchPage(
      state.paymentIntents.values(),
      params,
      '/v1/payment_intents/search',
      intentSearch,
      invalid,
    ),
  );

  // ---------------------------------------------------------------- charges

  on('GET', '/v1/charges/:id', (_, __, id) => chargeOr404(id));
  on('GET', '/v1/charges', (params) => {
    const customer = text(params.customer);
    const intent = text(params.payment_intent);
    const items = [...state.charges.values()].filter(
      (charge) =>
        (!customer || charge.customer === customer) &&
        (!intent || charge.payment_intent === intent),
    );
    return listPage(items, params, '/v1/charges', 'charge', errors);
  });
  on('POST', '/v1/charges/:id/capture', (params, context, id) => {
    const charge = chargeOr404(id);
    if (charge.captured || charge.status !== 'succeeded') {
      throw invalid(`Charge ${id} has already been captured.`, { code: 'charge_already_captured' });
    }
    return captureIntent(intentOr404(String(charge.payment_intent)), params, context, 'amount');
  });

  // ---------------------------------------------------------------- refunds

  function refundableCharge(params: Params): Charge {
    const intentId = text(params.payment_intent);
    const chargeId = text(params.charge);
    if (!intentId && !chargeId) {
      throw invalid(
        'One of the following params should be provided for this request: payment_intent or charge.',
        { code: 'parameter_missing' },
      );
    }
    const intent = intentId ? intentOr404(intentId) : undefined;
    if (intent && intent.status !== 'succeeded') {
      throw invalid(
        `This PaymentIntent (${intentId}) does not have a successful charge to refund.`,
        { code: 'charge_not_refundable', param: 'payment_intent' },
      );
    }
    const charge = intent
      ? state.charges.get(String(intent.latest_charge))
      : chargeOr404(chargeId as string);
    if (charge?.status !== 'succeeded' || !charge.captured) {
      throw invalid('This charge cannot be refunded: it has not succeeded or was not captured.', {
        code: 'charge_not_refundable',
      });
    }
    if (charge.amount - charge.amount_refunded <= 0) {
      throw invalid(`Charge ${charge.id} has already been refunded.`, {
        code: 'charge_already_refunded',
      });
    }
    return charge;
  }

  on('POST', '/v1/refunds', (params, context) => {
    const charge = refundableCharge(params);
    const remaining = charge.amount - charge.amount_refunded;
    const amount = integer(params, 'amount', false) ?? remaining;
    if (amount > remaining) {
      throw invalid(
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`,
        { code: 'amount_too_large', param: 'amount' },
      );
    }
    const refund: Refund = {
      ...nulls('balance_transaction receipt_number'),
      id: api.nextId('re'),
      object: 'refund',
      amount,
      charge: charge.id,
      created: seconds(),
      currency: charge.currency,
      metadata: mergeMetadata({}, params.metadata),
      payment_intent: charge.payment_intent,
      reason: (text(params.reason) as Refund['reason']) ?? null,
      status: 'succeeded',
    };
    state.refunds.set(refund.id, refund);
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded >= charge.amount;
    record('refund.created', refund, context);
    record('charge.refunded', charge, context);
    return refund;
  });
  on('GET', '/v1/refunds/:id', (_, __, id) => refundOr404(id));
  on('POST', '/v1/refunds/:id', (params, context, id) => {
    const refund = refundOr404(id);
    const previous = { metadata: refund.metadata };
    refund.metadata = mergeMetadata(refund.metadata ?? {}, params.metadata);
    record('refund.updated', refund, context, previous);
    return refund;
  });
  on('POST', '/v1/refunds/:id/cancel', (_, context, id) => {
    const refund = refundOr404(id);
    if (refund.status !== 'requires_action') {
      throw invalid(
        `Only a refund with a status of requires_action can be canceled; this one is ${refund.status}.`,
      );
    }
    refund.status = 'canceled';
    record('refund.updated', refund, context);
    return refund;
  });
  on('GET', '/v1/refunds', (params) => {
    const charge = text(params.charge);
    const intent = text(params.payment_intent);
    const items = [...state.refunds.values()].filter(
      (refund) =>
        (!charge || refund.charge === charge) && (!intent || refund.payment_intent === intent),
    );
    return listPage(items, params, '/v1/refunds', 'refund', errors);
  });

  // ----------------------------------------------------------------- events

  on('GET', '/v1/events/:id', (_, __, id) => found(state.events, 'event')(id));
  on('GET', '/v1/events', (params) => {
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
    return listPage(items, params, '/v1/events', 'event', errors);
  });

  // Anything else under /v1 is answered as Stripe does (a literal route always wins over this one).
  api.route('*', '/v1/*', ({ method, url }) => {
    throw stripeError(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${url.pathname}). The int Stripe fake covers payment_intents, customers, refunds, charges and events.`,
    });
  });

  return {
    ...api.controls,
    state,
    emit: (type, object) => record(type, object),
    flushWebhooks: () => delivery.flush(),
    setWebhookEndpoint: (endpoint) => delivery.setEndpoint(endpoint),
  };
}
