import { isRecord, ValidationError } from '@int/core';
import {
  createFakeApi,
  type FakeControls,
  type FakeErrorInfo,
  fakeLookup,
} from '@int/core/testing';
import { documentIssue } from '../identification.js';
import type {
  Card,
  Customer,
  Identification,
  MercadoPagoNotification,
  Payment,
  PaymentStatus,
  Preference,
  Refund,
} from '../mercadopago-types.js';
import {
  createNotificationDelivery,
  type NotificationDelivery,
  type NotificationEndpoint,
} from './notification-delivery.js';
import { FAKE_PAYMENT_METHODS, outcomeOf, type TestCardHolder } from './test-cards.js';

export interface MercadoPagoFakeOptions {
  /** Where the fake answers. Default `https://api.mercadopago.com`. */
  baseURL?: string | undefined;
  /** The only Access Token accepted. Default: any `TEST-...` or `APP_USR-...` token. */
  accessToken?: string | undefined;
  /** The fake's time (dates, notification `ts`): the client's `clock` in a test. Default: the system clock. */
  clock?: { now(): number } | undefined;
  /** Signed delivery of every notification to your app. Default: none (see `setWebhookEndpoint`). */
  webhookEndpoint?: NotificationEndpoint | undefined;
  /**
   * Refuse a payment or refund without `X-Idempotency-Key` (400), as MercadoPago does for
   * new integrations. Default true.
   */
  requireIdempotencyKey?: boolean | undefined;
}

/** Everything the fake holds; read it in assertions. */
export interface MercadoPagoFakeState {
  payments: Map<number, Payment>;
  refunds: Map<number, Refund>;
  customers: Map<string, Customer>;
  preferences: Map<string, Preference>;
  /** In the order they were sent (or would have been, without an endpoint). */
  notifications: MercadoPagoNotification[];
  deliveries: NotificationDelivery[];
}

/** The fake: core's `FakeControls` plus MercadoPago's state and sandbox helpers. */
export interface MercadoPagoFake extends FakeControls {
  state: MercadoPagoFakeState;
  /**
   * A single-use card token, as the frontend would tokenize a test card; the
   * cardholder name decides the payment (`APRO` approved, `OTHE`, `FUND`... rejected,
   * `CONT` in process). Default `APRO`.
   */
  cardToken(holder?: TestCardHolder | (string & {})): string;
  /** The payer pays a pending Pix payment: it becomes `approved` / `accredited`. */
  payPix(paymentId: number): Payment;
  /** Where notifications go from now on (`undefined` stops them); `reset()` keeps it. */
  setWebhookEndpoint(endpoint: NotificationEndpoint | undefined): void;
  /** Resolves when every delivery started so far has finished. */
  flushWebhooks(): Promise<void>;
}

type Body = Record<string, unknown>;
interface CardToken {
  holder: string;
  used: boolean;
}

const ERROR_WORDS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  429: 'too_many_requests',
  500: 'internal_error',
};
// Codes of core's fake toolkit, which MercadoPago has no cause for.
const TOOLKIT_CODES = new Set(
  'missing_credentials invalid_credentials token_expired invalid_path invalid_body idempotency_mismatch idempotency_in_progress not_found fault'.split(
    ' ',
  ),
);
const CANCELLABLE = new Set<PaymentStatus>(['pending', 'in_process', 'authorized']);
const SORTS = new Set([
  'date_approved',
  'date_created',
  'date_last_updated',
  'id',
  'money_release_date',
]);
const NOT_FILTERS = new Set([
  'sort',
  'criteria',
  'limit',
  'offset',
  'range',
  'begin_date',
  'end_date',
]);
const UPDATABLE = ['metadata', 'external_reference', 'description', 'date_of_expiration'];
// A 1x1 PNG: the fake's QR code image.
const QR_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** MercadoPago's error body: `{ message, error, status, cause: [{ code, description }] }`. */
function envelope({ status, message, code, extra }: FakeErrorInfo) {
  const cause = extra.cause ?? (TOOLKIT_CODES.has(code) ? [] : [{ code, description: message }]);
  return {
    message,
    error: ERROR_WORDS[status] ?? (status >= 500 ? 'internal_error' : 'bad_request'),
    status,
    cause,
  };
}

const cents = (amount: number) => Math.round(amount * 100);

/** A stateful fake of MercadoPago's API for the covered resources, on core's fake toolkit. */
export function createMercadoPagoFake(options: MercadoPagoFakeOptions = {}): MercadoPagoFake {
  const delivery = createNotificationDelivery(options.webhookEndpoint, () => api.now());
  const state: MercadoPagoFakeState = {
    payments: new Map(),
    refunds: new Map(),
    customers: new Map(),
    preferences: new Map(),
    notifications: [],
    deliveries: delivery.attempts,
  };
  const tokens = new Map<string, CardToken>();
  const collectorId = 123456789;
  const api = createFakeApi({
    name: 'mercadopago',
    baseURL: options.baseURL ?? 'https://api.mercadopago.com',
    clock: options.clock,
    requestIdPrefix: 'mp-req-',
    errorEnvelope: envelope,
    auth: {
      bearer: (token) =>
        (options.accessToken ? token === options.accessToken : /^(TEST|APP_USR)-/.test(token)) ||
        api.error(401, 'invalid access token', 'unauthorized', { cause: [] }),
    },
    idempotency: { header: 'x-idempotency-key', methods: ['POST', 'PUT'] },
    onReset() {
      for (const map of [state.payments, state.refunds, state.customers, state.preferences, tokens])
        map.clear();
      state.notifications.length = 0;
      state.deliveries.length = 0;
    },
  });
  const now = () => new Date(api.now()).toISOString();
  const requireKey = options.requireIdempotencyKey ?? true;

  /** A 4xx with one cause, as MercadoPago answers invalid input. */
  const refuse = (status: number, code: number | string, description: string) =>
    api.error(status, description, String(code), { cause: [{ code, description }] });
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const positive = (value: unknown, field: string): number => {
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
    throw refuse(400, 2072, `Invalid ${field}`);
  };

  function notify(action: 'payment.created' | 'payment.updated', payment: Payment): void {
    const notification: MercadoPagoNotification = {
      id: 20_000_000_000 + api.nextNumber('notification'),
      live_mode: false,
      type: 'payment',
      date_created: now(),
      user_id: collectorId,
      api_version: 'v1',
      action,
      data: { id: String(payment.id) },
    };
    state.notifications.push(notification);
    delivery.deliver(notification);
  }

  /** One JSON route: a body that is not a JSON object is a 400, the answer a 200 (201 for creates). */
  function on(
    method: string,
    pattern: string,
    handler: (body: Body, params: Record<string, string>, url: URL) => unknown,
    status = 200,
  ): void {
    api.route(method, pattern, ({ body, params, url, request }) => {
      if ((method === 'POST' || method === 'PUT') && !isRecord(body)) {
        throw refuse(400, 1, 'The body must be a JSON object.');
      }
      const keyed = pattern === '/v1/payments' || pattern.endsWith('/refunds');
      if (requireKey && method === 'POST' && keyed && !request.headers.get('x-idempotency-key')) {
        throw refuse(400, 'idempotency_key_required', 'Header X-Idempotency-Key is required.');
      }
      return api.json(structuredClone(handler(isRecord(body) ? body : {}, params, url)), status);
    });
  }

  const paymentOr404 = (id: string): Payment => {
    const payment = state.payments.get(Number(id));
    if (!payment) throw refuse(404, 2000, 'Payment not found');
    return payment;
  };
  const customerOr404 = fakeLookup(state.customers, () => refuse(404, 2002, 'Customer not found'));
  /** Takes a card token (single use) or refuses it as MercadoPago does. */
  function useToken(value: unknown): CardToken {
    const token = typeof value === 'string' ? tokens.get(value) : undefined;
    if (!token) throw refuse(400, 2006, 'Card Token not found');
    if (token.used) throw refuse(400, 2062, 'Invalid card token');
    token.used = true;
    return token;
  }
  function page<T>(items: T[], query: URLSearchParams) {
    const limit = Number(query.get('limit') ?? 30);
    const offset = Number(query.get('offset') ?? 0);
    if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(offset) || offset < 0) {
      throw refuse(400, 1000, 'The number of rows exceeds the limits');
    }
    return {
      paging: { total: items.length, limit, offset },
      results: items.slice(offset, offset + limit),
    };
  }

  // ---------------------------------------------------------------- payments

  on(
    'POST',
    '/v1/payments',
    (body) => {
      const amount = positive(body.transaction_amount, 'transaction_amount');
      const method = text(body.payment_method_id);
      const payer = isRecord(body.payer) ? body.payer : undefined;
      if (!method) throw refuse(400, 4020, 'payment_method_id is required');
      if (!text(payer?.email)) throw refuse(400, 4050, 'payer.email must be a valid email');
      const identification = isRecord(payer?.identification) ? payer.identification : undefined;
      const type = identification?.type;
      if ((type === 'CPF' || type === 'CNPJ') && documentIssue(type, identification?.number)) {
        throw refuse(400, 2067, 'Invalid user identification number');
      }
      const id = 1_000_000_000 + api.nextNumber('payment');
      const pix = method === 'pix';
      const card = pix ? undefined : useToken(body.token);
      let [status, detail] = pix
        ? (['pending', 'pending_waiting_transfer'] as const)
        : outcomeOf(card!.holder);
      if (status === 'in_process' && body.binary_mode === true)
        [status, detail] = ['rejected', 'cc_rejected_other_reason'];
      if (status === 'approved' && body.capture === false)
        [status, detail] = ['authorized', 'pending_capture'];
      const payment: Payment = {
        id,
        status,
        status_detail: detail,
        date_created: now(),
        date_approved: status === 'approved' ? now() : null,
        date_last_updated: now(),
        date_of_expiration: text(body.date_of_expiration) ?? null,
        payment_method_id: method,
        payment_type_id: pix ? 'bank_transfer' : 'credit_card',
        currency_id: 'BRL',
        description: text(body.description) ?? null,
        external_reference: text(body.external_reference) ?? null,
        transaction_amount: amount,
        transaction_amount_refunded: 0,
        installments: typeof body.installments === 'number' ? body.installments : 1,
        captured: status === 'approved',
        binary_mode: body.binary_mode === true,
        payer: {
          id: null,
          email: String(payer?.email),
          ...(identification
            ? { identification: identification as unknown as Identification }
            : {}),
        },
        metadata: isRecord(body.metadata) ? body.metadata : {},
        refunds: [],
        live_mode: false,
        collector_id: collectorId,
        ...(card
          ? {
              card: {
                first_six_digits: '503143',
                last_four_digits: '6351',
                cardholder: { name: card.holder },
              },
            }
          : {}),
        ...(pix
          ? {
              point_of_interaction: {
                type: 'PIX',
                transaction_data: {
                  qr_code: `00020126580014br.gov.bcb.pix0136fake-mercadopago-${id}5204000053039865802BR6304FAKE`,
                  qr_code_base64: QR_PNG,
                  ticket_url: `https://www.mercadopago.com.br/payments/${id}/ticket?caller_id=${collectorId}`,
                },
              },
            }
          : {}),
      };
      state.payments.set(id, payment);
      notify('payment.created', payment);
      return payment;
    },
    201,
  );
  on('GET', '/v1/payments/search', (_, __, url) => {
    const query = url.searchParams;
    const sort = query.get('sort') ?? 'date_created';
    const criteria = query.get('criteria') ?? 'desc';
    if (!SORTS.has(sort)) throw refuse(400, 1003, 'Invalid sort');
    if (criteria !== 'asc' && criteria !== 'desc') throw refuse(400, 1004, 'Invalid criteria');
    const filters = [...query].filter(([name]) => !NOT_FILTERS.has(name));
    const items = [...state.payments.values()]
      .filter((payment) => filters.every(([name, value]) => String(payment[name]) === value))
      .sort((left, right) => {
        const order =
          String(left[sort] ?? '').localeCompare(String(right[sort] ?? '')) || left.id - right.id;
        return criteria === 'asc' ? order : -order;
      });
    return page(items, query);
  });
  on('GET', '/v1/payments/:id', (_, { id }) => paymentOr404(id!));
  on('PUT', '/v1/payments/:id', (body, { id }) => {
    const payment = paymentOr404(id!);
    if (body.status === 'cancelled') {
      if (!CANCELLABLE.has(payment.status))
        throw refuse(400, 2018, 'Invalid action for the payment status');
      Object.assign(payment, { status: 'cancelled', status_detail: 'by_collector' });
    } else if (body.capture === true) {
      if (payment.status !== 'authorized')
        throw refuse(400, 2018, 'Invalid action for the payment status');
      const amount =
        body.transaction_amount === undefined
          ? payment.transaction_amount
          : positive(body.transaction_amount, 'transaction_amount');
      if (cents(amount) > cents(payment.transaction_amount))
        throw refuse(400, 2072, 'Invalid transaction_amount');
      Object.assign(payment, {
        status: 'approved',
        status_detail: 'accredited',
        captured: true,
        transaction_amount: amount,
        date_approved: now(),
      });
    } else if (body.status !== undefined || body.capture !== undefined) {
      throw refuse(400, 2078, 'Invalid capture or status value');
    }
    for (const field of UPDATABLE) if (body[field] !== undefined) payment[field] = body[field];
    payment.date_last_updated = now();
    notify('payment.updated', payment);
    return payment;
  });

  // ----------------------------------------------------------------- refunds

  on(
    'POST',
    '/v1/payments/:id/refunds',
    (body, { id }) => {
      const payment = paymentOr404(id!);
      if (payment.status !== 'approved')
        throw refuse(400, 2018, 'Invalid action for the payment status');
      const left =
        cents(payment.transaction_amount) - cents(payment.transaction_amount_refunded ?? 0);
      const amount = body.amount === undefined ? left / 100 : positive(body.amount, 'amount');
      if (cents(amount) > left)
        throw refuse(400, 4040, 'The refund amount exceeds what is left to refund');
      const refund: Refund = {
        id: 2_000_000_000 + api.nextNumber('refund'),
        payment_id: payment.id,
        amount,
        status: 'approved',
        date_created: now(),
        source: { id: String(collectorId), name: 'Fake Seller', type: 'collector' },
        unique_sequence_number: null,
        refund_mode: 'standard',
        adjustment_amount: 0,
        reason: null,
        amount_refunded_to_payer: amount,
        metadata: isRecord(body.metadata) ? body.metadata : {},
      };
      state.refunds.set(refund.id, refund);
      const refunded = cents(payment.transaction_amount_refunded ?? 0) + cents(amount);
      const full = refunded === cents(payment.transaction_amount);
      Object.assign(payment, {
        transaction_amount_refunded: refunded / 100,
        refunds: [...(payment.refunds ?? []), refund],
        // A partial refund leaves the payment approved; MercadoPago's docs do not say more.
        status: full ? 'refunded' : 'approved',
        status_detail: full ? 'refunded' : 'partially_refunded',
        date_last_updated: now(),
      });
      notify('payment.updated', payment);
      return refund;
    },
    201,
  );
  on('GET', '/v1/payments/:id/refunds', (_, { id }) =>
    [...state.refunds.values()].filter((refund) => refund.payment_id === paymentOr404(id!).id),
  );
  on('GET', '/v1/payments/:id/refunds/:refund', (_, { id, refund }) => {
    const found = state.refunds.get(Number(refund));
    if (!found || found.payment_id !== paymentOr404(id!).id)
      throw refuse(404, 404, 'Refund not found');
    return found;
  });

  // --------------------------------------------------------------- customers

  const CUSTOMER_FIELDS =
    'email first_name last_name phone identification address description metadata default_card'.split(
      ' ',
    );
  function applyCustomer(customer: Customer, body: Body): Customer {
    for (const field of CUSTOMER_FIELDS)
      if (body[field] !== undefined) customer[field] = body[field];
    const type = isRecord(customer.identification) ? customer.identification.type : undefined;
    if (
      (type === 'CPF' || type === 'CNPJ') &&
      documentIssue(type, customer.identification?.number)
    ) {
      throw refuse(400, 2067, 'Invalid user identification number');
    }
    customer.date_last_updated = now();
    return customer;
  }
  on(
    'POST',
    '/v1/customers',
    (body) => {
      const email = text(body.email);
      if (!email) throw refuse(400, 100, 'the email is required');
      if ([...state.customers.values()].some((customer) => customer.email === email)) {
        throw refuse(400, 101, 'the customer already exist');
      }
      const id = `${1_000_000 + api.nextNumber('customer')}-fake`;
      const customer = applyCustomer(
        { id, email, cards: [], addresses: [], date_created: now(), live_mode: false },
        body,
      );
      state.customers.set(id, customer);
      return customer;
    },
    201,
  );
  on('GET', '/v1/customers/search', (_, __, url) => {
    const email = url.searchParams.get('email');
    const items = [...state.customers.values()].filter(
      (customer) => !email || customer.email === email,
    );
    return page(items, url.searchParams);
  });
  on('GET', '/v1/customers/:id', (_, { id }) => customerOr404(id!));
  on('PUT', '/v1/customers/:id', (body, { id }) => applyCustomer(customerOr404(id!), body));

  const cardOr404 = (customer: Customer, cardId: string): Card => {
    const card = customer.cards?.find((item) => item.id === cardId);
    if (!card) throw refuse(404, 'not_found', 'Card not found');
    return card;
  };
  on(
    'POST',
    '/v1/customers/:id/cards',
    (body, { id }) => {
      const customer = customerOr404(id!);
      const token = useToken(body.token);
      const card: Card = {
        id: String(9_000_000_000 + api.nextNumber('card')),
        customer_id: customer.id,
        expiration_month: 11,
        expiration_year: 2030,
        first_six_digits: '503143',
        last_four_digits: '6351',
        payment_method: { id: 'master', name: 'Mastercard', payment_type_id: 'credit_card' },
        cardholder: { name: token.holder },
        date_created: now(),
        date_last_updated: now(),
      };
      customer.cards = [...(customer.cards ?? []), card];
      return card;
    },
    201,
  );
  on('GET', '/v1/customers/:id/cards', (_, { id }) => customerOr404(id!).cards ?? []);
  on('GET', '/v1/customers/:id/cards/:card', (_, { id, card }) =>
    cardOr404(customerOr404(id!), card!),
  );
  on('DELETE', '/v1/customers/:id/cards/:card', (_, { id, card }) => {
    const customer = customerOr404(id!);
    const found = cardOr404(customer, card!);
    customer.cards = customer.cards?.filter((item) => item !== found);
    return found;
  });

  // ------------------------------------------------------------- preferences

  function checkItems(items: unknown): void {
    const valid =
      Array.isArray(items) &&
      items.length > 0 &&
      items.every(
        (item) =>
          isRecord(item) &&
          text(item.title) &&
          Number.isInteger(item.quantity) &&
          typeof item.unit_price === 'number' &&
          item.unit_price > 0,
      );
    if (!valid)
      throw refuse(400, 'invalid_items', 'items needs a title, a quantity and a unit_price each');
  }
  on(
    'POST',
    '/checkout/preferences',
    (body) => {
      checkItems(body.items);
      const id = `${collectorId}-${api.nextId('pref')}`;
      const preference: Preference = {
        ...body,
        id,
        init_point: `https://www.mercadopago.com.br/checkout/v1/redirect?pref_id=${id}`,
        sandbox_init_point: `https://sandbox.mercadopago.com.br/checkout/v1/redirect?pref_id=${id}`,
        collector_id: collectorId,
        client_id: '1234567890123456',
        date_created: now(),
        site_id: 'MLB',
      };
      state.preferences.set(id, preference);
      return preference;
    },
    201,
  );
  const preferenceOr404 = fakeLookup(state.preferences, (id) =>
    refuse(404, 'not_found', `Preference ${id} not found`),
  );
  on('GET', '/checkout/preferences/:id', (_, { id }) => preferenceOr404(id!));
  on('PUT', '/checkout/preferences/:id', (body, { id }) => {
    const preference = preferenceOr404(id!);
    if (body.items !== undefined) checkItems(body.items);
    const { id: _id, init_point: _init, ...changes } = body;
    return Object.assign(preference, changes);
  });

  on('GET', '/v1/payment_methods', () => FAKE_PAYMENT_METHODS);

  return {
    ...api.controls,
    state,
    cardToken(holder = 'APRO') {
      const token = api.nextId('card_token');
      tokens.set(token, { holder, used: false });
      return token;
    },
    payPix(paymentId) {
      const payment = state.payments.get(paymentId);
      if (payment?.payment_method_id !== 'pix' || payment.status !== 'pending') {
        throw new ValidationError([{ path: ['paymentId'], message: 'is no pending Pix payment' }], {
          provider: 'mercadopago',
          operation: 'fake.payPix',
        });
      }
      Object.assign(payment, {
        status: 'approved',
        status_detail: 'accredited',
        captured: true,
        date_approved: now(),
        date_last_updated: now(),
      });
      notify('payment.updated', payment);
      return structuredClone(payment);
    },
    setWebhookEndpoint: (endpoint) => delivery.setEndpoint(endpoint),
    flushWebhooks: () => delivery.flush(),
  };
}
