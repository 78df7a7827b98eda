import { randomUUID } from 'node:crypto';
import type { RateChoice } from '../flow/rate-shopping.js';
import { RATES_STEP } from '../flow/ship-order.js';
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
      <label class="grow">${product.name} <span class="muted">${money(product.unitAmount)} · ${money(product.unitAmountBrl, 'brl')} with Pix</span></label>
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
      <label>Payment: a card (Stripe test card, USD) or Pix (MercadoPago, BRL)</label>
      <select name="paymentMethod" data-testid="field-card">
        <option value="pm_card_visa">Visa 4242 (succeeds)</option>
        <option value="pm_card_chargeDeclined">Visa 0002 (declined)</option>
        <option value="pm_card_chargeDeclinedInsufficientFunds">Visa 9995 (insufficient funds)</option>
        <option value="pix">Pix (pay with the QR code)</option>
      </select>
      <label>Delivery</label>
      <select name="deliveryOption" data-testid="field-delivery">
        <option value="standard">Standard (up to 5 business days)</option>
        <option value="express">Express (2 business days)</option>
        <option value="overnight">Overnight</option>
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

/** The Pix panel: QR code, copy-and-paste code and, in the sandbox, the payer's button. */
function pixPanel(order: Order, sandboxPix: boolean): SafeHtml {
  if (order.paymentMethod !== 'pix') return html``;
  const pending = order.status === 'pending_payment' && order.pixPaymentId !== undefined;
  return html`<div class="panel" data-testid="pix-panel"><h2 class="first">Pix</h2>
  ${
    order.pixQrCodeBase64 && pending
      ? html`<p><img src="/orders/${order.id}/pix-qr.png" alt="Pix QR code" width="180" height="180" data-testid="pix-qr"></p>`
      : ''
  }
  ${order.pixQrCode ? html`<p>Pix copy-and-paste code:<br><code data-testid="pix-code">${order.pixQrCode}</code></p>` : ''}
  <p>MercadoPago payment <code data-testid="pix-payment-id">${order.pixPaymentId ?? '-'}</code>: ${order.paidAt ? 'paid' : 'waiting for the payer'}</p>
  ${
    pending && sandboxPix
      ? html`<form method="post" action="/orders/${order.id}/pay-pix"><button data-testid="pay-pix">Pay this Pix (sandbox)</button></form>`
      : ''
  }
</div>`;
}

/** Every carrier's quote for the order's delivery option, the chosen one marked; carriers that could not quote. */
function quotesPanel(steps: StepRecord[]): SafeHtml {
  const rates = steps.find((step) => step.step === RATES_STEP && step.state === 'done')?.result as
    | RateChoice
    | undefined;
  if (!rates?.quotes) return html``;
  const rows = rates.quotes.map((quote) => {
    const chosen = quote.carrier === rates.carrier && quote.serviceType === rates.serviceType;
    return html`<tr data-testid="shipping-quote" data-carrier="${quote.carrier}" data-service="${quote.serviceType}" data-chosen="${chosen ? 'yes' : 'no'}">
      <td>${quote.carrier}</td><td>${quote.serviceName ?? quote.serviceType}</td><td>${money(quote.amount, quote.currency.toLowerCase())}</td><td>${chosen ? html`<span class="badge ok">chosen</span>` : html`<span class="muted">lost</span>`}</td></tr>`;
  });
  const failures = rates.failures.map(
    (failure) =>
      html`<tr data-testid="shipping-quote-failure" data-carrier="${failure.carrier}"><td>${failure.carrier}</td><td colspan="3" class="err">no quote: ${failure.error}</td></tr>`,
  );
  return html`<h2>Shipping quotes</h2>
<table data-testid="shipping-quotes"><thead><tr><th>carrier</th><th>service</th><th>price</th><th></th></tr></thead><tbody>${rows}${failures}</tbody></table>`;
}

export function orderDetailPage(
  order: Order,
  timeline: TimelineEntry[],
  steps: StepRecord[],
  options: { sandboxPix?: boolean | undefined } = {},
): SafeHtml {
  const items = order.items.map(
    (item) =>
      html`<tr><td>${item.name}</td><td>${item.quantity}</td><td>${money(item.unitAmount * item.quantity, order.currency)}</td></tr>`,
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
      ${
        order.paymentMethod === 'pix'
          ? html`<dt>MercadoPago</dt><dd>Pix payment <code>${order.pixPaymentId ?? '-'}</code></dd>`
          : html`<dt>Stripe</dt><dd>customer <code>${order.customerId ?? '-'}</code>, payment <code data-testid="payment-intent">${order.paymentIntentId ?? '-'}</code></dd>`
      }
      <dt>Shipping (${order.deliveryOption})</dt><dd><span data-testid="carrier">${order.carrier ?? '-'}</span> ${order.serviceType ?? '-'} (${money(order.shippingAmount)}), tracking <code data-testid="tracking-number">${order.trackingNumber ?? '-'}</code>${order.trackingNumber ? html` · <a href="/orders/${order.id}/label">label</a>` : ''}</dd>
      <dt>HubSpot</dt><dd>contact <code>${order.contactId ?? '-'}</code>, deal <code data-testid="deal-id">${order.dealId ?? '-'}</code></dd>
    </dl>
  </div>
</div>
${pixPanel(order, options.sandboxPix === true)}
${quotesPanel(steps)}
<h2>Timeline: calls, webhooks and jobs</h2>
<table data-testid="timeline"><thead><tr><th>time</th><th>kind</th><th>what</th><th>duration</th><th>detail</th></tr></thead><tbody>${events}</tbody></table>
<h2>Step journal</h2>
<table><thead><tr><th>step</th><th>state</th><th>attempts</th><th>finished</th><th>last failure</th></tr></thead><tbody>${journal.length > 0 ? journal : html`<tr><td colspan="5" class="muted">No provider side effects journalled yet.</td></tr>`}</tbody></table>`;
}
