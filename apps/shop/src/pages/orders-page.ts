import { randomUUID } from 'node:crypto';
import { CATALOG } from '../store/catalog.js';
import type { Order, StepRecord, TimelineEntry } from '../store/order-types.js';
import { money, ms, time } from './format.js';
import { html, type SafeHtml } from './html.js';

export const FINAL_STATUSES = new Set(['completed', 'declined', 'payment_error']);

function statusBadge(order: Order): SafeHtml {
  return html`<span class="badge ${order.status}" data-testid="order-status">${order.status}</span>`;
}

function orderForm(error: string | undefined): SafeHtml {
  const products = CATALOG.map(
    (product, index) => html`<div class="row nowrap">
      <label class="grow">${product.name} <span class="muted">${money(product.unitAmount)}</span></label>
      <input class="qty" type="number" min="0" max="20" name="qty_${product.sku}" value="${index === 0 ? '1' : '0'}" data-testid="qty-${product.sku}">
    </div>`,
  );
  return html`<form method="post" action="/orders" class="panel" id="new" data-testid="order-form">
  <input type="hidden" name="nonce" value="${randomUUID()}" data-testid="order-nonce">
  <h2 class="first">New order</h2>
  ${error ? html`<div class="flash" data-testid="form-error">${error}</div>` : ''}
  <div class="grid2">
    <div>
      <label>Email</label><input name="email" type="email" required value="ada@example.com" data-testid="field-email">
      <label>Name</label><input name="name" required value="Ada Lovelace" data-testid="field-name">
      <label>Phone</label><input name="phone" required value="4155550100" data-testid="field-phone">
      <label>Street</label><input name="street" required value="1 Market St" data-testid="field-street">
      <div class="grid2">
        <div><label>City</label><input name="city" required value="San Francisco" data-testid="field-city"></div>
        <div><label>State</label><input name="state" value="CA" data-testid="field-state"></div>
        <div><label>Postal code</label><input name="postalCode" required value="94105" data-testid="field-postal"></div>
        <div><label>Country</label><input name="country" value="US" data-testid="field-country"></div>
      </div>
    </div>
    <div>
      ${products}
      <label>Card (Stripe test card)</label>
      <select name="paymentMethod" data-testid="field-card">
        <option value="pm_card_visa">Visa 4242 (succeeds)</option>
        <option value="pm_card_chargeDeclined">Visa 0002 (declined)</option>
        <option value="pm_card_chargeDeclinedInsufficientFunds">Visa 9995 (insufficient funds)</option>
      </select>
      <p><button data-testid="place-order">Place order</button></p>
    </div>
  </div>
</form>`;
}

export function ordersPage(orders: Order[], error?: string): SafeHtml {
  const rows = orders.map(
    (order) => html`<tr data-testid="order-row" data-order-id="${order.id}">
      <td><a href="/orders/${order.id}">${order.id}</a></td><td>${time(order.createdAt)}</td><td>${order.email}</td>
      <td>${money(order.amount, order.currency)}</td><td>${statusBadge(order)}</td>
      <td>${order.trackingNumber ?? '-'}</td><td class="muted">${order.statusDetail ?? ''}</td>
    </tr>`,
  );
  return html`<h1>Orders</h1>
${orderForm(error)}
<h2>All orders</h2>
<table data-testid="orders-table"><thead><tr><th>order</th><th>created</th><th>email</th><th>amount</th><th>status</th><th>tracking</th><th>detail</th></tr></thead>
<tbody>${rows.length > 0 ? rows : html`<tr><td colspan="7" class="muted">No orders yet.</td></tr>`}</tbody></table>`;
}

function flag(testId: string, label: string, at: number | undefined): SafeHtml {
  return html`<span class="badge ${at ? 'ok' : 'unknown'}" data-testid="${testId}" data-done="${at ? 'yes' : 'no'}">${label}${at ? ' ✓' : ''}</span>`;
}

export function orderDetailPage(
  order: Order,
  timeline: TimelineEntry[],
  steps: StepRecord[],
): SafeHtml {
  const items = order.items.map(
    (item) =>
      html`<tr><td>${item.name}</td><td>${item.quantity}</td><td>${money(item.unitAmount * item.quantity)}</td></tr>`,
  );
  const events = timeline.map(
    (entry) => html`<tr data-testid="timeline-entry" data-kind="${entry.kind}">
      <td>${time(entry.at)}</td><td><span class="badge ${entry.ok ? 'ok' : 'error'}">${entry.kind}</span></td>
      <td>${entry.title}</td><td>${ms(entry.durationMs)}</td><td class="${entry.ok ? 'muted' : 'err'}">${entry.detail ?? ''}</td>
    </tr>`,
  );
  const journal = steps.map(
    (step) =>
      html`<tr data-testid="step-row" data-step="${step.step}" data-state="${step.state}"><td><code>${step.step}</code></td><td><span class="badge ${step.state === 'done' ? 'done' : step.state === 'failed' ? 'error' : 'pending'}">${step.state}</span></td><td>${step.attempts}</td><td>${time(step.finishedAt)}</td><td class="err">${step.state === 'done' ? '' : `${step.outcomeUnknown ? 'outcome unknown: ' : ''}${step.error ?? ''}`}</td></tr>`,
  );
  return html`<div class="row spread">
  <h1>Order <span data-testid="order-id">${order.id}</span></h1>
  <div class="row">${statusBadge(order)} ${flag('flag-paid', 'paid', order.paidAt)} ${flag('flag-shipped', 'shipped', order.shippedAt)} ${flag('flag-synced', 'synced', order.syncedAt)}</div>
</div>
${order.statusDetail ? html`<p class="muted" data-testid="order-detail">${order.statusDetail}</p>` : ''}
<div class="grid2">
  <div class="panel"><h2 class="first">Order</h2>
    <table><tbody>${items}<tr><th>Total</th><td></td><th>${money(order.amount, order.currency)}</th></tr></tbody></table>
    <p>${order.email}<br>${order.address.name}, ${order.address.street}, ${order.address.city} ${order.address.state} ${order.address.postalCode}, ${order.address.country}</p>
  </div>
  <div class="panel"><h2 class="first">Providers</h2>
    <dl>
      <dt>Stripe</dt><dd>customer <code>${order.customerId ?? '-'}</code>, payment <code data-testid="payment-intent">${order.paymentIntentId ?? '-'}</code></dd>
      <dt>FedEx</dt><dd>${order.serviceType ?? '-'} (${money(order.shippingAmount)}), tracking <code data-testid="tracking-number">${order.trackingNumber ?? '-'}</code>${order.trackingNumber ? html` · <a href="/orders/${order.id}/label">label</a>` : ''}</dd>
      <dt>HubSpot</dt><dd>contact <code>${order.contactId ?? '-'}</code>, deal <code data-testid="deal-id">${order.dealId ?? '-'}</code></dd>
    </dl>
  </div>
</div>
<h2>Timeline: calls, webhooks and jobs</h2>
<table data-testid="timeline"><thead><tr><th>time</th><th>kind</th><th>what</th><th>duration</th><th>detail</th></tr></thead><tbody>${events}</tbody></table>
<h2>Step journal</h2>
<table><thead><tr><th>step</th><th>state</th><th>attempts</th><th>finished</th><th>last failure</th></tr></thead><tbody>${journal.length > 0 ? journal : html`<tr><td colspan="5" class="muted">No provider side effects journalled yet.</td></tr>`}</tbody></table>`;
}
