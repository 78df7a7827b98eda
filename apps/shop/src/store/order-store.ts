import { type Migration, migrate, openDatabase, type SqliteDatabase } from '@int/sqlite';
import type {
  CarrierName,
  DeliveryOption,
  Order,
  OrderItem,
  OrderStatus,
  ShippingAddress,
  StepRecord,
  TimelineEntry,
  TimelineKind,
} from './order-types.js';

interface OrderRow {
  id: string;
  email: string;
  items: string;
  address: string;
  amount: number;
  currency: string;
  status: OrderStatus;
  status_detail: string | null;
  payment_method: string;
  delivery_option: DeliveryOption;
  pix_payment_id: string | null;
  pix_qr_code: string | null;
  pix_qr_code_base64: string | null;
  carrier: CarrierName | null;
  customer_id: string | null;
  payment_intent_id: string | null;
  tracking_number: string | null;
  service_type: string | null;
  shipping_amount: number | null;
  contact_id: string | null;
  deal_id: string | null;
  created_at: number;
  updated_at: number;
  paid_at: number | null;
  shipped_at: number | null;
  synced_at: number | null;
}

interface EventRow {
  seq: number;
  order_id: string;
  at: number;
  kind: TimelineKind;
  title: string;
  detail: string | null;
  ok: number;
  duration_ms: number | null;
}

interface StepRow {
  order_id: string;
  step: string;
  state: 'started' | 'done' | 'failed';
  result: string | null;
  outcome_unknown: number;
  error: string | null;
  attempts: number;
  started_at: number;
  finished_at: number | null;
}

const migrations: Migration[] = [
  (db) => {
    db.exec(`
      CREATE TABLE shop_orders (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL,
        items TEXT NOT NULL,
        address TEXT NOT NULL,
        amount INTEGER NOT NULL,
        currency TEXT NOT NULL,
        status TEXT NOT NULL,
        status_detail TEXT,
        payment_method TEXT NOT NULL,
        customer_id TEXT,
        payment_intent_id TEXT,
        tracking_number TEXT,
        service_type TEXT,
        shipping_amount INTEGER,
        contact_id TEXT,
        deal_id TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        paid_at INTEGER,
        shipped_at INTEGER,
        synced_at INTEGER
      );
      CREATE INDEX shop_orders_created ON shop_orders (created_at);
      CREATE TABLE shop_order_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        order_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        detail TEXT,
        ok INTEGER NOT NULL,
        duration_ms INTEGER
      );
      CREATE INDEX shop_order_events_order ON shop_order_events (order_id, seq);
      CREATE TABLE shop_order_steps (
        order_id TEXT NOT NULL,
        step TEXT NOT NULL,
        state TEXT NOT NULL,
        result TEXT,
        attempts INTEGER NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        PRIMARY KEY (order_id, step)
      );
    `);
  },
  // v2: failures are journalled too, with whether the provider may have acted anyway.
  (db) => {
    db.exec(`
      ALTER TABLE shop_order_steps ADD COLUMN outcome_unknown INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE shop_order_steps ADD COLUMN error TEXT;
    `);
  },
  // v3: a client's idempotency key (the form's nonce, the API's Idempotency-Key) makes a repeat find its order.
  (db) => {
    db.exec(`
      ALTER TABLE shop_orders ADD COLUMN idempotency_key TEXT;
      CREATE UNIQUE INDEX shop_orders_idempotency_key ON shop_orders (idempotency_key);
    `);
  },
  // v4: Pix payments (MercadoPago) and rate shopping between two carriers.
  (db) => {
    db.exec(`
      ALTER TABLE shop_orders ADD COLUMN delivery_option TEXT NOT NULL DEFAULT 'standard';
      ALTER TABLE shop_orders ADD COLUMN pix_payment_id TEXT;
      ALTER TABLE shop_orders ADD COLUMN pix_qr_code TEXT;
      ALTER TABLE shop_orders ADD COLUMN pix_qr_code_base64 TEXT;
      ALTER TABLE shop_orders ADD COLUMN carrier TEXT;
    `);
  },
];

const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);
const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    email: row.email,
    items: JSON.parse(row.items) as OrderItem[],
    address: JSON.parse(row.address) as ShippingAddress,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
    statusDetail: orUndefined(row.status_detail),
    paymentMethod: row.payment_method,
    deliveryOption: row.delivery_option,
    pixPaymentId: orUndefined(row.pix_payment_id),
    pixQrCode: orUndefined(row.pix_qr_code),
    pixQrCodeBase64: orUndefined(row.pix_qr_code_base64),
    carrier: orUndefined(row.carrier),
    customerId: orUndefined(row.customer_id),
    paymentIntentId: orUndefined(row.payment_intent_id),
    trackingNumber: orUndefined(row.tracking_number),
    serviceType: orUndefined(row.service_type),
    shippingAmount: orUndefined(row.shipping_amount),
    contactId: orUndefined(row.contact_id),
    dealId: orUndefined(row.deal_id),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    paidAt: orUndefined(row.paid_at),
    shippedAt: orUndefined(row.shipped_at),
    syncedAt: orUndefined(row.synced_at),
  };
}

/** Fields a flow step may change on an order. */
export type OrderPatch = Partial<
  Pick<
    Order,
    | 'status'
    | 'statusDetail'
    | 'customerId'
    | 'paymentIntentId'
    | 'pixPaymentId'
    | 'pixQrCode'
    | 'pixQrCodeBase64'
    | 'carrier'
    | 'trackingNumber'
    | 'serviceType'
    | 'shippingAmount'
    | 'contactId'
    | 'dealId'
    | 'paidAt'
    | 'shippedAt'
    | 'syncedAt'
  >
>;

const COLUMNS: Record<keyof OrderPatch, string> = {
  status: 'status',
  statusDetail: 'status_detail',
  customerId: 'customer_id',
  paymentIntentId: 'payment_intent_id',
  pixPaymentId: 'pix_payment_id',
  pixQrCode: 'pix_qr_code',
  pixQrCodeBase64: 'pix_qr_code_base64',
  carrier: 'carrier',
  trackingNumber: 'tracking_number',
  serviceType: 'service_type',
  shippingAmount: 'shipping_amount',
  contactId: 'contact_id',
  dealId: 'deal_id',
  paidAt: 'paid_at',
  shippedAt: 'shipped_at',
  syncedAt: 'synced_at',
};

// A later status never goes back to an earlier one (a late webhook must not undo "shipped").
const RANK: Record<OrderStatus, number> = {
  pending_payment: 0,
  declined: 1,
  payment_error: 1,
  confirmed: 2,
  paid: 3,
  shipped: 4,
  completed: 5,
};

export interface NewOrder {
  id: string;
  email: string;
  items: OrderItem[];
  address: ShippingAddress;
  amount: number;
  currency: string;
  paymentMethod: string;
  deliveryOption: DeliveryOption;
  /** The client's key for this checkout; a second create with it returns the first order. */
  idempotencyKey?: string | undefined;
}

/**
 * The shop's own tables (orders, their timeline and the step journal) in the
 * same SQLite file as the @int/sqlite queue, inbox and tokens. They stay in
 * SQLite with Redis too: they are the shop's records, not shared plumbing.
 */
export class OrderStore {
  readonly db: SqliteDatabase;

  constructor(file: string) {
    this.db = openDatabase({ file });
    migrate(this.db, 'shop', migrations);
  }

  /**
   * Inserts the order unless one with the same idempotency key exists (ON
   * CONFLICT DO NOTHING, so two requests racing with one key make one order);
   * `created` is false for such a repeat, which gets the existing order.
   */
  create(order: NewOrder, now: number): { order: Order; created: boolean } {
    const inserted = this.db
      .prepare(
        `INSERT INTO shop_orders (id, email, items, address, amount, currency, status, payment_method, delivery_option, idempotency_key, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'pending_payment', ?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      )
      .run(
        order.id,
        order.email,
        JSON.stringify(order.items),
        JSON.stringify(order.address),
        order.amount,
        order.currency,
        order.paymentMethod,
        order.deliveryOption,
        orNull(order.idempotencyKey),
        now,
        now,
      );
    if (inserted.changes === 1) return { order: this.get(order.id)!, created: true };
    const existing = order.idempotencyKey ? this.byIdempotencyKey(order.idempotencyKey) : undefined;
    if (!existing) throw new Error(`Order ${order.id} already exists.`);
    return { order: existing, created: false };
  }

  byIdempotencyKey(key: string): Order | undefined {
    const row = this.db.prepare('SELECT * FROM shop_orders WHERE idempotency_key = ?').get(key) as
      | OrderRow
      | undefined;
    return row ? toOrder(row) : undefined;
  }

  get(id: string): Order | undefined {
    const row = this.db.prepare('SELECT * FROM shop_orders WHERE id = ?').get(id) as
      | OrderRow
      | undefined;
    return row ? toOrder(row) : undefined;
  }

  list(limit = 100): Order[] {
    const rows = this.db
      .prepare('SELECT * FROM shop_orders ORDER BY created_at DESC, rowid DESC LIMIT ?')
      .all(limit) as OrderRow[];
    return rows.map(toOrder);
  }

  /** Applies `patch`; a status lower than the current one is ignored (the other fields still apply). */
  update(id: string, patch: OrderPatch, now: number): Order | undefined {
    return this.db.transaction(() => {
      const current = this.get(id);
      if (!current) return undefined;
      const next: OrderPatch = { ...patch };
      if (next.status !== undefined && RANK[next.status] < RANK[current.status]) {
        delete next.status;
        delete next.statusDetail;
      }
      const entries = Object.entries(next) as Array<[keyof OrderPatch, unknown]>;
      if (entries.length === 0) return current;
      const sets = entries.map(([key]) => `${COLUMNS[key]} = ?`).join(', ');
      this.db
        .prepare(`UPDATE shop_orders SET ${sets}, updated_at = ? WHERE id = ?`)
        .run(...entries.map(([, value]) => orNull(value) as string | number | null), now, id);
      return this.get(id);
    })();
  }

  addEvent(entry: Omit<TimelineEntry, 'seq'>): void {
    this.db
      .prepare(
        'INSERT INTO shop_order_events (order_id, at, kind, title, detail, ok, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        entry.orderId,
        entry.at,
        entry.kind,
        entry.title,
        orNull(entry.detail),
        entry.ok ? 1 : 0,
        orNull(entry.durationMs === undefined ? undefined : Math.round(entry.durationMs)),
      );
  }

  timeline(orderId: string): TimelineEntry[] {
    const rows = this.db
      .prepare('SELECT * FROM shop_order_events WHERE order_id = ? ORDER BY seq')
      .all(orderId) as EventRow[];
    return rows.map((row) => ({
      seq: row.seq,
      orderId: row.order_id,
      at: row.at,
      kind: row.kind,
      title: row.title,
      detail: orUndefined(row.detail),
      ok: row.ok === 1,
      durationMs: orUndefined(row.duration_ms),
    }));
  }

  step(orderId: string, step: string): StepRecord | undefined {
    const row = this.db
      .prepare('SELECT * FROM shop_order_steps WHERE order_id = ? AND step = ?')
      .get(orderId, step) as StepRow | undefined;
    if (!row) return undefined;
    return {
      orderId: row.order_id,
      step: row.step,
      state: row.state,
      result: row.result === null ? undefined : (JSON.parse(row.result) as unknown),
      outcomeUnknown: row.outcome_unknown === 1,
      error: orUndefined(row.error),
      attempts: row.attempts,
      startedAt: row.started_at,
      finishedAt: orUndefined(row.finished_at),
    };
  }

  /**
   * Marks a step started (committed before the provider call), counting
   * attempts. An unknown outcome from before stays flagged until the step is done.
   */
  startStep(orderId: string, step: string, now: number): StepRecord {
    this.db
      .prepare(
        `INSERT INTO shop_order_steps (order_id, step, state, attempts, started_at) VALUES (?, ?, 'started', 1, ?)
         ON CONFLICT (order_id, step) DO UPDATE SET state = 'started', attempts = attempts + 1,
           started_at = excluded.started_at
         WHERE state IN ('started', 'failed')`,
      )
      .run(orderId, step, now);
    return this.step(orderId, step)!;
  }

  /** Records a failed attempt and whether the provider may have acted anyway. */
  failStep(
    orderId: string,
    step: string,
    failure: { error: string; outcomeUnknown: boolean },
    now: number,
  ): void {
    this.db
      .prepare(
        `UPDATE shop_order_steps SET state = 'failed', error = ?, outcome_unknown = ?, finished_at = ?
         WHERE order_id = ? AND step = ? AND state = 'started'`,
      )
      .run(failure.error, failure.outcomeUnknown ? 1 : 0, now, orderId, step);
  }

  finishStep(orderId: string, step: string, result: unknown, now: number): void {
    this.db
      .prepare(
        `UPDATE shop_order_steps SET state = 'done', result = ?, finished_at = ?, outcome_unknown = 0
         WHERE order_id = ? AND step = ?`,
      )
      .run(JSON.stringify(result ?? null), now, orderId, step);
  }

  close(): void {
    this.db.close();
  }
}
